// The service dialog, driven through its widgets: the pre-flight check follows the percentages as
// they are typed (the documented examples of ECS-SEMANTICS.md §1.4: 4 at 50/200, 4 at 50/100, 2 at
// 75/100), warns about static host ports on too few instances, creates the service it shows, keeps
// a bad name or a refusal in the dialog, and in update mode starts a deployment only for a new
// revision. The launch (FARGATE with its network configuration, or a strategy of the cluster's
// Fargate providers) reaches the request and the aws command in step; DAEMON refuses FARGATE.

#include "ControlPlane.h"
#include "elb/ElbArn.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TargetGroups.h"
#include "ops/TaskDefinitions.h"
#include "widgets/RolloutDiagram.h"
#include "wizards/LoadBalancerPlan.h"
#include "wizards/ServiceCommand.h"
#include "wizards/ServiceDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>

using fd::ui::ServiceCommand;
using fd::ui::ServiceDialog;

namespace {

constexpr char kWeb[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "cpu": 256, "memory": 256, "memoryReservation": 128, "portMappings": [{"containerPort": 8080}]}]})";
constexpr char kWeb2[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:2",
    "cpu": 256, "memory": 256, "memoryReservation": 128, "portMappings": [{"containerPort": 8080}]}]})";
// Host port 80 in bridge mode: one such task per instance.
constexpr char kStatic[] = R"({"family": "static", "containerDefinitions": [{"name": "proxy", "image": "nginx:1.25",
    "cpu": 128, "memory": 128, "portMappings": [{"containerPort": 80, "hostPort": 80}]}]})";

constexpr char kFargateWeb[] = R"({"family": "fweb", "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
    "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "portMappings": [{"containerPort": 8080}]}]})";

QString plain(const QString &html)
{
    return QTextDocumentFragment::fromHtml(html).toPlainText();
}

QJsonArray array(const QByteArray &json)
{
    return QJsonDocument::fromJson(json.isEmpty() ? QByteArray("[]") : json).array();
}

template<typename T> QJsonArray array(const QList<T> &typed)
{
    return fd::scheduler::toJson(typed);
}

} // namespace

class TestServiceDialog final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void defaultsAreTheConsoles();
    void preflightFollowsThePercentages_data();
    void preflightFollowsThePercentages();
    void staticHostPortsNeedInstances();
    void createProducesTheService();
    void badNameShowsTheErrorAndStaysOpen();
    void refusalIsShownAndNothingIsLost();
    void daemonTakesItsDefaults();
    void updatePrefillsAndNewRevisionDeploys();
    void attachesTargetGroups();
    void fargateServiceRequestAndCommand();
    void strategyServiceCommandAndDaemonRefusal();

private:
    template<typename T> T *find(const char *name) const
    {
        T *w = m_dialog->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    void registerDefinition(const char *json);
    void open(const QString &serviceName = {});
    // Types into a spin box as a user does: select all, type, and the value follows every key.
    void typeInto(const char *spin, int value);
    void chooseFamily(const QString &family);

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<ServiceDialog> m_dialog;
};

void TestServiceDialog::registerDefinition(const char *json)
{
    auto spec = fd::json::parseTaskDefinition(QByteArray(json));
    QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().message));
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
}

void TestServiceDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")).ok()); // "default": 3 instances, one per zone
    registerDefinition(kWeb);
    registerDefinition(kWeb2);
    registerDefinition(kStatic);
    registerDefinition(kFargateWeb);
}

void TestServiceDialog::cleanup()
{
    m_dialog.reset();
    m_cp.reset();
}

