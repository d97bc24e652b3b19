#include "lb/Wildcard.h"

namespace fd::lb {

namespace {

char fold(char c, Case sensitivity)
{
    if (sensitivity == Case::Insensitive && c >= 'A' && c <= 'Z')
        return char(c - 'A' + 'a');
    return c;
}

// One pattern element at `p`: a wildcard, or a literal character (after an escape, if any).
struct Token
{
    enum Kind { Star, One, Literal } kind;
    char c;
    std::size_t width; // characters of the pattern it takes
};

Token tokenAt(std::string_view pattern, std::size_t p, Escapes escapes)
{
    const char c = pattern[p];
    if (escapes == Escapes::Backslash && c == '\\' && p + 1 < pattern.size()) {
        const char next = pattern[p + 1];
        if (next == '*' || next == '?' || next == '\\')
            return {Token::Literal, next, 2};
    }
    if (c == '*')
        return {Token::Star, c, 1};
    if (c == '?')
        return {Token::One, c, 1};
    return {Token::Literal, c, 1};
}

} // namespace

bool wildcardMatch(std::string_view pattern, std::string_view text, Case sensitivity, Escapes escapes)
{
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t starP = std::string_view::npos; // pattern position after the last `*`
    std::size_t starT = 0;                      // text position that `*` is tried up to
    while (t < text.size()) {
        if (p < pattern.size()) {
            const Token token = tokenAt(pattern, p, escapes);
            if (token.kind == Token::Star) {
                starP = p + token.width;
                starT = t;
                p = starP;
                continue;
            }
            if (token.kind == Token::One || fold(token.c, sensitivity) == fold(text[t], sensitivity)) {
                p += token.width;
                ++t;
                continue;
            }
        }
        if (starP == std::string_view::npos)
            return false;
        // Let the last `*` take one more character and retry from there.
        p = starP;
        t = ++starT;
    }
    while (p < pattern.size()) {
        const Token token = tokenAt(pattern, p, escapes);
        if (token.kind != Token::Star)
            return false;
        p += token.width;
    }
    return true;
}

} // namespace fd::lb
