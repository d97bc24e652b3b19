#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace fd::ui {

/** Colours JSON: member names, strings, numbers, and true/false/null. Line by line, no state. */
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonHighlighter)

public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_keyFormat;
    QTextCharFormat m_stringFormat;
    QTextCharFormat m_numberFormat;
    QTextCharFormat m_literalFormat;
};

} // namespace fd::ui
