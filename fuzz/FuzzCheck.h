#pragma once

// What a fuzz target does when a promise of the code under test is broken: print what was expected
// and what happened, then abort(), which libFuzzer reports as a crash and saves the input for.

#include <QString>

#include <cstdio>
#include <cstdlib>

namespace fd::fuzz {

[[noreturn]] inline void broken(const char *promise, const QString &detail)
{
    std::fprintf(stderr, "\n==fuzz== broken promise: %s\n==fuzz== %s\n", promise, qPrintable(detail));
    std::fflush(stderr);
    std::abort();
}

// `detail` is a callable returning a QString, so that it costs nothing while the promise holds.
template<typename Detail> void check(bool ok, const char *promise, Detail &&detail)
{
    if (!ok)
        broken(promise, detail());
}

} // namespace fd::fuzz