void TestServiceDialog::open(const QString &serviceName)
{
    m_dialog = std::make_unique<ServiceDialog>(*m_cp, QStringLiteral("default"), serviceName);
    // The caller submits what the dialog builds (as ServicesView does).
    m_dialog->setSubmitter([this](const ServiceDialog::Request &r) {
        return m_dialog->isUpdate() ? m_cp->services().update(r) : m_cp->services().create(r);
    });
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestServiceDialog::typeInto(const char *spin, int value)
{
    auto *box = find<QSpinBox>(spin);
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QCOMPARE(box->value(), value);
}

void TestServiceDialog::chooseFamily(const QString &family)
{
    auto *combo = find<QComboBox>("familyCombo");
    const int i = combo->findData(family);
    QVERIFY2(i >= 0, qPrintable(family));
    combo->setCurrentIndex(i);
}

void TestServiceDialog::defaultsAreTheConsoles()
{
    open();
    QCOMPARE(m_dialog->windowTitle(), QStringLiteral("Create service"));
    QCOMPARE(find<QLabel>("clusterLabel")->text(), QStringLiteral("<b>default</b>"));
    QCOMPARE(find<QComboBox>("schedulingStrategyCombo")->currentData().toString(), QStringLiteral("REPLICA"));
    chooseFamily(QStringLiteral("web"));
    QCOMPARE(find<QComboBox>("revisionCombo")->currentData().toInt(), 2); // the latest ACTIVE revision
    QCOMPARE(find<QSpinBox>("minimumHealthySpin")->value(), 100);
    QCOMPARE(find<QSpinBox>("maximumPercentSpin")->value(), 200);
    QCOMPARE(find<QComboBox>("placementTemplateCombo")->currentText(), QStringLiteral("AZ Balanced Spread"));
    QVERIFY(!find<QCheckBox>("forceNewDeploymentCheck")->isVisibleTo(m_dialog.get()));
    // Nothing typed yet: Create waits for a name, without shouting.
    QVERIFY(!find<QPushButton>("submitButton")->isEnabled());
    QVERIFY(!find<QLabel>("serviceNameError")->isVisibleTo(m_dialog.get()));
    QVERIFY(m_dialog->problem().startsWith(u"serviceName"));
    const fd::ops::ServiceRequest r = m_dialog->request();
    QCOMPARE(r.taskDefinition, QStringLiteral("web:2"));
    QCOMPARE(array(r.placementStrategy.value_or(QList<fd::scheduler::Strategy>())),
             array(R"([{"type":"spread","field":"attribute:ecs.availability-zone"},)"
                   R"({"type":"spread","field":"instanceId"}])"));
}

void TestServiceDialog::preflightFollowsThePercentages_data()
{
    QTest::addColumn<int>("desired");
    QTest::addColumn<int>("minimum");
    QTest::addColumn<int>("maximum");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("bounds");
    QTest::addColumn<bool>("cannotMove");

    // ECS-SEMANTICS.md §1.4, the documentation's examples.
    QTest::newRow("4 at 50/200: start 4 before stopping 4")
        << 4 << 50 << 200 << "start 4, stop 4"
        << "at least 2 healthy (50% rounded up) · at most 8 running" << false;
    QTest::newRow("4 at 50/100: stop 2 before starting 2, twice")
        << 4 << 50 << 100 << "stop 2, start 2, stop 2, start 2"
        << "at least 2 healthy (50% rounded up) · at most 4 running" << false;
    QTest::newRow("2 at 75/100: 75% of 2 rounds up to 2, the maximum is 2: stuck")
        << 2 << 75 << 100 << QString() << "at least 2 healthy (75% rounded up) · at most 2 running" << true;
    QTest::newRow("3 at 34/100: 1.02 rounds up to 2")
        << 3 << 34 << 100 << "stop 1, start 1, stop 1, start 1, stop 1, start 1"
        << "at least 2 healthy (34% rounded up) · at most 3 running" << false;
}

void TestServiceDialog::preflightFollowsThePercentages()
{
    QFETCH(int, desired);
    QFETCH(int, minimum);
    QFETCH(int, maximum);
    QFETCH(QString, summary);
    QFETCH(QString, bounds);
    QFETCH(bool, cannotMove);

    open();
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("web"));
    chooseFamily(QStringLiteral("web"));
    typeInto("desiredCountSpin", desired);
    typeInto("minimumHealthySpin", minimum);
    typeInto("maximumPercentSpin", maximum);

    const QString boundsText = plain(find<QLabel>("preflightBounds")->text());
    QVERIFY2(boundsText.contains(bounds), qPrintable(boundsText));
    const auto *diagram = find<fd::ui::RolloutDiagram>("rolloutDiagram");
    auto *warning = find<QLabel>("cannotMoveWarning");
    const QString batches = plain(find<QLabel>("preflightBatches")->text());
    if (cannotMove) {
        QVERIFY(!diagram->plan().possible);
        QVERIFY(warning->isVisibleTo(m_dialog.get()));
        QVERIFY2(warning->text().contains(u"cannot move"), qPrintable(warning->text()));
        QVERIFY(plain(warning->text()).contains(u"was unable to stop or start tasks during a deployment"));
        QVERIFY2(batches.contains(u"cannot move"), qPrintable(batches));
        // ECS accepts it: the warning does not block Create.
        QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));
        QVERIFY(find<QPushButton>("submitButton")->isEnabled());
    } else {
        QCOMPARE(diagram->plan().summary(), summary);
        QVERIFY(!warning->isVisibleTo(m_dialog.get()));
        QString arrows = summary;
        arrows.replace(QStringLiteral(", "), QStringLiteral(" → "));
        QVERIFY2(batches.contains(arrows), qPrintable(batches));
    }
    QVERIFY(diagram->isVisibleTo(m_dialog.get()));
    QVERIFY(!find<QLabel>("staticPortWarning")->isVisibleTo(m_dialog.get())); // web's host port is dynamic
}

