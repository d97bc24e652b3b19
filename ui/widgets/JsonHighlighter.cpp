#include "JsonHighlighter.h"

#include <QRegularExpression>

namespace fd::ui {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_keyFormat.setForeground(QColor(0x1a, 0x4f, 0x8b));
    m_stringFormat.setForeground(QColor(0x2e, 0x7d, 0x32));
    m_numberFormat.setForeground(QColor(0xad, 0x4e, 0x00));
    m_literalFormat.setForeground(QColor(0x7b, 0x1f, 0xa2));
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    // A string followed by a colon is a member name; escaped quotes stay inside the string.
    static const QRegularExpression token(
        QStringLiteral(R"(("(?:[^"\\]|\\.)*")(\s*:)?|(-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|\b(true|false|null)\b)"));
    for (auto it = token.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart(1) >= 0)
            setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)),
                      m.capturedLength(2) > 0 ? m_keyFormat : m_stringFormat);
        else if (m.capturedStart(3) >= 0)
            setFormat(int(m.capturedStart(3)), int(m.capturedLength(3)), m_numberFormat);
        else if (m.capturedStart(4) >= 0)
            setFormat(int(m.capturedStart(4)), int(m.capturedLength(4)), m_literalFormat);
    }
}

} // namespace fd::ui
