// Application Auto Scaling's arithmetic for ECS services (ECS-SEMANTICS.md 1.10): target tracking's
// proportional count, step scaling's steps and rounding, the several-policies rule, cooldowns,
// min/max, scale-in suspended during a deployment, and the target tracking alarms.

#include "autoscaling/ScalingDecision.h"
#include "autoscaling/StepScaling.h"
#include "autoscaling/TargetTrackingAlarms.h"

#include <QtTest>

using namespace fd::autoscaling;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kT0 = QDateTime::fromString(QStringLiteral("2026-12-06T12:00:00Z"), Qt::ISODate);

// A target tracking policy at `target` reading `metric`.
Proposal tracking(const QString &name, double metric, double target)
{
    Proposal p;
    p.policyName = name;
    p.alarmName = name + QStringLiteral("-alarm");
    p.propose = [=](int base) { return targetTracking(base, metric, target); };
    return p;
}

// A step policy: always `change` tasks (ChangeInCapacity).
Proposal step(const QString &name, int change)
{
    Proposal p;
    p.policyName = name;
    p.alarmName = name + QStringLiteral("-alarm");
    p.propose = [=](int base) { return TargetTrackingProposal{base + change, QStringLiteral("step %1").arg(change)}; };
    return p;
}

ScalingInput input(int current, QList<Proposal> proposals, int policyCount = -1)
{
    ScalingInput in;
    in.current = current;
    in.minCapacity = 1;
    in.maxCapacity = 10;
    in.policyCount = policyCount < 0 ? int(proposals.size()) : policyCount;
    in.proposals = std::move(proposals);
    in.now = kT0;
    return in;
}

} // namespace

class TestScalingDecision : public QObject
{
    Q_OBJECT

private slots:
    void targetTrackingRoundsUpAndSaysWhy()
    {
        const TargetTrackingProposal p = targetTracking(2, 83, 50);
        QCOMPARE(p.desired, 4);
        QCOMPARE(p.explanation, QStringLiteral("target tracking: 83 % ÷ 50 % × 2 tasks = 3.3, rounded up to 4"));
        // An exact result is not rounded (and says nothing about rounding).
        QCOMPARE(targetTracking(2, 75, 50).desired, 3);
        QVERIFY(!targetTracking(2, 75, 50).explanation.contains(u"rounded"));
        // Scale in rounds up as well: 4 tasks at 20 % of a 50 % target keep 2 (1.6 -> 2).
        QCOMPARE(targetTracking(4, 20, 50).desired, 2);
    }

    void scaleOutWhenAnyPolicySaysSo()
    {
        // One policy wants fewer, another more: out wins, at the larger proposal.
        const ScalingOutcome o = decide(input(2, {tracking(u"cpu"_s, 20, 50), tracking(u"mem"_s, 90, 50)}));
        QCOMPARE(o.kind, ScalingOutcome::Kind::ScaleOut);
        QCOMPARE(o.desired, 4);
        QCOMPARE(o.policyName, QStringLiteral("mem"));
        QVERIFY(o.reason.startsWith(u"target tracking: 90 %"));
        QCOMPARE(o.memory.lastScaleOutAt, kT0);
        QCOMPARE(o.memory.capacityBeforeScaleOut, 2);
    }

    void largestScaleOutWinsWhateverThePolicyType()
    {
        // A step policy adding 3 beats target tracking's 4 (from 2); a step policy that wants fewer
        // does not keep another from scaling out.
        ScalingOutcome o = decide(input(2, {tracking(u"cpu"_s, 83, 50), step(u"steps"_s, 3)}));
        QCOMPARE(o.kind, ScalingOutcome::Kind::ScaleOut);
        QCOMPARE(o.desired, 5);
        QCOMPARE(o.policyName, QStringLiteral("steps"));
        QCOMPARE(o.alarmName, QStringLiteral("steps-alarm"));
        o = decide(input(2, {step(u"in"_s, -1), tracking(u"cpu"_s, 83, 50)}));
        QCOMPARE(o.desired, 4);
        QCOMPARE(o.policyName, QStringLiteral("cpu"));
    }

    void scaleInOnlyWhenAllPoliciesAgree()
    {
        // Two policies, only one alarm asks to scale in.
        const ScalingOutcome held = decide(input(4, {tracking(u"cpu"_s, 20, 50)}, 2));
        QCOMPARE(held.kind, ScalingOutcome::Kind::None);
        QCOMPARE(held.desired, 4);
        QCOMPARE(held.reason, QStringLiteral("scale in needs all policies: 1 of 2 agree"));
        // Both agree: the one that removes the fewest wins (cpu keeps 2, mem keeps 3).
        const ScalingOutcome o = decide(input(4, {tracking(u"cpu"_s, 20, 50), tracking(u"mem"_s, 30, 50)}));
        QCOMPARE(o.kind, ScalingOutcome::Kind::ScaleIn);
        QCOMPARE(o.desired, 3);
        QCOMPARE(o.policyName, QStringLiteral("mem"));
    }