void TestServiceDialog::staticHostPortsNeedInstances()
{
    open();
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("proxy"));
    chooseFamily(QStringLiteral("static"));
    typeInto("desiredCountSpin", 2);
    typeInto("minimumHealthySpin", 50);
    auto *warning = find<QLabel>("staticPortWarning");
    // 2 at 50/200 peaks at 4 tasks on port 80; "default" has 3 ACTIVE instances.
    QVERIFY(warning->isVisibleTo(m_dialog.get()));
    const QString text = plain(warning->text());
    QVERIFY2(text.contains(u"80/tcp (proxy)"), qPrintable(text));
    QVERIFY2(text.contains(u"peaks at 4 tasks"), qPrintable(text));
    QVERIFY2(text.contains(u"3 ACTIVE instances"), qPrintable(text));
    QVERIFY2(text.contains(u"lower maximumPercent to 150%"), qPrintable(text));

    // Stop before start (50/100): the peak is 2, which 3 instances hold.
    typeInto("maximumPercentSpin", 100);
    QVERIFY(!warning->isVisibleTo(m_dialog.get()));

    // Drain an instance while the dialog is open: 2 at 50/150 peaks at 3, on 2 ACTIVE instances.
    typeInto("maximumPercentSpin", 150);
    QVERIFY(!warning->isVisibleTo(m_dialog.get()));
    const fd::ContainerInstance first = m_cp->instances().list(QStringLiteral("default")).front();
    QVERIFY(m_cp->instances().setState(QStringLiteral("default"), first.id, fd::InstanceStatus::Draining).ok());
    QVERIFY(warning->isVisibleTo(m_dialog.get()));
    QVERIFY2(plain(warning->text()).contains(u"2 ACTIVE instances"), qPrintable(warning->text()));
    // A warning, not a refusal.
    QVERIFY(find<QPushButton>("submitButton")->isEnabled());
}

