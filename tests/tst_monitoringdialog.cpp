// AI > Model Monitoring and the AI panel's banner (issue 20 item 5), offscreen, on a feedback
// database with a planted drift: from day 80 of 110, half the images come from a new
// manufacturer whose input histogram is brighter, and the model's last golden run failed. The
// dialog lists the alarms and charts them; the banner says an alarm is open; in German, too.
// Screenshots go to PULMO_SCREENSHOT_DIR when it is set.

#include "AiPanel.h"
#include "GoldenStore.h"
#include "MainWindow.h"
#include "MonitoringBanner.h"
#include "MonitoringDialog.h"
#include "MonitoringStore.h"
#include "Translations.h"
#include "support/DriftedDatabase.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtTest>

#include <cmath>
#include <random>

using namespace pulmo;

namespace {

const QString kModel = QStringLiteral("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00");
using test::kDriftChangeDay;

void screenshot(QWidget& widget, const QString& name)
{
    const QString folder = qEnvironmentVariable("PULMO_SCREENSHOT_DIR");
    if (!folder.isEmpty()) widget.grab().save(QDir(folder).filePath(name + QStringLiteral(".png")));
}

}  // namespace

class TestMonitoringDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_database;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        m_database = m_work.filePath(QStringLiteral("feedback.sqlite"));
        QVERIFY(test::writeDriftedDatabase(m_database, kModel));
    }

    void cleanupTestCase() { QSettings().clear(); }

    void dialog_listsAndChartsThePlantedDrift()
    {
        app::installTranslations(QStringLiteral("en"));
        app::MonitoringDialog dialog(m_database);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.models()->count(), 1);
        QVERIFY2(dialog.summary()->text().contains(QStringLiteral("open alarm")), qPrintable(dialog.summary()->text()));

        // The new manufacturer (on the change's second day, when its 6 images a day reach 10), the
        // input's change and the golden run are listed.
        QStringList rows;
        for (int row = 0; row < dialog.alarms()->rowCount(); ++row)
            rows << dialog.alarms()->item(row, 0)->text() + QLatin1Char('|') + dialog.alarms()->item(row, 1)->text() +
                        QLatin1Char('|') + dialog.alarms()->item(row, 3)->text() + QLatin1Char('|') +
                        dialog.alarms()->item(row, 4)->text();
        const QString all = rows.join(QLatin1Char('\n'));
        const QString changeDay =
            QLocale().toString(QDate(2026, 1, 1).addDays(kDriftChangeDay + 1), QLocale::ShortFormat);
        QVERIFY2(all.contains(QStringLiteral("metadata drift|manufacturer:new Future Imaging Systems (synthetic)|") +
                              changeDay + QStringLiteral("|open")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("input drift|histogram_js")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("golden set|sensitivity_lower_bound")), qPrintable(all));

        // One tab per chart, the golden set's last; the histogram chart climbs past its threshold
        // after the change and stays below it before.
        QCOMPARE(dialog.charts()->count(), 6);
        auto* view = qobject_cast<QChartView*>(dialog.charts()->widget(0));
        QVERIFY(view);
        QLineSeries* thirty = nullptr;
        for (QAbstractSeries* series : view->chart()->series())
            if (series->name() == QStringLiteral("30 days")) thirty = qobject_cast<QLineSeries*>(series);
        QVERIFY(thirty);
        const qint64 change =
            QDateTime(QDate(2026, 1, 1).addDays(kDriftChangeDay), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        double before = 0, after = 0;
        for (const QPointF& point : thirty->points()) {
            double& side = point.x() < double(change) ? before : after;
            side = std::max(side, point.y());
        }
        QVERIFY2(before < 0.05 && after > 0.1,
                 qPrintable(QStringLiteral("before %1, after %2").arg(before).arg(after)));
        screenshot(dialog, QStringLiteral("monitoring-dialog"));
        dialog.charts()->setCurrentIndex(2);
        screenshot(dialog, QStringLiteral("monitoring-dialog-metadata"));
    }

    void banner_saysAnAlarmIsOpen_inGermanToo()
    {
        QElapsedTimer timer;
        timer.start();
        const app::MonitoringOverview overview = app::monitoringOverview(m_database);
        qInfo("monitoringOverview(): %lld ms for 1320 observations, read included", timer.elapsed());
        QCOMPARE(overview.modelSha256, kModel);
        QVERIFY(overview.open >= 2);
        QVERIFY(overview.error.isEmpty());

        app::installTranslations(QStringLiteral("de"));
        QSettings().setValue(QStringLiteral("feedback/database"), m_database);
        QSettings().setValue(QStringLiteral("feedback/reader"), QStringLiteral("dr.monitor"));
        app::MainWindow window(m_work.filePath(QStringLiteral("index.sqlite")), app::AiSettings{});
        QSignalSpy refreshed(window.monitoring(), &app::MonitoringBanner::monitoringBannerRefreshed);
        window.resize(1400, 900);
        window.show();
        QVERIFY(refreshed.wait(30000));
        const QString text = refreshed.first().first().toString();
        QVERIFY2(text.startsWith(QStringLiteral("Modellüberwachung")), qPrintable(text));
        QCOMPARE(window.aiPanel()->monitoringAlarms(), text);
        auto* banner = window.aiPanel()->findChild<QLabel*>(QStringLiteral("monitoringBanner"));
        QVERIFY(banner && banner->isVisible());
        screenshot(window, QStringLiteral("monitoring-banner-de"));

        // The banner's link opens the dialog, in German.
        QMetaObject::invokeMethod(banner, "linkActivated", Q_ARG(QString, QStringLiteral("monitoring")));
        QVERIFY(QTest::qWaitFor([&] { return window.findChild<app::MonitoringDialog*>() != nullptr; }, 5000));
        auto* dialog = window.findChild<app::MonitoringDialog*>();
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Modellüberwachung"));
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        screenshot(*dialog, QStringLiteral("monitoring-dialog-de"));
        dialog->close();
        app::installTranslations(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestMonitoringDialog)
#include "tst_monitoringdialog.moc"