    void scaleInSuspendedDuringADeployment()
    {
        ScalingInput in = input(4, {tracking(u"cpu"_s, 20, 50)});
        in.deploymentInProgress = true;
        const ScalingOutcome o = decide(in);
        QCOMPARE(o.kind, ScalingOutcome::Kind::None);
        QCOMPARE(o.reason, QStringLiteral("scale-in suspended: deployment in progress"));
        // Scaling out still happens during a deployment.
        ScalingInput out = input(2, {tracking(u"cpu"_s, 90, 50)});
        out.deploymentInProgress = true;
        QCOMPARE(decide(out).kind, ScalingOutcome::Kind::ScaleOut);
    }

    void disableScaleInKeepsThePolicyFromScalingIn()
    {
        Proposal p = tracking(u"cpu"_s, 10, 50);
        p.scaleInDisabled = true;
        QCOMPARE(decide(input(4, {p})).kind, ScalingOutcome::Kind::None);
    }

    void minAndMaxCapacityBound()
    {
        ScalingInput in = input(4, {tracking(u"cpu"_s, 400, 50)}); // 32 tasks wanted
        const ScalingOutcome o = decide(in);
        QCOMPARE(o.desired, 10);
        QVERIFY2(o.reason.endsWith(u"capped at the maximum capacity 10"), qPrintable(o.reason));
        ScalingInput atMax = input(10, {tracking(u"cpu"_s, 400, 50)});
        QCOMPARE(decide(atMax).kind, ScalingOutcome::Kind::None);
        const ScalingOutcome low = decide(input(2, {tracking(u"cpu"_s, 1, 50)}));
        QCOMPARE(low.kind, ScalingOutcome::Kind::ScaleIn);
        QCOMPARE(low.desired, 1);
        QCOMPARE(decide(input(1, {tracking(u"cpu"_s, 1, 50)})).kind, ScalingOutcome::Kind::None);
    }

    void scaleOutCooldownCountsWhatWasAdded()
    {
        // 2 -> 4 at 100 % of 50 %; a minute later the metric has not caught up yet (still 100 %).
        ScalingInput first = input(2, {tracking(u"cpu"_s, 100, 50)});
        const ScalingOutcome o1 = decide(first);
        QCOMPARE(o1.desired, 4);
        ScalingInput again = input(4, {tracking(u"cpu"_s, 100, 50)});
        again.memory = o1.memory;
        again.now = kT0.addSecs(60);
        const ScalingOutcome held = decide(again);
        QCOMPARE(held.kind, ScalingOutcome::Kind::None); // from the 2 before: 4 again, already set
        QCOMPARE(held.heldUntil, kT0.addSecs(300));
        // A larger scale-out goes through during the cooldown: 150 % from the 2 before -> 6.
        ScalingInput larger = input(4, {tracking(u"cpu"_s, 150, 50)});
        larger.memory = o1.memory;
        larger.now = kT0.addSecs(120);
        const ScalingOutcome o2 = decide(larger);
        QCOMPARE(o2.kind, ScalingOutcome::Kind::ScaleOut);
        QCOMPARE(o2.desired, 6);
        // After the cooldown the current capacity is the base again: 4 at 100 % -> 8.
        ScalingInput later = input(4, {tracking(u"cpu"_s, 100, 50)});
        later.memory = o1.memory;
        later.now = kT0.addSecs(300);
        QCOMPARE(decide(later).desired, 8);
    }

    void scaleInCooldownBlocksScaleInButNotScaleOut()
    {
        const ScalingOutcome in1 = decide(input(6, {tracking(u"cpu"_s, 20, 50)}));
        QCOMPARE(in1.desired, 3);
        ScalingInput again = input(3, {tracking(u"cpu"_s, 10, 50)});
        again.memory = in1.memory;
        again.now = kT0.addSecs(100);
        const ScalingOutcome held = decide(again);
        QCOMPARE(held.kind, ScalingOutcome::Kind::None);
        QVERIFY(held.reason.startsWith(u"scale-in cooldown until"));
        QCOMPARE(held.heldUntil, kT0.addSecs(300));
        ScalingInput burst = input(3, {tracking(u"cpu"_s, 100, 50)});
        burst.memory = in1.memory;
        burst.now = kT0.addSecs(100);
        QCOMPARE(decide(burst).kind, ScalingOutcome::Kind::ScaleOut); // at once
    }

