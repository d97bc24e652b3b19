#include "RuleTester.h"

#include "Palette.h"
#include "lb/RuleMatcher.h"
#include "models/LbText.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTextDocumentFragment>

#include <string>

namespace fd::ui {

RuleTester::RuleTester(QWidget *parent)
    : QWidget(parent), m_method(new QComboBox(this)), m_url(new QLineEdit(this)), m_host(new QLineEdit(this)),
      m_header(new QLineEdit(this)), m_source(new QLineEdit(this)), m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("ruleTester"));
    m_method->setObjectName(QStringLiteral("testMethodCombo"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("DELETE"),
                        QStringLiteral("HEAD")});
    m_url->setObjectName(QStringLiteral("testUrlEdit"));
    m_url->setText(QStringLiteral("/cubebuster/index.html?level=2"));
    m_url->setToolTip(tr("The request's path with its query string"));
    m_host->setObjectName(QStringLiteral("testHostEdit"));
    m_host->setText(QStringLiteral("localhost"));
    m_header->setObjectName(QStringLiteral("testHeaderEdit"));
    m_header->setPlaceholderText(tr("optional: X-Env: beta"));
    m_source->setObjectName(QStringLiteral("testSourceEdit"));
    m_source->setText(QStringLiteral("127.0.0.1"));
    m_source->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("255.255.255.255")) + 20);
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);

    auto *request = new QHBoxLayout;
    request->addWidget(m_method);
    request->addWidget(m_url, 1);
    auto *more = new QHBoxLayout;
    more->addWidget(m_host, 1);
    more->addWidget(new QLabel(tr("Header:"), this));
    more->addWidget(m_header, 1);
    more->addWidget(new QLabel(tr("Client:"), this));
    more->addWidget(m_source);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Request:"), request);
    form->addRow(tr("Host:"), more);
    form->addRow(tr("Matches:"), m_result);

    for (QLineEdit *edit : {m_url, m_host, m_header, m_source})
        connect(edit, &QLineEdit::textChanged, this, &RuleTester::match);
    connect(m_method, &QComboBox::currentTextChanged, this, &RuleTester::match);
}

void RuleTester::setPlan(const LoadBalancerPlan &plan)
{
    m_plan = plan;
    match();
}

QString RuleTester::resultText() const
{
    return QTextDocumentFragment::fromHtml(m_result->text()).toPlainText();
}

void RuleTester::match()
{
    const std::vector<lb::Rule> rules = LoadBalancerPlanner::proxyRules(m_plan);
    // The strings the request view points into live until the end of this function.
    const std::string method = m_method->currentText().trimmed().toStdString();
    const std::string target = m_url->text().trimmed().toStdString();
    const std::string host = m_host->text().trimmed().toStdString();
    const QString headerLine = m_header->text();
    const std::string headerName = headerLine.section(u':', 0, 0).trimmed().toStdString();
    const std::string headerValue = headerLine.section(u':', 1).trimmed().toStdString();
    const std::string source = m_source->text().trimmed().toStdString();
    lb::RequestView request;
    request.method = method;
    std::tie(request.path, request.query) = lb::splitTarget(target);
    request.host = host;
    if (!headerName.empty())
        request.headers.emplace_back(headerName, headerValue);
    request.headers.emplace_back("Host", host);
    request.sourceIp = source;

    const lb::Rule *rule = lb::matchRule(rules, request);
    m_matched = rule ? (rule->isDefault ? QStringLiteral("default") : QString::fromStdString(rule->id)) : QString();
    const auto sameName = [](const QString &name) { return name; };
    QString text;
    if (!rule) {
        text = tr("no rule (a listener always has a default rule)");
    } else if (rule->isDefault) {
        text =
            tr("<b>the default rule</b> (no other rule matched) → %1")
                .arg(LbText::action(LoadBalancerPlanner::toAction(
                                        PlannedAction{QStringLiteral("forward"), m_plan.defaultTargetGroup}, sameName),
                                    sameName)
                         .toHtmlEscaped());
    } else {
        const int row = m_matched.toInt();
        const PlannedRule &r = m_plan.rules[row];
        text = tr("<b>rule %1</b> (priority %2: %3) → %4")
                   .arg(row + 1)
                   .arg(r.priority)
                   .arg(LbText::conditions(r.conditions).toHtmlEscaped(),
                        LbText::action(LoadBalancerPlanner::toAction(r.action, sameName), sameName).toHtmlEscaped());
    }
    m_result->setText(palette::themed(QStringLiteral("<span style='color:{{link}}'>%1</span>")).arg(text));
}

} // namespace fd::ui
