#include "FormField.h"

#include "Palette.h"
#include "metrics/MetricStore.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>

#include <cmath>
#include <set>

namespace fd::ui {

namespace {

QString dimensionsText(const std::vector<metrics::Dimension> &dimensions)
{
    QStringList parts;
    for (const metrics::Dimension &d : dimensions)
        parts << d.name + u'=' + d.value;
    return parts.join(QStringLiteral(", "));
}

} // namespace

QLineEdit *FormField::line(QWidget *parent, const char *objectName, const QString &placeholder,
                           const std::function<void()> &changed)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setPlaceholderText(placeholder);
    if (changed)
        QObject::connect(edit, &QLineEdit::textChanged, edit, [changed] { changed(); });
    return edit;
}

QLabel *FormField::hint(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    return label;
}

fd::Result<std::optional<int>> FormField::optionalInt(const QString &raw, const QString &field, const QString &code)
{
    const QString text = raw.trimmed();
    if (text.isEmpty())
        return std::optional<int>{};
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok)
        return makeError(code, QObject::tr("'%1' is not a whole number").arg(text), field);
    return std::optional<int>{v};
}

fd::Result<std::optional<double>> FormField::optionalNumber(const QString &raw, const QString &field,
                                                            const QString &code)
{
    const QString text = raw.trimmed();
    if (text.isEmpty())
        return std::optional<double>{};
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return makeError(code, QObject::tr("'%1' is not a number").arg(text), field);
    return std::optional<double>{v};
}

QString FormField::problemText(const fd::Error &e)
{
    return e.field.isEmpty() || e.message.startsWith(e.field)
               ? QStringLiteral("%1: %2").arg(e.code, e.message)
               : QStringLiteral("%1 · %2: %3").arg(e.code, e.field, e.message);
}

void FormField::mark(QWidget *editor, const QString &problem)
{
    if (!editor)
        return;
    editor->setProperty("fdProblem", true);
    // Scoped to the editor itself when it has a name: a box of check boxes is outlined, its boxes are not.
    const QString rule = palette::themed(QStringLiteral("border: 2px solid {{error}};"));
    editor->setStyleSheet(
        editor->objectName().isEmpty() ? rule : QStringLiteral("#%1 { %2 }").arg(editor->objectName(), rule));
    editor->setToolTip(problem);
}

void FormField::clearMarks(QWidget *root)
{
    for (QWidget *editor : root->findChildren<QWidget *>()) {
        if (editor->property("fdProblem").toBool()) {
            editor->setProperty("fdProblem", false);
            editor->setStyleSheet({});
            editor->setToolTip(editor->property("fdToolTip").toString());
        }
    }
}

FormProblem::FormProblem(QWidget *form, const char *objectName) : m_form(form), m_label(new QLabel(form))
{
    m_label->setObjectName(QLatin1String(objectName));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setStyleSheet(palette::themed(QStringLiteral("color: {{error}}; font-weight: 600;")));
}

void FormProblem::show(const fd::Error &error, QWidget *editor)
{
    m_field = error.field;
    m_text = FormField::problemText(error);
    m_label->setText(m_text);
    m_label->setVisible(true);
    FormField::mark(editor, m_text);
}

void FormProblem::clear()
{
    FormField::clearMarks(m_form);
    m_text.clear();
    m_field.clear();
    m_label->clear();
    m_label->setVisible(false);
}

MetricPicker::MetricPicker(const metrics::MetricStore &store, QWidget *parent)
    : QObject(parent), m_store(store), m_namespace(new QComboBox(parent)), m_metricName(new QComboBox(parent)),
      m_dimensions(new QComboBox(parent)), m_storeHint(FormField::hint({}, parent))
{
    m_namespace->setObjectName(QStringLiteral("namespaceCombo"));
    m_metricName->setObjectName(QStringLiteral("metricNameCombo"));
    m_dimensions->setObjectName(QStringLiteral("dimensionsCombo"));
    m_storeHint->setObjectName(QStringLiteral("metricStoreHint"));
    for (QComboBox *combo : {m_namespace, m_metricName, m_dimensions}) {
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
    }
    const QString dimensionsTip = tr("Name=Value pairs separated by commas; empty for a metric without dimensions");
    m_dimensions->setToolTip(dimensionsTip);
    m_dimensions->setProperty("fdToolTip", dimensionsTip);
    connect(m_namespace, &QComboBox::currentTextChanged, this, [this] {
        fillMetricNames();
        emit changed();
    });
    connect(m_metricName, &QComboBox::currentTextChanged, this, [this] {
        fillDimensions();
        emit changed();
    });
    connect(m_dimensions, &QComboBox::currentTextChanged, this, &MetricPicker::changed);
}