    void stepBoundsFollowTheThresholdSide()
    {
        const QList<StepAdjustment> steps = {{0.0, 10.0, 1}, {10.0, 20.0, 2}, {20.0, std::nullopt, 3}};
        QCOMPARE(matchStep(steps, 70, 70)->scalingAdjustment, 1);  // lower bound inclusive above
        QCOMPARE(matchStep(steps, 80, 70)->scalingAdjustment, 2);  // upper bound exclusive above
        QCOMPARE(matchStep(steps, 200, 70)->scalingAdjustment, 3); // open upper bound
        QVERIFY(!matchStep(steps, 60, 70));                        // below the threshold: no step here
        const QList<StepAdjustment> down = {{std::nullopt, -10.0, -2}, {-10.0, 0.0, -1}};
        QCOMPARE(matchStep(down, 60, 70)->scalingAdjustment, -2); // -10 is inclusive below the threshold
        QCOMPARE(matchStep(down, 65, 70)->scalingAdjustment, -1);
    }

    void stepValidationNamesTheProblem()
    {
        StepScalingConfiguration c;
        QVERIFY(!validate(c));
        c.steps = {{0.0, 10.0, 1}, {20.0, std::nullopt, 3}};
        const auto gap = validate(c);
        QVERIFY(!gap);
        QVERIFY2(gap.error().message.contains(u"gap between 10 and 20"), qPrintable(gap.error().message));
        c.steps = {{0.0, 15.0, 1}, {10.0, std::nullopt, 3}};
        QVERIFY(validate(c).error().message.contains(u"overlap"));
        c.steps = {{0.0, 10.0, 1}, {10.0, std::nullopt, 3}};
        QVERIFY(validate(c));
        c.minAdjustmentMagnitude = 2;
        QCOMPARE(validate(c).error().field, QStringLiteral("StepScalingPolicyConfiguration.MinAdjustmentMagnitude"));
        c.adjustmentType = AdjustmentType::PercentChangeInCapacity;
        QVERIFY(validate(c));
        c.metricAggregationType = QStringLiteral("Median");
        QVERIFY(validate(c).error().message.contains(u"'Median'"));
    }

    void percentChangeRoundsAsAwsDoes()
    {
        using T = AdjustmentType;
        QCOMPARE(adjustedCapacity(T::PercentChangeInCapacity, 10, 25, std::nullopt), 12);  // +2.5 -> +2
        QCOMPARE(adjustedCapacity(T::PercentChangeInCapacity, 2, 25, std::nullopt), 3);    // +0.5 -> +1
        QCOMPARE(adjustedCapacity(T::PercentChangeInCapacity, 2, -25, std::nullopt), 1);   // -0.5 -> -1
        QCOMPARE(adjustedCapacity(T::PercentChangeInCapacity, 10, -67, std::nullopt), 4);  // -6.7 -> -6
        QCOMPARE(adjustedCapacity(T::PercentChangeInCapacity, 10, 10, 3), 13);             // +1, at least 3
        QCOMPARE(adjustedCapacity(T::PercentChangeInCapacity, 10, -10, 3), 7);             // -1, at least 3 fewer
        QCOMPARE(adjustedCapacity(T::PercentChangeInCapacity, 10, 50, 3), 15);             // +5: more than 3 already
        QCOMPARE(adjustedCapacity(T::ChangeInCapacity, 3, 2, std::nullopt), 5);
        QCOMPARE(adjustedCapacity(T::ExactCapacity, 3, 7, std::nullopt), 7);
        StepScalingConfiguration c;
        const StepAdjustment s{10.0, 20.0, 2};
        QCOMPARE(describeStep(c, s, 83, 70, 3, 5),
                 QStringLiteral("step scaling: the metric 83 is 13 above the threshold (70), in the step [10, 20): "
                                "+2 tasks, 3 -> 5"));
        // The explanation says when MinAdjustmentMagnitude made the change, and only then.
        c.adjustmentType = T::PercentChangeInCapacity;
        c.minAdjustmentMagnitude = 2;
        const StepAdjustment pct{0.0, std::nullopt, 10};
        QCOMPARE(describeStep(c, pct, 90, 70, 2, 4),
                 QStringLiteral("step scaling: the metric 90 is 20 above the threshold (70), in the step [0, +infinity): "
                                "+10 %, at least 2 tasks (MinAdjustmentMagnitude), 2 -> 4"));
        QVERIFY(!describeStep(c, pct, 90, 70, 30, 33).contains(u"MinAdjustmentMagnitude"));
        // A measured average reads with one decimal, as in the target tracking line; the bounds as set.
        c.adjustmentType = T::ChangeInCapacity;
        const StepAdjustment fine{2.25, std::nullopt, 1};
        QCOMPARE(describeStep(c, fine, 83.33333333333333, 70.04, 2, 3),
                 QStringLiteral("step scaling: the metric 83.3 is 13.3 above the threshold (70), in the step "
                                "[2.25, +infinity): +1 tasks, 2 -> 3"));
        const StepAdjustment below{std::nullopt, -10.0, -1};
        QCOMPARE(describeStep(c, below, 4.96, 20, 3, 2),
                 QStringLiteral("step scaling: the metric 5 is 15 below the threshold (20), in the step "
                                "(-infinity, -10]: -1 tasks, 3 -> 2"));
        QCOMPARE(oneDecimal(-0.04), QStringLiteral("0"));
        QCOMPARE(oneDecimal(6.66666), QStringLiteral("6.7"));
    }

