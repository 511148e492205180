#include "MonitoringDialog.h"

#include "FeedbackDatabase.h"
#include "ModelMonitoring.h"
#include "MonitoringCharts.h"
#include "MonitoringStore.h"

#include <QApplication>
#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QChartView>

#include <cmath>
#include <exception>

namespace pulmo::app {

namespace {

QString day(int value)
{
    const QDate date = QDate::fromString(QString::fromStdString(monitoring::isoDay(value)), Qt::ISODate);
    return QLocale().toString(date, QLocale::ShortFormat);
}

}  // namespace

QString monitoringKindName(const std::string& kind)
{
    if (kind == "input_drift") return MonitoringDialog::tr("input drift");
    if (kind == "metadata_drift") return MonitoringDialog::tr("metadata drift");
    if (kind == "prediction_drift") return MonitoringDialog::tr("prediction drift");
    if (kind == "agreement_drift") return MonitoringDialog::tr("reader agreement");
    if (kind == "golden_set") return MonitoringDialog::tr("golden set");
    return QString::fromStdString(kind);
}

MonitoringOverview monitoringOverview(const QString& databasePath)
{
    MonitoringOverview overview;
    if (!QFileInfo::exists(databasePath)) return overview;
    try {
        feedback::FeedbackDatabase database(databasePath.toStdString());
        // The model used last: the one the workstation is most likely running (a model with
        // golden runs only, a candidate, is never it).
        const std::vector<QString> models = feedback::MonitoringStore(database).models();
        if (models.empty()) return overview;
        overview.modelSha256 = models.front();
        for (const monitoring::Alarm& alarm : feedback::monitorModel(database, overview.modelSha256).alarms) {
            if (!alarm.open || alarm.level != "alarm") continue;
            ++overview.open;
            const QString kind = monitoringKindName(alarm.kind);
            if (!overview.kinds.contains(kind)) overview.kinds << kind;
        }
    } catch (const std::exception& error) {
        overview.error = QString::fromStdString(error.what());
    }
    return overview;
}

QString monitoringBannerText(const MonitoringOverview& overview)
{
    if (overview.open == 0) return {};
    return MonitoringDialog::tr("Model monitoring: %n open alarm(s) (%1). See AI > Model Monitoring.", "",
                                overview.open)
        .arg(overview.kinds.join(QStringLiteral(", ")));
}

MonitoringDialog::MonitoringDialog(const QString& databasePath, QWidget* parent)
    : QDialog(parent), m_databasePath(databasePath)
{
    setWindowTitle(tr("Model Monitoring"));
    auto* layout = new QVBoxLayout(this);
    m_models = new QComboBox(this);
    layout->addWidget(m_models);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_alarms = new QTableWidget(0, 7, this);
    m_alarms->setHorizontalHeaderLabels(
        {tr("Kind"), tr("Test"), tr("Window"), tr("First day"), tr("State"), tr("Value"), tr("Threshold")});
    m_alarms->horizontalHeader()->setStretchLastSection(true);
    m_alarms->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_alarms->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_alarms->verticalHeader()->hide();
    m_alarms->setMaximumHeight(200);
    layout->addWidget(m_alarms);
    m_charts = new QTabWidget(this);
    layout->addWidget(m_charts, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(1100, 800);

    std::vector<QString> models;
    try {
        if (QFileInfo::exists(databasePath)) {
            feedback::FeedbackDatabase database(databasePath.toStdString());
            models = feedback::monitoredModels(database);
        }
    } catch (const std::exception& error) {
        m_summary->setText(
            tr("The feedback database %1 cannot be read: %2").arg(databasePath, QString::fromStdString(error.what())));
        m_models->hide();
        return;
    }
    if (models.empty()) {
        m_summary->setText(tr("No prediction has been recorded for monitoring in %1 yet.").arg(databasePath));
        m_models->hide();
        return;
    }
    // The model put in use last first: the one the workstation is most likely running.
    for (const QString& model : models) m_models->addItem(tr("Model %1").arg(model.left(16)), model);
    connect(m_models, qOverload<int>(&QComboBox::currentIndexChanged), this, &MonitoringDialog::showModel);
    showModel(0);
}

void MonitoringDialog::showModel(int index)
{
    const QString model = m_models->itemData(index).toString();
    m_alarms->setRowCount(0);
    while (m_charts->count() > 0) {
        QWidget* page = m_charts->widget(0);
        m_charts->removeTab(0);
        delete page;
    }
    feedback::ModelMonitoring figures;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try {
        feedback::FeedbackDatabase database(m_databasePath.toStdString());
        figures = feedback::monitorModel(database, model);
    } catch (const std::exception& error) {
        QApplication::restoreOverrideCursor();
        m_summary->setText(tr("The feedback database %1 cannot be read: %2")
                               .arg(m_databasePath, QString::fromStdString(error.what())));
        return;
    }
    QApplication::restoreOverrideCursor();

    const monitoring::MonitorResult& r = figures.result;
    int open = 0;
    for (const monitoring::Alarm& alarm : figures.alarms) open += alarm.open && alarm.level == "alarm" ? 1 : 0;
    QString text = tr("Model %1.").arg(model);
    if (r.reference.complete)
        text += QLatin1Char(' ') +
                tr("Reference: %1 to %2, %n image(s).", "", int(r.reference.images))
                    .arg(day(r.reference.firstDay), day(r.reference.lastDay)) +
                QLatin1Char(' ') + tr("Monitored to %1.").arg(day(r.lastDay));
    else if (!r.lastDay && figures.golden.empty())
        text += QLatin1Char(' ') + tr("No prediction recorded.");
    else if (!r.reference.complete && r.lastDay)
        text += QLatin1Char(' ') + tr("The reference period is not complete yet (at least 30 days and 150 images).");
    text += QLatin1Char(' ') + (open == 0 ? tr("No open alarm.") : tr("%n open alarm(s).", "", open));
    m_summary->setText(text);

    const auto number = [](double value) {
        return std::isfinite(value) ? QLocale().toString(value, 'g', 4) : tr("n/a");
    };
    for (const monitoring::Alarm& alarm : figures.alarms) {
        const int row = m_alarms->rowCount();
        m_alarms->insertRow(row);
        const QString metric =
            QString::fromStdString(alarm.metric + (alarm.detail.empty() ? std::string() : " " + alarm.detail));
        const QString state = alarm.open ? tr("open") : tr("ended %1").arg(day(alarm.lastHeld));
        const QStringList cells = {
            monitoringKindName(alarm.kind) +
                (alarm.level == "warning" ? QStringLiteral(" (") + tr("warning") + QLatin1Char(')') : QString()),
            metric,
            QString::fromStdString(alarm.window),
            day(alarm.firstAlarm),
            state,
            number(alarm.value),
            number(alarm.threshold)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (alarm.open && alarm.level == "alarm") item->setForeground(QColor(170, 0, 0));
            m_alarms->setItem(row, column, item);
        }
    }

    const auto addChart = [&](QChart* chart, const QString& tab) {
        auto* view = new QChartView(chart);
        view->setRenderHint(QPainter::Antialiasing);
        m_charts->addTab(view, tab);
    };
    if (r.reference.complete && r.lastDay > r.reference.lastDay) {
        const QStringList tabs = {tr("Input histogram"), tr("Input statistics"), tr("Metadata"), tr("Predictions"),
                                  tr("Reader agreement")};
        const QStringList ids = monitoringChartIds();
        for (int i = 0; i < ids.size(); ++i) addChart(monitoringChart(r, ids[i]), tabs.value(i, ids[i]));
    }
    if (!figures.golden.empty()) addChart(goldenChart(figures.golden), tr("Golden set"));
}

}  // namespace pulmo::app
