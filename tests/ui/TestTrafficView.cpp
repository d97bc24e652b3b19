// The Traffic page in the console's window, driven by its widgets against backends started in the
// test on 127.0.0.1: Start sends the traffic, the verdict reads "N requests, 0 failed" when none
// failed and turns the failure colour when some did, who served what and the latency are shown,
// each failure is listed with its cause, Stop ends a run, and a URL off this machine is refused
// with the reason.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "MainWindow.h"
#include "PageKeys.h"
#include "Palette.h"
#include "TrafficBackend.h"
#include "charts/TrafficChart.h"
#include "traffic/TrafficGenerator.h"
#include "views/TrafficView.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using fd::test::TrafficBackend;
using fd::ui::MainWindow;
using fd::ui::TrafficView;

class TestTrafficView final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void isAPageOfTheConsole();
    void startShowsTheVerdictAndWhoServed();
    void failuresTurnTheVerdictRedAndAreListed();
    void stopEndsTheRun();
    void urlOffThisMachineIsRefused();

private:
    template<typename T> T *find(const char *name) const
    {
        T *w = m_window->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    void fill(const QString &url, const QString &paths, int count, int rate);

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<MainWindow> m_window;
    TrafficView *m_view = nullptr;
    std::unique_ptr<TrafficBackend> m_backend;
};

void TestTrafficView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    m_cp = std::move(opened).value();
    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->show(fd::ui::pages::Traffic));
    m_view = m_window->page<TrafficView>();
    QVERIFY(m_view);
    m_backend = std::make_unique<TrafficBackend>();
    QVERIFY(m_backend->start());
    m_backend->setTasks({{"0123456789abcdef0123456789abcdef", "1", "orange"},
                         {"1123456789abcdef0123456789abcdef", "1", "orange"},
                         {"2123456789abcdef0123456789abcdef", "2", "blue"}});
}

void TestTrafficView::cleanup()
{
    if (m_window)
        m_window->context().traffic().stop();
    m_view = nullptr;
    m_window.reset();
    m_backend.reset();
    m_cp.reset();
    m_dir.reset();
}

void TestTrafficView::fill(const QString &url, const QString &paths, int count, int rate)
{
    auto *urlEdit = find<QLineEdit>("trafficUrl");
    urlEdit->clear();
    QTest::keyClicks(urlEdit, url);
    auto *pathsEdit = find<QLineEdit>("trafficPaths");
    pathsEdit->clear();
    QTest::keyClicks(pathsEdit, paths);
    find<QSpinBox>("trafficCount")->setValue(count);
    find<QSpinBox>("trafficRate")->setValue(rate);
    find<QSpinBox>("trafficConcurrency")->setValue(3);
    find<QSpinBox>("trafficDuration")->setValue(30);
}

void TestTrafficView::isAPageOfTheConsole()
{
    QCOMPARE(m_window->page(fd::ui::pages::Traffic), m_view);
    QVERIFY(m_view->isVisible());
    // The default target is where a first listener would be.
    QCOMPARE(find<QLineEdit>("trafficUrl")->text(), QStringLiteral("http://127.0.0.1:8080/"));
    QCOMPARE(m_view->verdictText(), QStringLiteral("No traffic sent yet"));
    QVERIFY(find<QPushButton>("trafficStart")->isEnabled());
    QVERIFY(!find<QPushButton>("trafficStop")->isEnabled());
}

