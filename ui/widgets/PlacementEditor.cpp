#include "PlacementEditor.h"

#include "Palette.h"
#include "scheduler/PlacementStrategy.h"
#include "scheduler/QueryLanguage.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr char kErrorStyle[] = "color: {{error}};";
constexpr char kCaveatStyle[] = "color: {{warn}}; background: {{waitBox}}; border: 1px solid {{caveatBorder}}; "
                                "border-radius: 4px; padding: 6px;";

QStringList fieldsFor(const QString &type)
{
    if (type == u"spread")
        return {QStringLiteral("attribute:ecs.availability-zone"), QStringLiteral("instanceId"),
                QStringLiteral("attribute:ecs.instance-type")};
    if (type == u"binpack")
        return {QStringLiteral("memory"), QStringLiteral("cpu")};
    return {};
}

QJsonArray parseArray(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).array();
}

QByteArray compact(const QJsonArray &a)
{
    return a.isEmpty() ? QByteArray() : QJsonDocument(a).toJson(QJsonDocument::Compact);
}

QFont monospace()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

bool hasStrategies(const fd::scheduler::PlacementTemplate &t)
{
    return !parseArray(t.strategiesJson.toUtf8()).isEmpty();
}

} // namespace

QString PlacementEditor::customName()
{
    return QStringLiteral("Custom");
}

QStringList PlacementEditor::templateNames()
{
    QStringList names;
    for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates())
        names << t.name;
    names << customName();
    return names;
}

PlacementEditor::PlacementEditor(QWidget *parent)
    : QWidget(parent), m_templateCombo(new QComboBox(this)), m_binpackFieldCombo(new QComboBox(this)),
      m_binpackFieldLabel(new QLabel(tr("Binpack on:"), this)), m_templateDescription(new QLabel(this)),
      m_customPane(new QWidget(this)), m_strategiesTitle(nullptr), m_strategiesPane(nullptr),
      m_strategyRows(new QVBoxLayout), m_constraintRows(new QVBoxLayout),
      m_addStrategyButton(new QPushButton(tr("Add strategy"), this)),
      m_addConstraintButton(new QPushButton(tr("Add constraint"), this)), m_caveat(new QLabel(this)),
      m_jsonPreview(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("placementEditor"));
    m_templateCombo->setObjectName(QStringLiteral("placementTemplateCombo"));
    fillTemplates();
    m_binpackFieldCombo->setObjectName(QStringLiteral("binpackFieldCombo"));
    m_binpackFieldCombo->addItem(tr("memory"), QStringLiteral("memory"));
    m_binpackFieldCombo->addItem(tr("cpu"), QStringLiteral("cpu"));
    m_templateDescription->setObjectName(QStringLiteral("placementDescription"));
    m_templateDescription->setWordWrap(true);
    QFont italic = m_templateDescription->font();
    italic.setItalic(true);
    m_templateDescription->setFont(italic);

    m_customPane->setObjectName(QStringLiteral("customPlacement"));
    m_addStrategyButton->setObjectName(QStringLiteral("addStrategyButton"));
    m_addStrategyButton->setToolTip(tr("At most %1 strategies").arg(fd::scheduler::kMaxStrategies));
    m_addConstraintButton->setObjectName(QStringLiteral("addConstraintButton"));
    m_addConstraintButton->setToolTip(tr("At most %1 constraints").arg(fd::scheduler::kMaxConstraints));
    auto *customLayout = new QVBoxLayout(m_customPane);
    customLayout->setContentsMargins(0, 0, 0, 0);
    m_strategiesPane = new QWidget(m_customPane);
    auto *strategiesLayout = new QVBoxLayout(m_strategiesPane);
    strategiesLayout->setContentsMargins(0, 0, 0, 0);
    m_strategiesTitle = new QLabel(tr("<b>Strategies</b> (best effort, applied in order)"), m_strategiesPane);
    strategiesLayout->addWidget(m_strategiesTitle);
    strategiesLayout->addLayout(m_strategyRows);
    auto *addStrategyRowLayout = new QHBoxLayout;
    addStrategyRowLayout->addWidget(m_addStrategyButton);
    addStrategyRowLayout->addStretch();
    strategiesLayout->addLayout(addStrategyRowLayout);
    customLayout->addWidget(m_strategiesPane);
    auto *constraintsTitle = new QLabel(tr("<b>Constraints</b> (binding: an instance must satisfy all)"), m_customPane);
    customLayout->addWidget(constraintsTitle);
    customLayout->addLayout(m_constraintRows);
    auto *addConstraintRowLayout = new QHBoxLayout;
    addConstraintRowLayout->addWidget(m_addConstraintButton);
    addConstraintRowLayout->addStretch();
    customLayout->addLayout(addConstraintRowLayout);

    m_caveat->setObjectName(QStringLiteral("caveatLabel"));
    m_caveat->setWordWrap(true);
    m_caveat->setStyleSheet(palette::themed(QString::fromLatin1(kCaveatStyle)));
    m_caveat->setText(QStringLiteral("⚠ ") + fd::scheduler::spreadBinpackAutoscalingCaveat());

    m_jsonPreview->setObjectName(QStringLiteral("placementJson"));
    m_jsonPreview->setReadOnly(true);
    m_jsonPreview->setFont(monospace());
    m_jsonPreview->setMinimumHeight(110);
    setOperationName(QStringLiteral("RunTask"));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Template:"), m_templateCombo);
    form->addRow(m_binpackFieldLabel, m_binpackFieldCombo);
    form->addRow(m_templateDescription);
    form->addRow(m_customPane);
    form->addRow(m_caveat);
    form->addRow(new QLabel(tr("Resulting JSON:"), this));
    form->addRow(m_jsonPreview);

    connect(m_templateCombo, &QComboBox::currentIndexChanged, this, &PlacementEditor::updateTemplate);
    connect(m_binpackFieldCombo, &QComboBox::currentIndexChanged, this, &PlacementEditor::revalidate);
    connect(m_addStrategyButton, &QPushButton::clicked, this,
            [this] { addStrategyRow(QStringLiteral("spread"), QStringLiteral("attribute:ecs.availability-zone")); });
    connect(m_addConstraintButton, &QPushButton::clicked, this,
            [this] { addConstraintRow(QStringLiteral("memberOf")); });

    m_templateCombo->setCurrentIndex(0); // AZ Balanced Spread, the console's default
    updateTemplate();
}

