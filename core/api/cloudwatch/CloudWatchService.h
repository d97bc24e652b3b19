#pragma once

#include "api/AwsService.h"

namespace fd::api::cloudwatch {

// CloudWatch (2010-08-01) in both of the protocols its clients use, one operation table:
// AWS Query (form-encoded Action and Version=2010-08-01 in, XML in the monitoring namespace out,
// signed for "monitoring": Debian's awscli) and awsJson1_0 (X-Amz-Target
// GraniteServiceVersion20100801.<Op>: botocore from 1.42.8 on), whose errors also carry
// x-amzn-query-error "<Code>;Sender" (the model is awsQueryCompatible).
AwsService cloudWatchQueryService();
AwsService cloudWatchJsonService();

} // namespace fd::api::cloudwatch
