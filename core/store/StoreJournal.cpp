// The store's journal of transactions and its table of documents (schema 5). Kept apart from
// Store.cpp, which holds the tables of the first resource kinds.

#include "Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace fd {

namespace {

QString opName(state::Change::Op op)
{
    switch (op) {
    case state::Change::Op::Put:
        return QStringLiteral("put");
    case state::Change::Op::Delete:
        return QStringLiteral("delete");
    case state::Change::Op::Derived:
        return QStringLiteral("derived");
    }
    return QStringLiteral("put");
}

state::Change::Op opFromName(const QString &name)
{
    if (name == u"delete")
        return state::Change::Op::Delete;
    if (name == u"derived")
        return state::Change::Op::Derived;
    return state::Change::Op::Put;
}

QByteArray encodeChanges(const QList<state::Change> &changes)
{
    QJsonArray out;
    for (const state::Change &c : changes)
        out.append(QJsonObject{{QStringLiteral("kind"), c.kind}, {QStringLiteral("id"), c.id},
                               {QStringLiteral("op"), opName(c.op)}});
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

QList<state::Change> decodeChanges(const QByteArray &text)
{
    QList<state::Change> out;
    const QJsonArray changes = QJsonDocument::fromJson(text).array();
    for (const QJsonValue &v : changes) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("kind")).toString(), o.value(QStringLiteral("id")).toString(),
                    opFromName(o.value(QStringLiteral("op")).toString())});
    }
    return out;
}

} // namespace

Result<qint64> Store::appendTransaction(const QDateTime &at, const QString &cause, const QList<state::Change> &changes)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO transactions(at_ms, cause, changes) VALUES (?, ?, ?)"));
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(cause);
    q.addBindValue(QString::fromUtf8(encodeChanges(changes)));
    if (!q.exec())
        return sqlError(QStringLiteral("journal transaction"), q.lastError().text());
    return q.lastInsertId().toLongLong();
}

Status Store::putDocument(const QString &kind, const QString &id, const QDateTime &createdAt, const QByteArray &document)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO documents(kind, id, created_at_ms, document) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(kind, id) DO UPDATE SET document = excluded.document"));
    q.addBindValue(kind);
    q.addBindValue(id);
    q.addBindValue(createdAt.toMSecsSinceEpoch());
    q.addBindValue(QString::fromUtf8(document));
    if (!q.exec())
        return sqlError(QStringLiteral("save %1 %2").arg(kind, id), q.lastError().text());
    return Ok{};
}

Status Store::deleteDocument(const QString &kind, const QString &id)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("DELETE FROM documents WHERE kind = ? AND id = ?"));
    q.addBindValue(kind);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("delete %1 %2").arg(kind, id), q.lastError().text());
    return Ok{};
}

Result<QList<Store::Document>> Store::loadDocuments(const QString &kind) const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, created_at_ms, document FROM documents WHERE kind = ? "
                             "ORDER BY created_at_ms, rowid"));
    q.addBindValue(kind);
    if (!q.exec())
        return sqlError(QStringLiteral("load %1 documents").arg(kind), q.lastError().text());
    QList<Document> out;
    while (q.next())
        out.append({q.value(0).toString(), QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC),
                    q.value(2).toString().toUtf8()});
    return out;
}

Result<QList<state::ChangeSet>> Store::loadTransactions(qint64 afterId, int limit) const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at_ms, cause, changes FROM "
                             "(SELECT * FROM transactions WHERE id > ? ORDER BY id DESC LIMIT ?) ORDER BY id"));
    q.addBindValue(afterId);
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(QStringLiteral("load the journal"), q.lastError().text());
    QList<state::ChangeSet> out;
    while (q.next()) {
        state::ChangeSet cs;
        cs.transactionId = q.value(0).toLongLong();
        cs.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
        cs.cause = state::Cause::fromString(q.value(2).toString());
        cs.changes = decodeChanges(q.value(3).toString().toUtf8());
        out.append(std::move(cs));
    }
    if (out.isEmpty())
        return out;
    QSqlQuery e(db());
    e.setForwardOnly(true);
    e.prepare(QStringLiteral("SELECT id, at_ms, resource_type, resource, message, transaction_id FROM events "
                             "WHERE transaction_id BETWEEN ? AND ? ORDER BY id"));
    e.addBindValue(out.first().transactionId);
    e.addBindValue(out.last().transactionId);
    if (!e.exec())
        return sqlError(QStringLiteral("load the journal's events"), e.lastError().text());
    qsizetype i = 0;
    while (e.next()) {
        const qint64 tx = e.value(5).toLongLong();
        while (i < out.size() && out[i].transactionId < tx)
            ++i;
        if (i == out.size())
            break;
        if (out[i].transactionId != tx)
            continue;
        out[i].events.append(Event{e.value(0).toLongLong(),
                                   QDateTime::fromMSecsSinceEpoch(e.value(1).toLongLong(), Qt::UTC),
                                   e.value(2).toString(), e.value(3).toString(), e.value(4).toString()});
    }
    return out;
}

} // namespace fd
