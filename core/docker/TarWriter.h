#pragma once

#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace fd::docker {

/// Writes a POSIX ustar archive in memory: the build context of POST /build (Qt has no tar).
///
/// Regular files, directories and symbolic links; paths longer than ustar's 100 (+155 prefix)
/// bytes get a PAX extended header, as GNU tar and Docker read them. Owner is 0:0, like the
/// docker CLI's build contexts.
class TarWriter final
{
public:
    /// `path` is relative, '/'-separated ("app/index.html"); `mode` the permission bits.
    void addFile(const QString &path, const QByteArray &data, int mode = 0644, const QDateTime &mtime = {});
    void addDirectory(const QString &path, int mode = 0755, const QDateTime &mtime = {});
    void addSymlink(const QString &path, const QString &target, const QDateTime &mtime = {});

    /// The archive, ended by its two zero blocks. The writer can be used again after this.
    QByteArray finish();

    /// Tars a directory tree (sorted, so the same tree gives the same bytes). Blocking file I/O:
    /// call it off the GUI thread. Errors (code "BuildContext") name the file that failed.
    static Result<QByteArray> tarDirectory(const QString &directory);

private:
    void addEntry(const QString &path, char type, const QByteArray &data, int mode, const QDateTime &mtime,
                  const QString &linkTarget);

    QByteArray m_out;
};

} // namespace fd::docker