// The service behind the load balancer: a target group chosen, the container and port from the
// task definition's port mappings, in the request, in the CLI text and on the created service.
void TestServiceDialog::attachesTargetGroups()
{
    QVERIFY(fd::ui::LoadBalancerPlanner::apply(*m_cp, fd::ui::LoadBalancerPlanner::edgesAndCubeBuster(8080)).ok());
    open();
    QVERIFY(!m_dialog->request().loadBalancers); // none until one is attached
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("cube"));
    chooseFamily(QStringLiteral("web"));
    QTest::mouseClick(find<QPushButton>("attachTargetGroupButton"), Qt::LeftButton);
    auto *group = find<QComboBox>("lbTargetGroup0");
    QVERIFY(group);
    const fd::elb::TargetGroup cubebuster = *m_cp->targetGroups().findNamed(QStringLiteral("cubebuster"));
    const QString arn = fd::elb::arn::targetGroup(m_cp->defaultRegion(), cubebuster);
    group->setCurrentIndex(group->findData(arn));
    auto *container = find<QComboBox>("lbContainer0");
    QCOMPARE(container->count(), 1); // web's one port mapping
    QCOMPARE(container->currentText(), QStringLiteral("web : 8080"));
    typeInto("gracePeriodSpin", 45);

    const fd::ops::ServiceRequest r = m_dialog->request();
    QVERIFY(r.loadBalancers);
    QCOMPARE(r.loadBalancers->size(), 1);
    QCOMPARE(r.loadBalancers->front(), (fd::ServiceLoadBalancer{arn, QStringLiteral("web"), 8080}));
    QCOMPARE(r.healthCheckGracePeriodSeconds, 45);
    const QString cli = find<QPlainTextEdit>("serviceCliCommand")->toPlainText();
    QVERIFY2(cli.contains(QStringLiteral("--health-check-grace-period-seconds 45 --load-balancers "
                                         "targetGroupArn=%1,containerName=web,containerPort=8080")
                              .arg(arn)),
             qPrintable(cli));

    QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));
    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->isVisible());
    const std::optional<fd::Service> s = m_cp->services().find(QStringLiteral("default"), QStringLiteral("cube"));
    QVERIFY(s);
    QCOMPARE(s->loadBalancers, r.loadBalancers.value());
    QCOMPARE(s->healthCheckGracePeriodSeconds, 45);

    // The update dialog shows them, and sends them only when they change.
    open(QStringLiteral("cube"));
    QCOMPARE(find<QComboBox>("lbTargetGroup0")->currentData().toString(), arn);
    QVERIFY(!m_dialog->request().loadBalancers);
    QTest::mouseClick(find<QPushButton>("lbRemove0"), Qt::LeftButton);
    QTRY_VERIFY(!m_dialog->findChild<QComboBox *>(QStringLiteral("lbTargetGroup0")));
    QVERIFY(m_dialog->request().loadBalancers);
    QVERIFY(m_dialog->request().loadBalancers->isEmpty());
}

void TestServiceDialog::createProducesTheService()
{
    open();
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("web-svc"));
    chooseFamily(QStringLiteral("web"));
    auto *revision = find<QComboBox>("revisionCombo");
    revision->setCurrentIndex(revision->findData(1));
    typeInto("desiredCountSpin", 4);
    typeInto("minimumHealthySpin", 50);
    typeInto("maximumPercentSpin", 150);
    QTest::mouseClick(find<QCheckBox>("circuitBreakerCheck"), Qt::LeftButton);
    QTest::mouseClick(find<QCheckBox>("rollbackCheck"), Qt::LeftButton);
    // Desired 4: half rounded up is 2, below the minimum of 3.
    QVERIFY2(find<QLabel>("circuitBreakerThreshold")->text().startsWith(u"Trips after 3 failed tasks"),
             qPrintable(find<QLabel>("circuitBreakerThreshold")->text()));
    typeInto("gracePeriodSpin", 30);
    auto *templates = find<QComboBox>("placementTemplateCombo");
    templates->setCurrentIndex(templates->findText(QStringLiteral("BinPack")));
    auto *binpack = find<QComboBox>("binpackFieldCombo");
    binpack->setCurrentIndex(binpack->findData(QStringLiteral("cpu")));

    QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));
    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QCOMPARE(m_dialog->result().name, QStringLiteral("web-svc"));
    QVERIFY(!m_dialog->isVisible());

    const std::optional<fd::Service> s = m_cp->services().find(QStringLiteral("default"), QStringLiteral("web-svc"));
    QVERIFY(s);
    QVERIFY(s->schedulingStrategy == fd::services::SchedulingStrategy::Replica);
    QCOMPARE(s->taskDefinition(), QStringLiteral("web:1"));
    QCOMPARE(s->desiredCount, 4);
    QCOMPARE(s->percents.minimumHealthyPercent, 50);
    QCOMPARE(s->percents.maximumPercent, 150);
    QVERIFY(s->circuitBreaker.enable);
    QVERIFY(s->circuitBreaker.rollback);
    QCOMPARE(s->healthCheckGracePeriodSeconds, 30);
    QCOMPARE(array(s->placementStrategy), array(R"([{"type":"binpack","field":"cpu"}])"));
    QCOMPARE(array(s->placementConstraints), QJsonArray());
    QCOMPARE(s->deployments.size(), 1);
    QCOMPARE(m_dialog->result().deployments.front().id, s->deployments.front().id);
}

