#include "docker/TarWriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace fd::docker {

namespace {

constexpr int kBlock = 512;

// Writes `value` as zero-padded octal into a field of `width` bytes (width - 1 digits + NUL).
void putOctal(char *field, int width, quint64 value)
{
    QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    std::memcpy(field, digits.constData(), size_t(std::min<qsizetype>(digits.size(), width - 1)));
    field[width - 1] = '\0';
}

void putString(char *field, int width, const QByteArray &value)
{
    std::memcpy(field, value.constData(), size_t(std::min<qsizetype>(value.size(), width)));
}

void pad(QByteArray &out)
{
    const qsizetype rest = out.size() % kBlock;
    if (rest)
        out.append(kBlock - rest, '\0');
}

// One PAX record: "<length> <key>=<value>\n", where <length> counts the whole record including itself.
QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    const qsizetype body = 1 + key.size() + 1 + value.size() + 1; // " key=value\n"
    qsizetype len = body + QByteArray::number(body).size();
    if (QByteArray::number(len).size() != QByteArray::number(body).size())
        len = body + QByteArray::number(len).size();
    return QByteArray::number(len) + ' ' + key + '=' + value + '\n';
}

// Splits a path into ustar's prefix (<= 155) and name (<= 100) at a '/'; false when impossible.
bool splitUstar(const QByteArray &path, QByteArray *prefix, QByteArray *name)
{
    if (path.size() <= 100) {
        *prefix = {};
        *name = path;
        return true;
    }
    for (qsizetype i = path.size() - 1; i > 0; --i) {
        if (path[i] != '/')
            continue;
        const qsizetype nameLen = path.size() - i - 1;
        if (nameLen > 100 || nameLen == 0)
            return false;
        if (i <= 155) {
            *prefix = path.left(i);
            *name = path.mid(i + 1);
            return true;
        }
    }
    return false;
}

QByteArray header(const QByteArray &name, const QByteArray &prefix, char type, quint64 size, int mode, qint64 mtime,
                  const QByteArray &link)
{
    QByteArray h(kBlock, '\0');
    char *p = h.data();
    putString(p + 0, 100, name);
    putOctal(p + 100, 8, quint64(mode & 07777));
    putOctal(p + 108, 8, 0); // uid
    putOctal(p + 116, 8, 0); // gid
    putOctal(p + 124, 12, size);
    putOctal(p + 136, 12, quint64(std::max<qint64>(mtime, 0)));
    std::memset(p + 148, ' ', 8); // the checksum counts its own field as spaces
    p[156] = type;
    putString(p + 157, 100, link);
    std::memcpy(p + 257, "ustar", 6); // "ustar\0"
    std::memcpy(p + 263, "00", 2);
    putString(p + 265, 32, "root");
    putString(p + 297, 32, "root");
    putOctal(p + 329, 8, 0);
    putOctal(p + 337, 8, 0);
    putString(p + 345, 155, prefix);
    quint32 sum = 0;
    for (int i = 0; i < kBlock; ++i)
        sum += static_cast<uchar>(p[i]);
    // Six octal digits, NUL, space: the traditional layout every reader accepts.
    const QByteArray digits = QByteArray::number(sum, 8).rightJustified(6, '0');
    std::memcpy(p + 148, digits.constData(), 6);
    p[154] = '\0';
    p[155] = ' ';
    return h;
}

} // namespace

void TarWriter::addFile(const QString &path, const QByteArray &data, int mode, const QDateTime &mtime)
{
    addEntry(path, '0', data, mode, mtime, {});
}

void TarWriter::addDirectory(const QString &path, int mode, const QDateTime &mtime)
{
    QString p = path;
    if (!p.endsWith(u'/'))
        p += u'/';
    addEntry(p, '5', {}, mode, mtime, {});
}

void TarWriter::addSymlink(const QString &path, const QString &target, const QDateTime &mtime)
{
    addEntry(path, '2', {}, 0777, mtime, target);
}

void TarWriter::addEntry(const QString &path, char type, const QByteArray &data, int mode, const QDateTime &mtime,
                         const QString &linkTarget)
{
    QByteArray p = path.toUtf8();
    while (p.startsWith('/'))
        p.remove(0, 1);
    const QByteArray link = linkTarget.toUtf8();
    const qint64 secs = mtime.isValid() ? mtime.toSecsSinceEpoch() : 0;

    QByteArray prefix, name;
    QByteArray pax;
    if (!splitUstar(p, &prefix, &name)) {
        pax += paxRecord("path", p);
        prefix.clear();
        name = p.left(100);
    }
    if (link.size() > 100)
        pax += paxRecord("linkpath", link);
    if (!pax.isEmpty()) {
        m_out += header("././@PaxHeader", {}, 'x', quint64(pax.size()), 0644, secs, {});
        m_out += pax;
        pad(m_out);
    }
    m_out += header(name, prefix, type, quint64(data.size()), mode, secs, link.left(100));
    m_out += data;
    pad(m_out);
}

QByteArray TarWriter::finish()
{
    m_out.append(2 * kBlock, '\0');
    return std::exchange(m_out, {});
}

Result<QByteArray> TarWriter::tarDirectory(const QString &directory)
{
    const QDir root(directory);
    if (!root.exists())
        return makeError(QStringLiteral("BuildContext"),
                         QStringLiteral("The build context directory %1 does not exist.").arg(directory));
    QStringList entries;
    QDirIterator it(directory, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        entries.append(root.relativeFilePath(it.next()));
    entries.sort();

    TarWriter tar;
    for (const QString &rel : entries) {
        const QFileInfo fi(root.filePath(rel));
        const QDateTime mtime = fi.lastModified();
        if (fi.isSymLink()) {
#ifdef Q_OS_UNIX
            const QByteArray local = QFile::encodeName(fi.filePath());
            QByteArray target(4096, '\0');
            const ssize_t n = ::readlink(local.constData(), target.data(), size_t(target.size()));
            if (n < 0)
                return makeError(QStringLiteral("BuildContext"),
                                 QStringLiteral("Cannot read the link %1.").arg(fi.filePath()));
            target.truncate(qsizetype(n));
            tar.addSymlink(rel, QFile::decodeName(target), mtime);
#endif
            continue;
        }
        const int mode = ((fi.permissions() & QFile::ExeOwner) ? 0755 : 0644);
        if (fi.isDir()) {
            tar.addDirectory(rel, 0755, mtime);
        } else if (fi.isFile()) {
            QFile f(fi.filePath());
            if (!f.open(QIODevice::ReadOnly))
                return makeError(QStringLiteral("BuildContext"),
                                 QStringLiteral("Cannot read %1: %2.").arg(fi.filePath(), f.errorString()));
            tar.addFile(rel, f.readAll(), mode, mtime);
        }
        // Sockets, fifos and devices are left out, as the docker CLI does.
    }
    return tar.finish();
}

} // namespace fd::docker