    void activityWords()
    {
        QCOMPARE(activityCause(u"web-app-cpu-lt-25"_s, u"web-app-cpu-lt-25"_s),
                 QStringLiteral("monitor alarm web-app-cpu-lt-25 in state ALARM triggered policy web-app-cpu-lt-25"));
        QCOMPARE(activitySuccessMessage(1),
                 QStringLiteral("Successfully set desired count to 1. Change successfully fulfilled by ecs."));
        QCOMPARE(activityDescription(4), QStringLiteral("Setting desired count to 4."));
    }

    void targetTrackingAlarmsAsAwsMakesThem()
    {
        const auto metric = trackedMetric(u"service/default/web"_s, {u"ECSServiceAverageCPUUtilization"_s, {}});
        QVERIFY(metric);
        QCOMPARE(metric->metric.metricNamespace, QStringLiteral("AWS/ECS"));
        QCOMPARE(metric->metric.metricName, QStringLiteral("CPUUtilization"));
        QCOMPARE(metric->metric.dimensions.size(), std::size_t(2));
        QCOMPARE(metric->metric.dimensions[0].value, QStringLiteral("default"));
        QCOMPARE(metric->metric.dimensions[1].value, QStringLiteral("web"));
        const TargetTrackingAlarms a =
            makeTargetTrackingAlarms(u"service/default/web"_s, *metric, 50, u"1234"_s, u"arn:policy"_s, false);
        QCOMPARE(a.high.name, QStringLiteral("TargetTracking-service/default/web-AlarmHigh-1234"));
        QVERIFY(a.high.comparison == fd::alarms::ComparisonOperator::GreaterThanThreshold);
        QCOMPARE(a.high.threshold, 50.0);
        QCOMPARE(a.high.m(), 3);
        QCOMPARE(a.high.evaluationPeriods, 3);
        QCOMPARE(a.high.alarmActions, QStringList{u"arn:policy"_s});
        QVERIFY(a.low);
        QCOMPARE(a.low->name, QStringLiteral("TargetTracking-service/default/web-AlarmLow-1234"));
        QVERIFY(a.low->comparison == fd::alarms::ComparisonOperator::LessThanThreshold);
        QCOMPARE(a.low->threshold, 45.0);
        QCOMPARE(a.low->m(), 15);
        QVERIFY(fd::alarms::validate(a.high));
        QVERIFY(fd::alarms::validate(*a.low));
        QVERIFY(!makeTargetTrackingAlarms(u"service/default/web"_s, *metric, 50, u"1"_s, u"p"_s, true).low);

        const auto alb = trackedMetric(u"service/default/web"_s,
                                       {u"ALBRequestCountPerTarget"_s, u"app/edge/50dc6c495c0c9188/targetgroup/web/943f017f100becff"_s});
        QVERIFY(alb);
        QCOMPARE(alb->metric.metricName, QStringLiteral("RequestCountPerTarget"));
        QCOMPARE(alb->metric.dimensions[0].value, QStringLiteral("targetgroup/web/943f017f100becff"));
        const auto badLabel = trackedMetric(u"service/default/web"_s, {u"ALBRequestCountPerTarget"_s, u"web"_s});
        QVERIFY(!badLabel);
        QVERIFY(badLabel.error().field.endsWith(u"ResourceLabel"));
        const auto hires = trackedMetric(u"service/default/web"_s, {u"ECSServiceAverageCPUUtilizationHighResolution"_s, {}});
        QVERIFY(!hires);
        QVERIFY(hires.error().message.contains(u"use ECSServiceAverageCPUUtilization"));
        QVERIFY(!trackedMetric(u"cluster/default"_s, {u"ECSServiceAverageCPUUtilization"_s, {}}));
    }
};

QTEST_GUILESS_MAIN(TestScalingDecision)
#include "TestScalingDecision.moc"