void TestServiceDialog::badNameShowsTheErrorAndStaysOpen()
{
    fd::ops::ServiceRequest taken;
    taken.serviceName = QStringLiteral("taken");
    taken.taskDefinition = QStringLiteral("web");
    taken.desiredCount = 1;
    QVERIFY(m_cp->services().create(taken).ok());
    open();
    auto *name = find<QLineEdit>("serviceNameEdit");
    auto *error = find<QLabel>("serviceNameError");
    auto *submit = find<QPushButton>("submitButton");
    QTest::keyClicks(name, QStringLiteral("web app"));
    QVERIFY(error->isVisibleTo(m_dialog.get()));
    QVERIFY2(error->text().startsWith(u"serviceName: only letters, numbers, underscores and hyphens"),
             qPrintable(error->text()));
    QVERIFY(error->text().contains(u"“web app”"));
    QVERIFY(!submit->isEnabled());

    // Forced through anyway (Enter, or a caller's accept()): nothing is created, the dialog stays.
    m_dialog->accept();
    QVERIFY(m_dialog->isVisible());
    QVERIFY(find<QLabel>("serviceMessage")->text().startsWith(u"serviceName"));
    QCOMPARE(m_cp->services().list(QStringLiteral("default")).size(), 1);
    QCOMPARE(name->text(), QStringLiteral("web app"));

    // A name the cluster already uses, then one it does not.
    name->clear();
    QTest::keyClicks(name, QStringLiteral("taken"));
    QVERIFY2(error->text().contains(u"already has a service named taken"), qPrintable(error->text()));
    QVERIFY(!submit->isEnabled());
    QTest::keyClicks(name, QStringLiteral("-2"));
    QVERIFY(!error->isVisibleTo(m_dialog.get()));
    QVERIFY(submit->isEnabled());
}

void TestServiceDialog::refusalIsShownAndNothingIsLost()
{
    open();
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("web"));
    chooseFamily(QStringLiteral("web"));
    typeInto("desiredCountSpin", 3);
    typeInto("minimumHealthySpin", 50);
    // The revision was deregistered after the dialog opened: the ControlPlane refuses, naming it.
    QVERIFY(m_cp->taskDefinitions().deregister(QStringLiteral("web:2")).ok());
    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QVERIFY(m_dialog->isVisible());
    const QString message = find<QLabel>("serviceMessage")->text();
    QVERIFY2(message.contains(u"taskDefinition: TaskDefinition is inactive"), qPrintable(message));
    QVERIFY2(message.contains(u"InvalidParameterException"), qPrintable(message));
    QVERIFY(m_cp->services().list(QStringLiteral("default")).isEmpty());
    // The form as it was.
    QCOMPARE(find<QLineEdit>("serviceNameEdit")->text(), QStringLiteral("web"));
    QCOMPARE(find<QSpinBox>("desiredCountSpin")->value(), 3);
    QCOMPARE(find<QSpinBox>("minimumHealthySpin")->value(), 50);

    // Another revision, and it goes through.
    auto *revision = find<QComboBox>("revisionCombo");
    revision->setCurrentIndex(revision->findData(1));
    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(m_cp->services().find(QStringLiteral("default"), QStringLiteral("web"))->taskDefinition(),
             QStringLiteral("web:1"));
}

