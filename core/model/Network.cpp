#include "Network.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace fd {

QString zoneOfSubnet(const QString &subnetId, const QStringList &zones)
{
    if (zones.isEmpty())
        return {};
    // The longest zone name the id contains wins ("us-east-1b" over a shorter one it also holds).
    QString named;
    for (const QString &z : zones) {
        if (subnetId.contains(z) && z.size() > named.size())
            named = z;
    }
    if (!named.isEmpty())
        return named;
    // FNV-1a over the id's UTF-16 code units: the same in every process (qHash is seeded).
    quint32 h = 2166136261u;
    for (const QChar c : subnetId) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return zones.at(qsizetype(h % quint32(zones.size())));
}

QString newEniId()
{
    QString id = QStringLiteral("eni-");
    static const char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 17; ++i)
        id += QLatin1Char(kHex[QRandomGenerator::global()->bounded(16)]);
    return id;
}

QString macAddressOf(const QString &eniId)
{
    const QByteArray digest = QCryptographicHash::hash(eniId.toUtf8(), QCryptographicHash::Sha1);
    QStringList parts{QStringLiteral("0a")}; // 0x0a: locally administered, unicast
    for (int i = 0; i < 5; ++i)
        parts.append(QStringLiteral("%1").arg(uint(quint8(digest.at(i))), 2, 16, QLatin1Char('0')));
    return parts.join(u':');
}

QString privateDnsNameOf(const QString &address)
{
    QString dashed = address;
    dashed.replace(u'.', u'-');
    return QStringLiteral("ip-%1.ec2.internal").arg(dashed);
}

QString EniAddressPool::take()
{
    while (m_next <= kLast) {
        const quint32 a = m_next++;
        const quint32 last = a & 0xff;
        if (last == 0 || last == 255)
            continue;
        const QString address = QStringLiteral("127.%1.%2.%3").arg((a >> 16) & 0xff).arg((a >> 8) & 0xff).arg(last);
        if (!m_held.contains(address)) {
            m_held.insert(address);
            return address;
        }
    }
    return {};
}

} // namespace fd
