#include "CloudWatchService.h"

#include "CwHandlers.h"

namespace fd::api::cloudwatch {

namespace {

std::map<std::string, OperationHandler> operations()
{
    return {
        // Metrics
        {"PutMetricData", putMetricData},
        {"GetMetricStatistics", getMetricStatistics},
        {"GetMetricData", getMetricData},
        {"ListMetrics", listMetrics},
        // Alarms
        {"PutMetricAlarm", putMetricAlarm},
        {"DescribeAlarms", describeAlarms},
        {"DescribeAlarmsForMetric", describeAlarmsForMetric},
        {"DescribeAlarmHistory", describeAlarmHistory},
        {"DeleteAlarms", deleteAlarms},
        {"SetAlarmState", setAlarmState},
        {"EnableAlarmActions", enableAlarmActions},
        {"DisableAlarmActions", disableAlarmActions},
        // Tags
        {"TagResource", tagResource},
        {"UntagResource", untagResource},
        {"ListTagsForResource", listTagsForResource},
    };
}

AwsService common()
{
    AwsService s;
    s.name = "CloudWatch";
    s.signingName = "monitoring";
    s.version = "2010-08-01";
    s.xmlNamespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    s.validationError = "InvalidParameterValue";
    s.errorStatus = {{"ResourceNotFound", 404}, {"ResourceNotFoundException", 404}};
    s.operations = operations();
    return s;
}

} // namespace

AwsService cloudWatchQueryService()
{
    AwsService s = common();
    s.protocol = Protocol::AwsQuery;
    return s;
}

AwsService cloudWatchJsonService()
{
    AwsService s = common();
    s.protocol = Protocol::AwsJson;
    s.targetPrefix = "GraniteServiceVersion20100801";
    s.jsonVersion = "1.0";
    s.awsQueryCompatible = true;
    return s;
}

} // namespace fd::api::cloudwatch