void TestServiceDialog::daemonTakesItsDefaults()
{
    open();
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("agent"));
    auto *strategy = find<QComboBox>("schedulingStrategyCombo");
    strategy->setCurrentIndex(strategy->findData(QStringLiteral("DAEMON")));
    QVERIFY(!find<QSpinBox>("desiredCountSpin")->isVisibleTo(m_dialog.get()));
    QVERIFY(find<QLabel>("daemonHint")->text().contains(u"3 now"));
    QCOMPARE(find<QSpinBox>("minimumHealthySpin")->value(), 0);
    QCOMPARE(find<QSpinBox>("maximumPercentSpin")->value(), 100);
    // No strategies for a daemon: only constraint templates and custom constraints.
    QCOMPARE(find<QComboBox>("placementTemplateCombo")->findText(QStringLiteral("AZ Balanced Spread")), -1);
    // One per instance, 0/100: stop all 3, then start 3.
    QCOMPARE(find<fd::ui::RolloutDiagram>("rolloutDiagram")->plan().summary(), QStringLiteral("stop 3, start 3"));

    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QVERIFY2(!m_dialog->isVisible(), qPrintable(find<QLabel>("serviceMessage")->text()));
    const std::optional<fd::Service> s = m_cp->services().find(QStringLiteral("default"), QStringLiteral("agent"));
    QVERIFY(s);
    QVERIFY(s->schedulingStrategy == fd::services::SchedulingStrategy::Daemon);
    QVERIFY(s->percents == (fd::services::DeploymentPercents{0, 100}));
}

