#include "CreateClusterDialog.h"

#include "Palette.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace fd::ui {

CreateClusterDialog::CreateClusterDialog(QWidget *parent)
    : QDialog(parent), m_nameEdit(new QLineEdit(this)), m_message(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("createClusterDialog"));
    setWindowTitle(tr("Create cluster"));

    m_nameEdit->setObjectName(QStringLiteral("clusterNameEdit"));
    m_nameEdit->setPlaceholderText(tr("for example: workshop"));
    m_nameEdit->setMaxLength(300); // longer than allowed, so the message can say why
    m_message->setObjectName(QStringLiteral("clusterNameMessage"));
    m_message->setWordWrap(true);

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Create"));
    ok->setObjectName(QStringLiteral("createButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    m_buttons->setObjectName(QStringLiteral("buttons"));

    auto *hint = new QLabel(tr("Up to 255 letters (uppercase and lowercase), numbers, hyphens, and "
                               "underscores are allowed."),
                            this);
    hint->setWordWrap(true);
    hint->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Cluster &name:"), m_nameEdit);
    form->addRow(QString(), hint);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_nameEdit, &QLineEdit::textChanged, this, &CreateClusterDialog::revalidate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    resize(420, sizeHint().height());
    revalidate();
}

QString CreateClusterDialog::name() const
{
    return m_nameEdit->text();
}

void CreateClusterDialog::setName(const QString &name)
{
    m_nameEdit->setText(name);
}

QString CreateClusterDialog::validateName(const QString &name)
{
    if (name.isEmpty())
        return tr("Enter a cluster name.");
    if (name.size() > 255)
        return tr("The name is %1 characters long; at most 255 are allowed.").arg(name.size());
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (!allowed.match(name).hasMatch()) {
        static const QRegularExpression bad(QStringLiteral("[^A-Za-z0-9_-]"));
        const QString first = bad.match(name).captured();
        if (first.front().isSpace())
            return tr("Spaces are not allowed: use letters, digits, hyphens and underscores.");
        return tr("\"%1\" is not allowed: use letters, digits, hyphens and underscores.").arg(first);
    }
    return {};
}

void CreateClusterDialog::revalidate()
{
    const QString problem = validateName(name());
    // An empty field is not an error yet: say nothing until the user has typed something.
    m_message->setText(name().isEmpty() ? QString() : problem);
    m_message->setStyleSheet(problem.isEmpty() ? QString() : palette::themed(QStringLiteral("color: {{error}};")));
    m_nameEdit->setProperty("invalid", !problem.isEmpty() && !name().isEmpty());
    m_nameEdit->setStyleSheet(!problem.isEmpty() && !name().isEmpty()
                                  ? palette::themed(QStringLiteral("QLineEdit { border: 2px solid {{error}}; }"))
                                  : QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace fd::ui