void PlacementEditor::fillTemplates()
{
    const QString current = m_templateCombo->currentText();
    const QSignalBlocker blocker(m_templateCombo);
    m_templateCombo->clear();
    for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates())
        if (m_strategiesAllowed || !hasStrategies(t))
            m_templateCombo->addItem(t.name);
    m_templateCombo->addItem(customName());
    const int i = m_templateCombo->findText(current);
    m_templateCombo->setCurrentIndex(i >= 0 ? i : 0);
}

void PlacementEditor::setOperationName(const QString &operation)
{
    m_jsonPreview->setToolTip(tr("What %1 receives: placementStrategy and placementConstraints").arg(operation));
}

bool PlacementEditor::isCustom() const
{
    return m_templateCombo->currentText() == customName();
}

QString PlacementEditor::templateName() const
{
    return m_templateCombo->currentText();
}

void PlacementEditor::setTemplate(const QString &name)
{
    const int i = m_templateCombo->findText(name);
    if (i >= 0)
        m_templateCombo->setCurrentIndex(i);
}

void PlacementEditor::setBinpackField(const QString &field)
{
    const int i = m_binpackFieldCombo->findData(field);
    if (i >= 0)
        m_binpackFieldCombo->setCurrentIndex(i);
}

void PlacementEditor::setStrategiesAllowed(bool allowed)
{
    if (m_strategiesAllowed == allowed)
        return;
    m_strategiesAllowed = allowed;
    fillTemplates();
    updateTemplate();
}

