#include "ServiceLoadBalancersEditor.h"

#include "ControlPlane.h"
#include "Palette.h"
#include "elb/ElbArn.h"
#include "ops/TargetGroups.h"
#include "ops/TaskDefinitions.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QString containerKey(const QString &name, int port)
{
    return QStringLiteral("%1:%2").arg(name).arg(port);
}

} // namespace

ServiceLoadBalancersEditor::ServiceLoadBalancersEditor(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_grid(new QGridLayout), m_hint(new QLabel(this)),
      m_attachButton(new QPushButton(tr("Attach target group"), this))
{
    setObjectName(QStringLiteral("serviceLoadBalancersEditor"));
    m_attachButton->setObjectName(QStringLiteral("attachTargetGroupButton"));
    m_attachButton->setToolTip(tr("Register the service's tasks in a target group when they are RUNNING (at most %1)")
                                   .arg(fd::ServiceLoadBalancer::kMaxPerService));
    m_hint->setObjectName(QStringLiteral("loadBalancersHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    m_grid->setContentsMargins(0, 0, 0, 0);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_attachButton);
    bottom->addWidget(m_hint, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_grid);
    layout->addLayout(bottom);
    connect(m_attachButton, &QPushButton::clicked, this, &ServiceLoadBalancersEditor::attach);
    updateState();
}

void ServiceLoadBalancersEditor::setTaskDefinition(const QString &familyRevision)
{
    if (familyRevision == m_taskDefinition)
        return;
    m_taskDefinition = familyRevision;
    rebuild(loadBalancers());
}

void ServiceLoadBalancersEditor::setLoadBalancers(const QList<fd::ServiceLoadBalancer> &loadBalancers)
{
    rebuild(loadBalancers);
}

QList<fd::ServiceLoadBalancer> ServiceLoadBalancersEditor::loadBalancers() const
{
    QList<fd::ServiceLoadBalancer> out;
    for (const Row &r : m_rows) {
        const auto *group = qobject_cast<QComboBox *>(r.group);
        const auto *container = qobject_cast<QComboBox *>(r.container);
        const QString key = container->currentData().toString();
        out.append({group->currentData().toString(), key.section(u':', 0, -2), key.section(u':', -1).toInt()});
    }
    return out;
}

void ServiceLoadBalancersEditor::attach()
{
    if (m_rows.size() >= fd::ServiceLoadBalancer::kMaxPerService)
        return;
    const QList<fd::ServiceLoadBalancer> current = loadBalancers();
    fd::ServiceLoadBalancer lb;
    for (const elb::TargetGroup &tg : m_cp.targetGroups().list()) {
        const QString arn = elb::arn::targetGroup(m_cp.defaultRegion(), tg);
        if (std::none_of(current.cbegin(), current.cend(),
                         [&](const fd::ServiceLoadBalancer &l) { return l.targetGroupArn == arn; })) {
            lb.targetGroupArn = arn;
            break;
        }
    }
    addRow(lb);
    updateState();
    emit changed();
}

void ServiceLoadBalancersEditor::rebuild(const QList<fd::ServiceLoadBalancer> &keep)
{
    for (const Row &r : std::as_const(m_rows)) {
        delete r.group;
        delete r.arrow;
        delete r.container;
        delete r.remove;
    }
    m_rows.clear();
    for (const fd::ServiceLoadBalancer &lb : keep)
        addRow(lb);
    updateState();
    emit changed();
}

void ServiceLoadBalancersEditor::addRow(const fd::ServiceLoadBalancer &lb)
{
    const int row = int(m_rows.size());
    auto *group = new QComboBox(this);
    group->setObjectName(QStringLiteral("lbTargetGroup%1").arg(row));
    for (const elb::TargetGroup &tg : m_cp.targetGroups().list())
        group->addItem(tr("%1 (port %2)").arg(tg.name).arg(tg.port), elb::arn::targetGroup(m_cp.defaultRegion(), tg));
    if (!lb.targetGroupArn.isEmpty() && group->findData(lb.targetGroupArn) < 0)
        group->addItem(lb.targetGroupArn, lb.targetGroupArn); // kept as the service has it
    group->setCurrentIndex(std::max(0, group->findData(lb.targetGroupArn)));
    auto *container = new QComboBox(this);
    container->setObjectName(QStringLiteral("lbContainer%1").arg(row));
    container->setToolTip(tr("The container and port each task registers (its host port for bridge networking)"));
    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(QStringLiteral("lbRemove%1").arg(row));
    m_grid->addWidget(group, row, 0);
    auto *arrow = new QLabel(tr("→"), this);
    m_grid->addWidget(arrow, row, 1);
    m_grid->addWidget(container, row, 2);
    m_grid->addWidget(remove, row, 3);
    m_grid->setColumnStretch(0, 3);
    m_grid->setColumnStretch(2, 2);
    m_rows.append({group, arrow, container, remove});
    fillContainers(row, lb);
    connect(group, &QComboBox::currentIndexChanged, this, &ServiceLoadBalancersEditor::changed);
    connect(container, &QComboBox::currentIndexChanged, this, &ServiceLoadBalancersEditor::changed);
    connect(remove, &QPushButton::clicked, this, [this, remove] {
        QList<fd::ServiceLoadBalancer> keep = loadBalancers();
        for (int i = 0; i < m_rows.size(); ++i)
            if (m_rows[i].remove == remove)
                keep.removeAt(i);
        // Later: the row's widgets are deleted, the clicked button among them.
        QMetaObject::invokeMethod(
            this, [this, keep] { rebuild(keep); }, Qt::QueuedConnection);
    });
}

void ServiceLoadBalancersEditor::fillContainers(int row, const fd::ServiceLoadBalancer &lb)
{
    auto *combo = qobject_cast<QComboBox *>(m_rows[row].container);
    if (const fd::Result<fd::TaskDefinition> td = m_cp.taskDefinitions().find(m_taskDefinition); td) {
        for (const fd::ContainerDefinition &c : td.value().spec.containerDefinitions)
            for (const fd::PortMapping &m : c.portMappings)
                combo->addItem(tr("%1 : %2").arg(c.name).arg(m.containerPort), containerKey(c.name, m.containerPort));
    }
    if (!lb.containerName.isEmpty() && combo->findData(containerKey(lb.containerName, lb.containerPort)) < 0)
        combo->addItem(tr("%1 : %2 (not in %3)").arg(lb.containerName).arg(lb.containerPort).arg(m_taskDefinition),
                       containerKey(lb.containerName, lb.containerPort));
    combo->setCurrentIndex(std::max(0, combo->findData(containerKey(lb.containerName, lb.containerPort))));
}

void ServiceLoadBalancersEditor::updateState()
{
    const bool groups = !m_cp.targetGroups().list().isEmpty();
    m_attachButton->setEnabled(groups && m_rows.size() < fd::ServiceLoadBalancer::kMaxPerService);
    if (!groups)
        m_hint->setText(tr("No target groups yet: create a load balancer first (Load balancers page)."));
    else if (m_rows.isEmpty())
        m_hint->setText(tr("None: the tasks are not behind a load balancer."));
    else
        m_hint->setText(tr("Tasks are registered when RUNNING and drained before they stop; the target group's "
                           "health gates the rollout."));
}

} // namespace fd::ui
