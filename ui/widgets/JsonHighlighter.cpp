#include "JsonHighlighter.h"

#include "Palette.h"

#include <QRegularExpression>

namespace fd::ui {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_keyFormat.setForeground(palette::JsonKey);
    m_stringFormat.setForeground(palette::JsonString);
    m_numberFormat.setForeground(palette::JsonNumber);
    m_literalFormat.setForeground(palette::JsonLiteral);
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