void PlacementEditor::updateTemplate()
{
    const bool custom = isCustom();
    bool selectable = false;
    QString description = m_strategiesAllowed ? tr("Your own strategies (up to %1) and constraints (up to %2).")
                                                    .arg(fd::scheduler::kMaxStrategies)
                                                    .arg(fd::scheduler::kMaxConstraints)
                                              : tr("Your own constraints (up to %1). DAEMON services take no "
                                                   "strategies: one task goes to each instance.")
                                                    .arg(fd::scheduler::kMaxConstraints);
    for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates())
        if (t.name == m_templateCombo->currentText()) {
            description = QStringLiteral("“%1”").arg(t.description);
            selectable = t.binpackFieldSelectable;
        }
    m_templateDescription->setText(description);
    m_binpackFieldCombo->setVisible(selectable);
    m_binpackFieldLabel->setVisible(selectable);
    m_customPane->setVisible(custom);
    m_strategiesPane->setVisible(m_strategiesAllowed);
    revalidate();
}

void PlacementEditor::addStrategyRow(const QString &type, const QString &field)
{
    if (!m_strategiesAllowed)
        return;
    if (!isCustom())
        setTemplate(customName());
    if (m_strategies.size() >= fd::scheduler::kMaxStrategies)
        return;
    const int n = int(m_strategies.size());
    StrategyRow r;
    r.row = new QWidget(m_strategiesPane);
    auto *layout = new QHBoxLayout(r.row);
    layout->setContentsMargins(0, 0, 0, 0);
    r.type = new QComboBox(r.row);
    r.type->setObjectName(QStringLiteral("strategyType%1").arg(n));
    r.type->addItems({QStringLiteral("spread"), QStringLiteral("binpack"), QStringLiteral("random")});
    r.type->setCurrentText(type);
    r.field = new QComboBox(r.row);
    r.field->setObjectName(QStringLiteral("strategyField%1").arg(n));
    r.field->setEditable(true);
    r.field->addItems(fieldsFor(type));
    r.field->setCurrentText(field);
    r.field->setEnabled(type != u"random");
    auto *remove = new QToolButton(r.row);
    remove->setObjectName(QStringLiteral("removeStrategy%1").arg(n));
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(tr("Remove this strategy"));
    layout->addWidget(r.type, 1);
    layout->addWidget(r.field, 3);
    layout->addWidget(remove);
    m_strategyRows->addWidget(r.row);
    r.row->show(); // now, not when the layout gets to it: what is typed next is checked against it
    QWidget *row = r.row;
    QComboBox *fieldCombo = r.field;
    connect(r.type, &QComboBox::currentTextChanged, this, [this, fieldCombo](const QString &t) {
        const QSignalBlocker blocker(fieldCombo);
        fieldCombo->clear();
        fieldCombo->addItems(fieldsFor(t));
        fieldCombo->setEnabled(t != u"random");
        revalidate();
    });
    connect(r.field, &QComboBox::currentTextChanged, this, &PlacementEditor::revalidate);
    connect(remove, &QToolButton::clicked, this, [this, row] { removeStrategyRow(row); });
    m_strategies << r;
    revalidate();
}

void PlacementEditor::removeStrategyRow(QWidget *row)
{
    m_strategies.removeIf([row](const StrategyRow &r) { return r.row == row; });
    row->deleteLater();
    revalidate();
}