void TestTrafficView::startShowsTheVerdictAndWhoServed()
{
    fill(m_backend->url(), QString(), 60, 0);
    QTest::mouseClick(find<QPushButton>("trafficStart"), Qt::LeftButton);
    QVERIFY2(m_view->errorText().isEmpty(), qPrintable(m_view->errorText()));
    QTRY_COMPARE_WITH_TIMEOUT(m_view->verdictText(), QStringLiteral("60 requests, 0 failed"), 10000);
    QTRY_VERIFY(find<QPushButton>("trafficStart")->isEnabled());
    QVERIFY(!find<QPushButton>("trafficStop")->isEnabled());
    QCOMPARE(m_backend->requestsSeen(), 60);
    QVERIFY2(m_view->statusText().contains(QStringLiteral("count reached")), qPrintable(m_view->statusText()));
    QVERIFY(find<QLabel>("trafficVerdict")->text().contains(fd::ui::palette::Ok.name()));

    // Who served: two revisions (40 and 20), three tasks of 20.
    const QAbstractItemModel *revisions = find<QTableView>("trafficRevisions")->model();
    QCOMPARE(revisions->rowCount(), 2);
    const QAbstractItemModel *tasks = find<QTableView>("trafficTasks")->model();
    QCOMPARE(tasks->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(tasks->index(row, 2).data().toString(), QStringLiteral("20"));
    QCOMPARE(revisions->index(0, 0).data().toString(), QStringLiteral("1"));
    QCOMPARE(revisions->index(0, 2).data().toString(), QStringLiteral("40"));
    QCOMPARE(revisions->index(0, 3).data().toString(), QStringLiteral("66.7 %"));

    const QString latency = find<QLabel>("trafficLatency")->text();
    QVERIFY2(latency.contains(QStringLiteral("p50")) && latency.contains(QStringLiteral("p99")), qPrintable(latency));
    QCOMPARE(find<QTreeWidget>("trafficFailures")->topLevelItemCount(), 0);
    // The chart stacks both revisions, the newest in the deployment view's target colour.
    const auto *chart = find<fd::ui::TrafficChart>("trafficChart");
    QVERIFY(chart->seriesNames().contains(QStringLiteral("revision 2")));
    QVERIFY(chart->seriesNames().contains(QStringLiteral("revision 1")));
}

void TestTrafficView::failuresTurnTheVerdictRedAndAreListed()
{
    m_backend->setBehaviour("/bad", TrafficBackend::Behaviour::Status500);
    fill(m_backend->url(), QStringLiteral("/, /bad"), 10, 0);
    QTest::mouseClick(find<QPushButton>("trafficStart"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_view->verdictText(), QStringLiteral("10 requests, 5 failed"), 10000);
    QVERIFY(find<QLabel>("trafficVerdict")->text().contains(fd::ui::palette::Error.name()));
    auto *failures = find<QTreeWidget>("trafficFailures");
    QTRY_COMPARE(failures->topLevelItemCount(), 5);
    const QTreeWidgetItem *first = failures->topLevelItem(0);
    QCOMPARE(first->text(1), QStringLiteral("HTTP status"));
    QCOMPARE(first->text(2), QStringLiteral("HTTP 500 Internal Server Error"));
    QCOMPARE(first->text(3), QStringLiteral("/bad"));
    QVERIFY(!first->text(4).isEmpty()); // the task that answered 500
}

void TestTrafficView::stopEndsTheRun()
{
    m_backend->setBehaviour("/", TrafficBackend::Behaviour::Hang);
    fill(m_backend->url(), QString(), 1000, 0);
    QTest::mouseClick(find<QPushButton>("trafficStart"), Qt::LeftButton);
    QTRY_VERIFY(find<QPushButton>("trafficStop")->isEnabled());
    QVERIFY(!find<QLineEdit>("trafficUrl")->isEnabled()); // not changed under a running run
    QTRY_COMPARE(m_backend->requestsSeen(), 3);
    QTest::mouseClick(find<QPushButton>("trafficStop"), Qt::LeftButton);
    QTRY_VERIFY(find<QPushButton>("trafficStart")->isEnabled());
    QTRY_VERIFY2(m_view->statusText().contains(QStringLiteral("stopped")), qPrintable(m_view->statusText()));
    QVERIFY2(m_view->statusText().contains(QStringLiteral("3 abandoned at stop")), qPrintable(m_view->statusText()));
    QCOMPARE(m_view->verdictText(), QStringLiteral("0 requests, 0 failed"));
}

void TestTrafficView::urlOffThisMachineIsRefused()
{
    fill(QStringLiteral("http://example.com/"), QString(), 10, 0);
    QTest::mouseClick(find<QPushButton>("trafficStart"), Qt::LeftButton);
    QVERIFY(find<QLabel>("trafficError")->isVisible());
    QVERIFY2(m_view->errorText().contains(QStringLiteral("127.0.0.0/8")), qPrintable(m_view->errorText()));
    QVERIFY(!m_window->context().traffic().isRunning());
    QCOMPARE(m_window->context().traffic().runId(), std::uint64_t(0));
    // Fixed, it starts, and the message goes.
    fill(m_backend->url(), QString(), 5, 0);
    QTest::mouseClick(find<QPushButton>("trafficStart"), Qt::LeftButton);
    QVERIFY(!find<QLabel>("trafficError")->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(m_view->verdictText(), QStringLiteral("5 requests, 0 failed"), 10000);
}

QTEST_MAIN(TestTrafficView)
#include "TestTrafficView.moc"
