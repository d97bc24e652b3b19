// What the AWS-compatible API changes appears in the open console within a second: real HTTP
// requests to the endpoint the application serves, a real window watching.

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "MainWindow.h"
#include "System.h"
#include "TestSupport.h"
#include "api/ApiEndpoint.h"
#include "views/NavigationTree.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

namespace {

QTreeWidgetItem *findItem(QTreeWidget *tree, const QString &text)
{
    const auto items = tree->findItems(text, Qt::MatchExactly | Qt::MatchRecursive);
    return items.isEmpty() ? nullptr : items.first();
}

} // namespace

class TestLiveApi : public QObject
{
    Q_OBJECT

private:
    QNetworkReply *post(const QByteArray &operation, const QByteArray &body)
    {
        QNetworkRequest req(QUrl(m_system->apiUrl() + u'/'));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-amz-json-1.1"));
        req.setRawHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
        return m_nam.post(req, body);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<fd::System> m_system;
    std::unique_ptr<fd::ui::MainWindow> m_window;
    QNetworkAccessManager m_nam;

private slots:
    void initTestCase()
    {
        // The control plane and its API endpoint on a free port; no engines, the controllers idle.
        m_system = fd::test::apiOnlySystem(m_dir.path());
        QVERIFY(m_system);
        QVERIFY(m_system->api());
        m_window = std::make_unique<fd::ui::MainWindow>(m_system->controlPlane());
        m_window->context().setApiEndpoint(m_system->apiUrl());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_system->api()->stop(); // no request reaches a window on its way out
        m_window.reset();
        m_system.reset();
    }

    void apiChangesAppearWithinASecond()
    {
        auto *nav = m_window->findChild<QTreeWidget *>(QStringLiteral("navigation"));
        QVERIFY(nav);
        QVERIFY(!findItem(nav, QStringLiteral("from-the-cli")));

        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = post("CreateCluster", R"({"clusterName":"from-the-cli"})");
        QTRY_VERIFY_WITH_TIMEOUT(findItem(nav, QStringLiteral("from-the-cli")), 1000);
        qInfo("cluster visible in the console %lld ms after the request was sent", timer.elapsed());
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();

        timer.restart();
        reply = post("RegisterTaskDefinition", R"({"family":"live","containerDefinitions":[
            {"name":"web","image":"fleetdeck/demo-web:1","memory":128}]})");
        QTRY_VERIFY_WITH_TIMEOUT(findItem(nav, QStringLiteral("live:1")), 1000);
        qInfo("revision visible in the console %lld ms after the request was sent", timer.elapsed());
        reply->deleteLater();

        reply = post("DeleteCluster", R"({"cluster":"from-the-cli"})");
        QTRY_VERIFY_WITH_TIMEOUT(!findItem(nav, QStringLiteral("from-the-cli")), 1000);
        reply->deleteLater();
    }

    void consoleChangesAreVisibleThroughTheApi()
    {
        // What the console does goes through the same control plane, so the API sees it at once.
        QVERIFY(m_system->controlPlane().clusters().create(QStringLiteral("from-the-console")));
        QNetworkReply *reply = post("ListClusters", "{}");
        QTRY_VERIFY(reply->isFinished());
        QVERIFY(reply->readAll().contains("cluster/from-the-console"));
        reply->deleteLater();
    }
};

QTEST_MAIN(TestLiveApi)
#include "TestLiveApi.moc"