void PlacementEditor::addConstraintRow(const QString &type, const QString &expression)
{
    if (!isCustom())
        setTemplate(customName());
    if (m_constraints.size() >= fd::scheduler::kMaxConstraints)
        return;
    const int n = int(m_constraints.size());
    ConstraintRow r;
    r.row = new QWidget(m_customPane);
    auto *grid = new QVBoxLayout(r.row);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    auto *line = new QHBoxLayout;
    r.type = new QComboBox(r.row);
    r.type->setObjectName(QStringLiteral("constraintType%1").arg(n));
    r.type->addItems({QStringLiteral("memberOf"), QStringLiteral("distinctInstance")});
    r.type->setCurrentText(type);
    r.expression = new QLineEdit(r.row);
    r.expression->setObjectName(QStringLiteral("constraintExpression%1").arg(n));
    r.expression->setFont(monospace());
    r.expression->setPlaceholderText(QStringLiteral("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"));
    r.expression->setText(expression);
    r.expression->setEnabled(type == u"memberOf");
    r.expression->setToolTip(tr("Cluster query language: subject operator [argument], joined with and / or / not"));
    auto *remove = new QToolButton(r.row);
    remove->setObjectName(QStringLiteral("removeConstraint%1").arg(n));
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(tr("Remove this constraint"));
    line->addWidget(r.type, 1);
    line->addWidget(r.expression, 3);
    line->addWidget(remove);
    r.error = new QLabel(r.row);
    r.error->setObjectName(QStringLiteral("constraintError%1").arg(n));
    r.error->setTextFormat(Qt::RichText);
    r.error->setWordWrap(true);
    r.error->setVisible(false);
    grid->addLayout(line);
    grid->addWidget(r.error);
    m_constraintRows->addWidget(r.row);
    r.row->show(); // now, not when the layout gets to it: what is typed next is checked against it
    QWidget *row = r.row;
    QLineEdit *edit = r.expression;
    connect(r.type, &QComboBox::currentTextChanged, this, [this, edit](const QString &t) {
        edit->setEnabled(t == u"memberOf");
        revalidate();
    });
    connect(r.expression, &QLineEdit::textChanged, this, &PlacementEditor::revalidate);
    connect(remove, &QToolButton::clicked, this, [this, row] { removeConstraintRow(row); });
    m_constraints << r;
    revalidate();
}

void PlacementEditor::removeConstraintRow(QWidget *row)
{
    m_constraints.removeIf([row](const ConstraintRow &r) { return r.row == row; });
    row->deleteLater();
    revalidate();
}

void PlacementEditor::clearRows()
{
    for (const StrategyRow &r : std::as_const(m_strategies))
        r.row->deleteLater();
    for (const ConstraintRow &r : std::as_const(m_constraints))
        r.row->deleteLater();
    m_strategies.clear();
    m_constraints.clear();
}

void PlacementEditor::setPlacement(const QByteArray &strategies, const QByteArray &constraints)
{
    const QJsonArray s = parseArray(strategies);
    const QJsonArray c = parseArray(constraints);
    clearRows();
    for (const QString &field : {QStringLiteral("memory"), QStringLiteral("cpu")})
        for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates(field)) {
            if (m_templateCombo->findText(t.name) < 0)
                continue;
            if (parseArray(t.strategiesJson.toUtf8()) == s && parseArray(t.constraintsJson.toUtf8()) == c) {
                setTemplate(t.name);
                if (t.binpackFieldSelectable)
                    setBinpackField(field);
                revalidate();
                return;
            }
        }
    setTemplate(customName());
    for (const QJsonValue &v : s) {
        const QJsonObject o = v.toObject();
        addStrategyRow(o.value(QStringLiteral("type")).toString(), o.value(QStringLiteral("field")).toString());
    }
    for (const QJsonValue &v : c) {
        const QJsonObject o = v.toObject();
        addConstraintRow(o.value(QStringLiteral("type")).toString(), o.value(QStringLiteral("expression")).toString());
    }
    revalidate();
}

QByteArray PlacementEditor::strategiesJson() const
{
    return strategiesJson(nullptr);
}

QByteArray PlacementEditor::constraintsJson() const
{
    return constraintsJson(nullptr);
}

QList<fd::scheduler::Strategy> PlacementEditor::strategies() const
{
    return fd::scheduler::strategiesFromJson(strategiesJson()).value_or({});
}

QList<fd::scheduler::Constraint> PlacementEditor::constraints() const
{
    return fd::scheduler::constraintsFromJson(constraintsJson()).value_or({});
}

QByteArray PlacementEditor::strategiesJson(QString *problem) const
{
    if (!m_strategiesAllowed)
        return {};
    if (!isCustom()) {
        const QString field = m_binpackFieldCombo->currentData().toString();
        for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates(field))
            if (t.name == m_templateCombo->currentText())
                return compact(parseArray(t.strategiesJson.toUtf8()));
        return {};
    }
    QJsonArray list;
    for (int i = 0; i < m_strategies.size(); ++i) {
        const StrategyRow &r = m_strategies[i];
        const QString type = r.type->currentText();
        const QString field = r.field->currentText().trimmed();
        QJsonObject o{{QStringLiteral("type"), type}};
        if (type != u"random")
            o.insert(QStringLiteral("field"), field);
        list.append(o);
        if (problem && problem->isEmpty()) {
            const auto made = fd::scheduler::makeStrategy(type, type == u"random" ? QString() : field, i);
            if (!made)
                *problem = made.error().message;
        }
    }
    return compact(list);
}