void TestServiceDialog::updatePrefillsAndNewRevisionDeploys()
{
    fd::ops::ServiceRequest r;
    r.cluster = QStringLiteral("default");
    r.serviceName = QStringLiteral("shop");
    r.taskDefinition = QStringLiteral("web:1");
    r.desiredCount = 3;
    r.minimumHealthyPercent = 50;
    r.maximumPercent = 150;
    r.circuitBreaker = fd::CircuitBreaker{true, false};
    r.healthCheckGracePeriodSeconds = 20;
    r.placementStrategy = fd::scheduler::strategiesFromJson(R"([{"type":"binpack","field":"memory"}])").value();
    QVERIFY(m_cp->services().create(r).ok());

    open(QStringLiteral("shop"));
    QCOMPARE(m_dialog->windowTitle(), QStringLiteral("Update service shop"));
    auto *name = find<QLineEdit>("serviceNameEdit");
    QCOMPARE(name->text(), QStringLiteral("shop"));
    QVERIFY(!name->isEnabled());
    QVERIFY(!find<QComboBox>("schedulingStrategyCombo")->isEnabled());
    QCOMPARE(find<QComboBox>("familyCombo")->currentData().toString(), QStringLiteral("web"));
    auto *revision = find<QComboBox>("revisionCombo");
    QCOMPARE(revision->currentData().toInt(), 1);
    QVERIFY(revision->currentText().contains(u"current"));
    QCOMPARE(find<QSpinBox>("desiredCountSpin")->value(), 3);
    QCOMPARE(find<QSpinBox>("minimumHealthySpin")->value(), 50);
    QCOMPARE(find<QSpinBox>("maximumPercentSpin")->value(), 150);
    QVERIFY(find<QCheckBox>("circuitBreakerCheck")->isChecked());
    QVERIFY(!find<QCheckBox>("rollbackCheck")->isChecked());
    QCOMPARE(find<QSpinBox>("gracePeriodSpin")->value(), 20);
    QCOMPARE(find<QComboBox>("placementTemplateCombo")->currentText(), QStringLiteral("BinPack"));
    QVERIFY(find<QCheckBox>("forceNewDeploymentCheck")->isVisibleTo(m_dialog.get()));
    QVERIFY(m_dialog->problem().isEmpty());
    auto *title = find<QLabel>("preflightTitle");
    QVERIFY2(plain(title->text()).startsWith(u"No new deployment"), qPrintable(title->text()));

    // A new revision: a new deployment, said before it is made.
    revision->setCurrentIndex(revision->findData(2));
    QVERIFY2(plain(title->text()).contains(u"This update starts a new deployment (task definition web:1 → web:2)"),
             qPrintable(title->text()));
    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->isVisible());
    std::optional<fd::Service> s = m_cp->services().find(QStringLiteral("default"), QStringLiteral("shop"));
    QVERIFY(s);
    QCOMPARE(s->taskDefinition(), QStringLiteral("web:2"));
    QCOMPARE(s->deployments.size(), 2);
    QCOMPARE(s->deployments.front().revision, 2);
    QVERIFY(s->deployments.front().status == fd::DeploymentStatus::Primary);
    QVERIFY(s->deployments.at(1).status == fd::DeploymentStatus::Active);
    QCOMPARE(m_dialog->result().deployments.size(), 2);

    // Only the desired count: no new deployment, and the unchanged placement is not resent.
    open(QStringLiteral("shop"));
    QCOMPARE(find<QComboBox>("revisionCombo")->currentData().toInt(), 2);
    typeInto("desiredCountSpin", 5);
    QVERIFY(!m_dialog->request().placementStrategy);
    QVERIFY(m_dialog->request().taskDefinition.isEmpty());
    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QVERIFY(!m_dialog->isVisible());
    s = m_cp->services().find(QStringLiteral("default"), QStringLiteral("shop"));
    QCOMPARE(s->desiredCount, 5);
    QCOMPARE(s->deployments.size(), 2);

    // Force new deployment: the same revision, a new deployment.
    open(QStringLiteral("shop"));
    QTest::mouseClick(find<QCheckBox>("forceNewDeploymentCheck"), Qt::LeftButton);
    QVERIFY(plain(find<QLabel>("preflightTitle")->text()).contains(u"(forced)"));
    QTest::mouseClick(find<QPushButton>("submitButton"), Qt::LeftButton);
    QCOMPARE(m_cp->services().find(QStringLiteral("default"), QStringLiteral("shop"))->deployments.size(), 3);
}

QTEST_MAIN(TestServiceDialog)

