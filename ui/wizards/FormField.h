#pragma once

#include "Result.h"
#include "metrics/MetricId.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QWidget;

namespace fd::metrics {
class MetricStore;
}

namespace fd::ui {

/**
 * The field widgets the console's request dialogs (CreateAlarmDialog, ScalingPolicyDialog, the
 * scheduled action editor) build alike: a named line edit that re-checks the form on every edit,
 * a hint, the parsing of an optional number with an error that names the field, and the red mark
 * on the editor of the field a refusal names.
 */
class FormField final
{
public:
    FormField() = delete;

    /// A line edit with the object name and placeholder; `changed` runs on every edit.
    static QLineEdit *line(QWidget *parent, const char *objectName, const QString &placeholder,
                           const std::function<void()> &changed);
    /// A grey, word-wrapped explanation.
    static QLabel *hint(const QString &text, QWidget *parent);

    /// Blank: not given. Otherwise a whole number, or an error of `code` naming `field`
    /// ("'x' is not a whole number").
    static fd::Result<std::optional<int>> optionalInt(const QString &text, const QString &field, const QString &code);
    /// Blank: not given. Otherwise a finite number, or an error of `code` naming `field`.
    static fd::Result<std::optional<double>> optionalNumber(const QString &text, const QString &field,
                                                            const QString &code);

    /// "Code · Field: message" ("Code: message" when the message starts with the field or names none).
    static QString problemText(const fd::Error &error);
    /// Marks `editor` as holding the problem (a red border, the problem as its tooltip).
    static void mark(QWidget *editor, const QString &problem);
    /// Removes every mark in `root` and below.
    static void clearMarks(QWidget *root);
};

/**
 * The problem line under a request dialog's form: the first refusal of the request as it would be
 * sent ("Code · Field: message", red, selectable), with the editor of the field it names marked; hidden
 * while there is none.
 */
class FormProblem final
{
public:
    /// The label (object name `objectName`) is a child of `form`; the dialog places it in its layout.
    FormProblem(QWidget *form, const char *objectName);
    FormProblem(const FormProblem &) = delete;
    FormProblem &operator=(const FormProblem &) = delete;

    QLabel *label() const { return m_label; }
    /// The problem shown ("" when none) and the field it names.
    QString text() const { return m_text; }
    QString field() const { return m_field; }

    /// Shows `error` and marks `editor` (none when null).
    void show(const fd::Error &error, QWidget *editor);
    /// Hides the problem and removes every mark in the form.
    void clear();

private:
    QWidget *m_form;
    QLabel *m_label;
    QString m_text;
    QString m_field;
};

/**
 * A metric chosen from the control plane's metric store (namespace → metric name → the dimension
 * sets it has), or typed: three editable combo boxes (objects namespaceCombo, metricNameCombo,
 * dimensionsCombo) and a hint saying how many metrics the store has. A dimension set is typed as
 * Name=Value pairs separated by commas; one picked from the list keeps values that hold commas.
 */
class MetricPicker final : public QObject
{
    Q_OBJECT

public:
    MetricPicker(const metrics::MetricStore &store, QWidget *parent);

    QComboBox *namespaceCombo() const { return m_namespace; }
    QComboBox *metricNameCombo() const { return m_metricName; }
    QComboBox *dimensionsCombo() const { return m_dimensions; }
    QLabel *storeHint() const { return m_storeHint; }

    /// Reads the store again (keeping what is typed); AWS/ECS first when it has metrics there.
    void refill();
    /// Shows this metric as if picked (it need not be in the store).
    void select(const QString &metricNamespace, const QString &metricName,
                const std::vector<metrics::Dimension> &dimensions);

    QString metricNamespace() const;
    QString metricName() const;
    /// The dimensions shown, or an error of `code` naming `field` for a part that is not Name=Value.
    fd::Result<std::vector<metrics::Dimension>> dimensions(const QString &code, const QString &field) const;

signals:
    void changed();

private:
    void fillMetricNames();
    void fillDimensions();

    const metrics::MetricStore &m_store;
    QComboBox *m_namespace;
    QComboBox *m_metricName;
    QComboBox *m_dimensions;
    QLabel *m_storeHint;
};

} // namespace fd::ui