void MetricPicker::refill()
{
    std::set<QString> namespaces;
    for (const metrics::MetricId &id : m_store.listMetrics())
        namespaces.insert(id.metricNamespace);
    const QString keep = m_namespace->currentText();
    {
        QSignalBlocker block(m_namespace);
        m_namespace->clear();
        for (const QString &ns : namespaces)
            m_namespace->addItem(ns);
        if (namespaces.count(QStringLiteral("AWS/ECS")))
            m_namespace->setCurrentText(QStringLiteral("AWS/ECS"));
        else if (!keep.isEmpty())
            m_namespace->setCurrentText(keep);
    }
    m_storeHint->setText(namespaces.empty() ? tr("The metric store has no metrics yet: type a namespace and a metric "
                                                 "name, or wait a minute for the services' metrics.")
                                            : tr("%n metric(s) in the store; type to use another.", nullptr,
                                                 int(m_store.metricCount())));
    fillMetricNames();
}

void MetricPicker::fillMetricNames()
{
    metrics::MetricFilter filter;
    filter.metricNamespace = m_namespace->currentText().trimmed();
    std::set<QString> names;
    if (!filter.metricNamespace.isEmpty())
        for (const metrics::MetricId &id : m_store.listMetrics(filter))
            names.insert(id.metricName);
    {
        QSignalBlocker block(m_metricName);
        const QString keep = m_metricName->currentText();
        m_metricName->clear();
        for (const QString &n : names)
            m_metricName->addItem(n);
        if (names.count(keep) || (!keep.isEmpty() && names.empty()))
            m_metricName->setCurrentText(keep);
        else if (names.count(QStringLiteral("CPUUtilization")))
            m_metricName->setCurrentText(QStringLiteral("CPUUtilization"));
    }
    fillDimensions();
}

void MetricPicker::fillDimensions()
{
    metrics::MetricFilter filter;
    filter.metricNamespace = m_namespace->currentText().trimmed();
    filter.metricName = m_metricName->currentText().trimmed();
    QSignalBlocker block(m_dimensions);
    m_dimensions->clear();
    if (filter.metricNamespace.isEmpty() || filter.metricName.isEmpty())
        return;
    // Each item carries its dimensions as name, value, name, value ...: a value may hold a comma.
    for (const metrics::MetricId &id : m_store.listMetrics(filter)) {
        QStringList pairs;
        for (const metrics::Dimension &d : id.dimensions)
            pairs << d.name << d.value;
        m_dimensions->addItem(dimensionsText(id.dimensions), pairs);
    }
}

void MetricPicker::select(const QString &metricNamespace, const QString &metricName,
                          const std::vector<metrics::Dimension> &dimensions)
{
    m_namespace->setCurrentText(metricNamespace);
    m_metricName->setCurrentText(metricName);
    const QString text = dimensionsText(dimensions);
    QStringList pairs;
    for (const metrics::Dimension &d : dimensions)
        pairs << d.name << d.value;
    // Kept as an item of its own when a value holds a comma, so it reads back as given.
    int item = -1;
    for (int i = 0; i < m_dimensions->count(); ++i)
        if (m_dimensions->itemData(i).toStringList() == pairs)
            item = i;
    if (item < 0 && !dimensions.empty()) {
        QSignalBlocker block(m_dimensions);
        m_dimensions->addItem(text, pairs);
        item = m_dimensions->count() - 1;
    }
    if (item >= 0)
        m_dimensions->setCurrentIndex(item);
    m_dimensions->setCurrentText(text);
}

QString MetricPicker::metricNamespace() const
{
    return m_namespace->currentText().trimmed();
}

QString MetricPicker::metricName() const
{
    return m_metricName->currentText().trimmed();
}

fd::Result<std::vector<metrics::Dimension>> MetricPicker::dimensions(const QString &code, const QString &field) const
{
    std::vector<metrics::Dimension> dims;
    const QString text = m_dimensions->currentText();
    if (const int item = m_dimensions->findText(text); item >= 0 && !text.isEmpty()) {
        const QStringList pairs = m_dimensions->itemData(item).toStringList();
        for (qsizetype i = 0; i + 1 < pairs.size(); i += 2)
            dims.push_back({pairs[i], pairs[i + 1]});
        return dims;
    }
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(u'=');
        if (eq <= 0)
            return makeError(code, tr("'%1' is not Name=Value (pairs separated by commas).").arg(part.trimmed()),
                             field);
        dims.push_back({part.left(eq).trimmed(), part.mid(eq + 1).trimmed()});
    }
    return dims;
}

} // namespace fd::ui