void TestServiceDialog::fargateServiceRequestAndCommand()
{
    open();
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("fsvc"));
    chooseFamily(QStringLiteral("fweb"));
    auto *launch = find<QComboBox>("launchTypeCombo");
    launch->setCurrentIndex(launch->findData(QStringLiteral("FARGATE")));
    find<QCheckBox>("subnet_subnet-us-east-1a")->setChecked(false);
    QTest::keyClicks(find<QLineEdit>("securityGroupsEdit"), QStringLiteral("sg-12345"));
    QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));

    const fd::ops::ServiceRequest r = m_dialog->request();
    QCOMPARE(r.launchType.value_or(QString()), QStringLiteral("FARGATE"));
    QVERIFY(!r.capacityProviderStrategy);
    QCOMPARE(r.platformVersion.value_or(QString()), QStringLiteral("LATEST"));
    QVERIFY(r.networkConfiguration);
    QCOMPARE(r.networkConfiguration->subnets,
             (QStringList{QStringLiteral("subnet-us-east-1b"), QStringLiteral("subnet-us-east-1c")}));
    QCOMPARE(r.networkConfiguration->securityGroups, QStringList{QStringLiteral("sg-12345")});
    QVERIFY(!r.networkConfiguration->assignPublicIp);
    QVERIFY(!r.placementStrategy || r.placementStrategy->isEmpty());
    QVERIFY(!r.placementConstraints || r.placementConstraints->isEmpty());
    QVERIFY(find<QLabel>("placementNote")->isVisible());

    // The command says the same, and nothing about placement.
    const QString cli = find<QPlainTextEdit>("serviceCliCommand")->toPlainText();
    QVERIFY2(cli.contains(QStringLiteral("--launch-type FARGATE --platform-version LATEST --network-configuration "
                                         "\"awsvpcConfiguration={subnets=[subnet-us-east-1b,subnet-us-east-1c],"
                                         "securityGroups=[sg-12345],assignPublicIp=DISABLED}\"")),
             qPrintable(cli));
    QVERIFY2(!cli.contains(u"--placement-strategy"), qPrintable(cli));
    QCOMPARE(cli, ServiceCommand::text(r, false));

    // The public IP choice is in the command as ENABLED.
    find<QCheckBox>("assignPublicIpCheck")->setChecked(true);
    QVERIFY(find<QPlainTextEdit>("serviceCliCommand")->toPlainText().contains(u"assignPublicIp=ENABLED}"));

    // A bridge definition cannot run on FARGATE: Create is off, the field named.
    chooseFamily(QStringLiteral("web"));
    QVERIFY(!find<QPushButton>("submitButton")->isEnabled());
    QVERIFY2(m_dialog->problem().startsWith(u"launchType: Task definition does not support launch_type FARGATE"),
             qPrintable(m_dialog->problem()));
}

void TestServiceDialog::strategyServiceCommandAndDaemonRefusal()
{
    fd::ops::ClusterSpec spec;
    spec.capacityProviders = QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};
    QVERIFY(m_cp->clusters().update(QStringLiteral("default"), spec).ok());
    open();
    QTest::keyClicks(find<QLineEdit>("serviceNameEdit"), QStringLiteral("mixed"));
    chooseFamily(QStringLiteral("fweb"));
    auto *launch = find<QComboBox>("launchTypeCombo");
    launch->setCurrentIndex(launch->findData(QStringLiteral("STRATEGY")));
    find<QSpinBox>("strategyBase0")->setValue(2);
    QTest::mouseClick(find<QPushButton>("addProviderButton"), Qt::LeftButton);
    find<QSpinBox>("strategyWeight1")->setValue(4);
    QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));

    const fd::ops::ServiceRequest r = m_dialog->request();
    QVERIFY(!r.launchType); // a strategy, never both
    QVERIFY(r.capacityProviderStrategy);
    QCOMPARE(*r.capacityProviderStrategy,
             (QList<fd::CapacityProviderStrategyItem>{{QStringLiteral("FARGATE"), 1, 2},
                                                      {QStringLiteral("FARGATE_SPOT"), 4, 0}}));
    const QString cli = find<QPlainTextEdit>("serviceCliCommand")->toPlainText();
    QVERIFY2(cli.contains(QStringLiteral("--capacity-provider-strategy capacityProvider=FARGATE,weight=1,base=2 "
                                         "capacityProvider=FARGATE_SPOT,weight=4,base=0 --platform-version LATEST "
                                         "--network-configuration")),
             qPrintable(cli));
    QVERIFY2(!cli.contains(u"--launch-type"), qPrintable(cli));

    // DAEMON places one task per container instance: FARGATE has none.
    auto *strategy = find<QComboBox>("schedulingStrategyCombo");
    strategy->setCurrentIndex(strategy->findData(QStringLiteral("DAEMON")));
    QVERIFY(!find<QPushButton>("submitButton")->isEnabled());
    QVERIFY2(m_dialog->problem().startsWith(u"schedulingStrategy: DAEMON"), qPrintable(m_dialog->problem()));
}

#include "TestServiceDialog.moc"
