#include "ClusterRegistry.h"

#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace fd::registries {

namespace {

// What a cluster carries besides its row in the clusters table (settings, configuration, capacity
// providers) is one document of this kind per cluster name: no schema migration needed.
const QString kClusterSettingsKind = QStringLiteral("cluster-settings");

QByteArray settingsDocument(const Cluster &c)
{
    QJsonObject o;
    o[u"containerInsights"] = c.containerInsights;
    if (c.configuration) {
        QJsonObject conf;
        if (c.configuration->hasExecuteCommandConfiguration) {
            QJsonObject exec;
            if (!c.configuration->executeCommandLogging.isEmpty())
                exec[u"logging"] = c.configuration->executeCommandLogging;
            conf[u"executeCommandConfiguration"] = exec;
        }
        o[u"configuration"] = conf;
    }
    o[u"capacityProviders"] = QJsonArray::fromStringList(c.capacityProviders);
    QJsonArray strategy;
    for (const CapacityProviderStrategyItem &i : c.defaultCapacityProviderStrategy)
        strategy.append(QJsonObject{{QStringLiteral("capacityProvider"), i.capacityProvider},
                                    {QStringLiteral("weight"), i.weight},
                                    {QStringLiteral("base"), i.base}});
    o[u"defaultCapacityProviderStrategy"] = strategy;
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool readSettings(const QByteArray &doc, Cluster &c)
{
    QJsonParseError error;
    const QJsonDocument d = QJsonDocument::fromJson(doc, &error);
    if (error.error != QJsonParseError::NoError || !d.isObject())
        return false;
    const QJsonObject o = d.object();
    c.containerInsights = o[u"containerInsights"].toString(QStringLiteral("disabled"));
    if (o.contains(u"configuration")) {
        const QJsonObject conf = o[u"configuration"].toObject();
        ClusterConfiguration configuration;
        configuration.hasExecuteCommandConfiguration = conf.contains(u"executeCommandConfiguration");
        configuration.executeCommandLogging = conf[u"executeCommandConfiguration"][u"logging"].toString();
        c.configuration = configuration;
    }
    c.capacityProviders.clear();
    for (const QJsonValue &v : o[u"capacityProviders"].toArray())
        c.capacityProviders.append(v.toString());
    c.defaultCapacityProviderStrategy.clear();
    for (const QJsonValue &v : o[u"defaultCapacityProviderStrategy"].toArray())
        c.defaultCapacityProviderStrategy.append(
            {v[u"capacityProvider"].toString(), v[u"weight"].toInt(), v[u"base"].toInt()});
    return true;
}

} // namespace

Status ClusterRegistry::load(const Store &store)
{
    Result<QList<Cluster>> clusters = store.loadClusters();
    if (!clusters)
        return clusters.error();
    m_clusters = std::move(clusters).value();
    Result<QList<Store::Document>> docs = store.loadDocuments(kClusterSettingsKind);
    if (!docs)
        return docs.error();
    for (const Store::Document &d : docs.value()) {
        auto it = std::lower_bound(m_clusters.begin(), m_clusters.end(), d.id,
                                   [](const Cluster &a, const QString &b) { return a.name < b; });
        if (it == m_clusters.end() || it->name != d.id)
            continue; // a cluster row is written in the same transaction; nothing to attach it to
        if (!readSettings(d.document, *it))
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("%1 holds unreadable settings of cluster %2").arg(store.path(), d.id));
    }
    return Ok{};
}

const Cluster *ClusterRegistry::find(const QString &name) const
{
    auto it = std::lower_bound(m_clusters.cbegin(), m_clusters.cend(), name,
                               [](const Cluster &a, const QString &b) { return a.name < b; });
    return it != m_clusters.cend() && it->name == name ? &*it : nullptr;
}

void ClusterRegistry::stage(state::Transaction &tx, const Cluster &cluster)
{
    const QByteArray settings = settingsDocument(cluster);
    tx.put(
        state::kClusterKind, cluster.name,
        [cluster, settings](Store &store) -> Status {
            if (Status s = store.putCluster(cluster); !s)
                return s;
            return store.putDocument(kClusterSettingsKind, cluster.name, cluster.createdAt, settings);
        },
        [this, cluster] { apply(cluster); });
}

void ClusterRegistry::apply(const Cluster &cluster)
{
    auto it = std::lower_bound(m_clusters.begin(), m_clusters.end(), cluster.name,
                               [](const Cluster &a, const QString &b) { return a.name < b; });
    if (it != m_clusters.end() && it->name == cluster.name)
        *it = cluster;
    else
        m_clusters.insert(it, cluster);
}

} // namespace fd::registries