QByteArray PlacementEditor::constraintsJson(QString *problem) const
{
    if (!isCustom()) {
        for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates())
            if (t.name == m_templateCombo->currentText())
                return compact(parseArray(t.constraintsJson.toUtf8()));
        return {};
    }
    QJsonArray list;
    for (int i = 0; i < m_constraints.size(); ++i) {
        const ConstraintRow &r = m_constraints[i];
        const QString type = r.type->currentText();
        QJsonObject o{{QStringLiteral("type"), type}};
        if (type == u"memberOf")
            o.insert(QStringLiteral("expression"), r.expression->text());
        list.append(o);
        if (problem && problem->isEmpty()) {
            const auto made =
                fd::scheduler::makeConstraint(type, type == u"memberOf" ? r.expression->text() : QString(), i);
            if (!made)
                *problem =
                    made.error().message.startsWith(u"placementConstraints")
                        ? made.error().message
                        : QStringLiteral("placementConstraints[%1].expression: %2").arg(i).arg(made.error().message);
        }
    }
    return compact(list);
}

void PlacementEditor::revalidate()
{
    // Custom rows: each strategy, then each constraint, with the query's position under it.
    QString strategyProblem;
    const QByteArray strategies = strategiesJson(&strategyProblem);
    QString constraintProblem;
    const QByteArray constraints = constraintsJson(&constraintProblem);
    for (int i = 0; i < m_constraints.size(); ++i) {
        const ConstraintRow &r = m_constraints[i];
        QString html;
        if (r.type->currentText() == u"memberOf") {
            const QString text = r.expression->text();
            int position = 0;
            const auto parsed = fd::scheduler::parseQuery(text, &position);
            if (text.trimmed().isEmpty()) {
                html = tr("An expression is required, e.g. <tt>attribute:ecs.instance-type =~ t3.*</tt>");
            } else if (!parsed) {
                const int caret = std::clamp(position, 1, int(text.size()) + 1) - 1;
                html = QStringLiteral("<pre style='margin:0; %1'>%2\n%3^</pre><span style='%1'>%4</span>")
                           .arg(palette::themed(QString::fromLatin1(kErrorStyle)), text.toHtmlEscaped(),
                                QString(caret, u' '), parsed.error().message.toHtmlEscaped());
            }
        }
        r.error->setText(html);
        r.error->setVisible(!html.isEmpty());
        r.expression->setStyleSheet(html.isEmpty() ? QString()
                                                   : palette::themed(QStringLiteral("border: 1px solid {{error}};")));
    }
    m_problem = strategyProblem.isEmpty() ? constraintProblem : strategyProblem;
    m_addStrategyButton->setEnabled(m_strategies.size() < fd::scheduler::kMaxStrategies);
    m_addConstraintButton->setEnabled(m_constraints.size() < fd::scheduler::kMaxConstraints);

    // The JSON the request carries, and the caveat when it mixes spread and binpack.
    const QJsonArray s = parseArray(strategies);
    const QJsonArray c = parseArray(constraints);
    QJsonObject preview;
    if (m_strategiesAllowed)
        preview.insert(QStringLiteral("placementStrategy"), s);
    preview.insert(QStringLiteral("placementConstraints"), c);
    m_jsonPreview->setPlainText(QString::fromUtf8(QJsonDocument(preview).toJson(QJsonDocument::Indented)).trimmed());
    bool spread = false;
    bool binpack = false;
    for (const QJsonValue &v : s) {
        spread |= v.toObject().value(QStringLiteral("type")).toString() == u"spread";
        binpack |= v.toObject().value(QStringLiteral("type")).toString() == u"binpack";
    }
    m_caveat->setVisible(spread && binpack);
    emit changed();
}

} // namespace fd::ui
