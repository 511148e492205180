// The study browser a reader can read, offscreen: one row per study over phantom studies (a patient
// with a follow-up study among them), sorting on the columns with next/previous following the
// sorted and filtered order, the sort kept across filter changes, filters by what the browser shows
// (and by DICOM wildcards) as the reader types, date ranges and the message for a date the filter
// does not understand, "x of y shown", the reviewed column, "next unreviewed", an unreadable image's
// row, column widths kept for the next window, and the main window's N, P and U keys.
#include "MainWindow.h"
#include "StudyBrowserPanel.h"
#include "Translations.h"
#include "Worklist.h"
#include "dicom/DicomWriter.h"
#include "index/DateRange.h"
#include "index/StudyIndex.h"
#include "phantom/ChestPhantom.h"
#include "support/AiStudy.h"
#include "widgets/ImageView.h"
#include "widgets/StudyBrowserModel.h"

#include <QtTest>

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDateEdit>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QToolButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>

using namespace pulmo;
using Model = viewer::StudyBrowserModel;

namespace {

struct PhantomStudy {
    const char* key;  ///< the test's name for it
    const char* patientId;
    const char* patientName;
    const char* birthDate;
    int followUp;  ///< ChestPhantomOptions::study
    int images;    ///< in one series
    double ai;     ///< the AI's probability set in the tests
};

// PHANTOM^CHEST 0001 has a first study and a follow-up; DOE's study is today's (for the date buttons).
const PhantomStudy kStudies[] = {
    {"first", "PHANTOM-0001", "PHANTOM^CHEST 0001", "19610402", 0, 2, 0.60},
    {"followUp", "PHANTOM-0001", "PHANTOM^CHEST 0001", "19610402", 1, 1, 0.10},
    {"muster", "PH-0002", "MUSTER^ERIKA", "19800110", 0, 1, 0.999},
    {"doe", "PH-0003", "DOE^JOHN", "20240620", 0, 1, 0.30},
};

QString studyDate(const char* key)
{
    const QString name = QString::fromLatin1(key);
    if (name == QLatin1String("first")) return QStringLiteral("20240301");
    if (name == QLatin1String("followUp")) return QStringLiteral("20240915");
    if (name == QLatin1String("muster")) return QStringLiteral("20240110");
    return QDate::currentDate().toString(QStringLiteral("yyyyMMdd"));
}

QStringList keys(std::initializer_list<const char*> names)
{
    QStringList result;
    for (const char* name : names) result << QString::fromLatin1(name);
    return result;
}

}  // namespace

class TestBrowser : public QObject {
    Q_OBJECT
    QTemporaryDir m_work;
    QString m_folder;
    QString m_database;
    QHash<QString, QString> m_studyUid;     // test key -> Study Instance UID
    QHash<QString, QString> m_seriesUid;    // test key -> Series Instance UID
    QHash<QString, QStringList> m_sopUids;  // test key -> its images' SOP Instance UIDs, in order
    QHash<QString, QStringList> m_files;    // test key -> its files, in order
    std::unique_ptr<index::StudyIndex> m_index;

    /// The test keys of the model's rows, top to bottom.
    QStringList rows(const Model& model) const
    {
        QStringList result;
        for (const QString& uid : model.studiesInOrder()) result << m_studyUid.key(uid);
        return result;
    }

    /// The studies a worklist visits with nextStudy() from its start.
    QStringList walkStudies(app::Worklist& worklist) const
    {
        QStringList result;
        if (!worklist.moveTo(0, 0)) return result;
        result << m_studyUid.key(worklist.currentStudy());
        while (worklist.nextStudy()) result << m_studyUid.key(worklist.currentStudy());
        return result;
    }

    void setAiResults(Model& model) const
    {
        for (const PhantomStudy& study : kStudies) {
            const QString key = QString::fromLatin1(study.key);
            model.setAiResult(m_seriesUid.value(key), study.ai > 0.5 ? "PNEUMONIA" : "NORMAL", study.ai);
        }
    }

    static void clickHeader(QTableView& table, int column)
    {
        QHeaderView* header = table.horizontalHeader();
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    }

    template <typename T>
    static T* childWithToolTip(QWidget& parent, const QString& start)
    {
        for (T* child : parent.findChildren<T*>())
            if (child->toolTip().startsWith(start)) return child;
        return nullptr;
    }

    /// A panel and a worklist wired as the window wires them.
    struct Browser {
        app::StudyBrowserPanel panel;
        app::Worklist worklist;
        explicit Browser(const index::StudyIndex* index) : panel(index), worklist(index)
        {
            connect(&panel, &app::StudyBrowserPanel::orderChanged, &panel,
                    [this](const QStringList& series, const QStringList& studies) {
                        worklist.setSeriesOrder(series, studies);
                    });
            connect(&panel, &app::StudyBrowserPanel::filterChanged, &panel, [this] { panel.reload(); });
            panel.resize(1000, 600);
            panel.show();
            panel.reload();
        }
    };

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        app::installTranslations(QStringLiteral("en"));  // as the program does: English plurals
        m_folder = m_work.filePath(QStringLiteral("phantoms"));
        QVERIFY(QDir().mkpath(m_folder));
        int seed = 1;
        for (const PhantomStudy& plan : kStudies) {
            const QString key = QString::fromLatin1(plan.key);
            const std::string studyUid = dicom::newUid();
            const std::string seriesUid = dicom::newUid();
            for (int image = 0; image < plan.images; ++image) {
                phantom::ChestPhantomOptions options;
                options.seed = uint32_t(plan.followUp == 0 ? seed : seed - 1);  // a follow-up: the same anatomy
                options.size = 256;
                options.patientId = plan.patientId;
                options.patientName = plan.patientName;
                options.patientBirthDate = plan.birthDate;
                options.studyDate = studyDate(plan.key).toStdString();
                options.study = plan.followUp;
                phantom::ChestPhantom made = phantom::makeChestPhantom(options);
                made.spec.studyInstanceUid = studyUid;
                made.spec.seriesInstanceUid = seriesUid;
                made.spec.sopInstanceUid = dicom::newUid();
                made.spec.studyDescription = "CHEST PA";
                const QString file = QDir(m_folder).filePath(QStringLiteral("%1-%2.dcm").arg(key).arg(image + 1));
                dicom::writeGrayImage(file.toStdString(), made.spec);
                m_sopUids[key] << QString::fromStdString(made.spec.sopInstanceUid);
                m_files[key] << file;
            }
            m_studyUid.insert(key, QString::fromStdString(studyUid));
            m_seriesUid.insert(key, QString::fromStdString(seriesUid));
            ++seed;
        }
        m_database = m_work.filePath(QStringLiteral("index.sqlite"));
        m_index = std::make_unique<index::StudyIndex>(m_database);
        const index::IndexReport report = m_index->indexFolders({m_folder});
        QCOMPARE(report.indexed, 5);
        QCOMPARE(report.studies, 4);
        // The worklist pages a study's images in index order: take that order as the truth.
        for (auto it = m_seriesUid.cbegin(); it != m_seriesUid.cend(); ++it) {
            QStringList sops;
            QStringList files;
            for (const index::InstanceRecord& instance : m_index->instances(it.value())) {
                sops << instance.sopInstanceUid;
                files << instance.filePath;
            }
            QCOMPARE(QSet<QString>(sops.begin(), sops.end()),
                     QSet<QString>(m_sopUids[it.key()].begin(), m_sopUids[it.key()].end()));
            m_sopUids[it.key()] = sops;
            m_files[it.key()] = files;
        }
    }

    void init()
    {
        QSettings().remove(QStringLiteral("browser"));  // every test starts with the default columns
    }

    void oneRowPerStudy_aPatientWithTwoStudiesHasTwoRows()
    {
        Model model(m_index.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(Model::ColumnCount));
        // The index's order: patients by name (DOE, MUSTER, PHANTOM), a patient's newest study first.
        QCOMPARE(rows(model), keys({"doe", "muster", "followUp", "first"}));
        const int first = model.studyIndex(m_studyUid["first"]).row();
        const int followUp = model.studyIndex(m_studyUid["followUp"]).row();
        for (const int row : {first, followUp}) {
            QCOMPARE(model.index(row, Model::NameColumn).data().toString(), QStringLiteral("PHANTOM, CHEST 0001"));
            QCOMPARE(model.index(row, Model::IdentifierColumn).data().toString(), QStringLiteral("PHANTOM-0001"));
            QCOMPARE(model.index(row, Model::DescriptionColumn).data().toString(), QStringLiteral("CHEST PA"));
            QCOMPARE(model.index(row, Model::ModalityColumn).data().toString(), QStringLiteral("DX"));
        }
        QCOMPARE(model.index(first, Model::StudyDateColumn).data().toString(), QStringLiteral("2024-03-01"));
        QCOMPARE(model.index(followUp, Model::StudyDateColumn).data().toString(), QStringLiteral("2024-09-15"));
        QCOMPARE(model.index(first, Model::BirthDateColumn).data().toString(), QStringLiteral("1961-04-02 (62 y)"));
        QCOMPARE(model.index(followUp, Model::BirthDateColumn).data().toString(), QStringLiteral("1961-04-02 (63 y)"));
        QCOMPARE(model.index(first, Model::ImagesColumn).data().toString(), QStringLiteral("2"));
        // "1 images" nowhere: English plural forms from the translation.
        const int muster = model.studyIndex(m_studyUid["muster"]).row();
        QCOMPARE(model.index(muster, Model::ImagesColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("1 image in 1 series"));
        QCOMPARE(model.index(first, Model::ImagesColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("2 images in 1 series"));
        QCOMPARE(model.seriesOfStudy(m_studyUid["first"]), QStringList{m_seriesUid["first"]});
        QCOMPARE(model.seriesInOrder().size(), 4);
    }

    void aiColumn_saysWhatItsPercentageIs_withoutFalsePrecision()
    {
        QCOMPARE(Model::formatProbability(0.999), QStringLiteral(">99%"));
        QCOMPARE(Model::formatProbability(1.0), QStringLiteral(">99%"));
        QCOMPARE(Model::formatProbability(0.004), QStringLiteral("<1%"));
        QCOMPARE(Model::formatProbability(0.0), QStringLiteral("<1%"));
        QCOMPARE(Model::formatProbability(0.876), QStringLiteral("88%"));
        QCOMPARE(Model::formatProbability(0.5), QStringLiteral("50%"));
        QCOMPARE(Model::formatProbability(-1.0), QString());
        Model model(m_index.get());
        model.reload();
        QCOMPARE(model.headerData(Model::AiColumn, Qt::Horizontal).toString(), QStringLiteral("AI P(pneumonia)"));
        QVERIFY(model.headerData(Model::AiColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("probability of pneumonia")));
        setAiResults(model);
        const int muster = model.studyIndex(m_studyUid["muster"]).row();
        QCOMPARE(model.index(muster, Model::AiColumn).data().toString(), QStringLiteral(">99%"));
        QVERIFY(model.index(muster, Model::AiColumn).data(Qt::ToolTipRole).toString().contains("PNEUMONIA"));
        QCOMPARE(model.index(muster, 0).data(Model::AiScoreRole).toDouble(), 0.999);
    }

    void nextAndPrevious_followTheSortedOrder_byAiAndByDate()
    {
        Browser browser(m_index.get());
        Model& model = *browser.panel.model();
        setAiResults(model);
        QCOMPARE(walkStudies(browser.worklist), keys({"doe", "muster", "followUp", "first"}));

        // The AI's column, first click: most suspicious first.
        clickHeader(*browser.panel.table(), Model::AiColumn);
        QCOMPARE(model.sortColumn(), int(Model::AiColumn));
        QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
        const QStringList byAi = keys({"muster", "first", "doe", "followUp"});
        QCOMPARE(rows(model), byAi);
        QCOMPARE(walkStudies(browser.worklist), byAi);
        // P walks back the same way; the images of a study come before the next study.
        QStringList back{m_studyUid.key(browser.worklist.currentStudy())};
        while (browser.worklist.previousStudy()) back << m_studyUid.key(browser.worklist.currentStudy());
        std::reverse(back.begin(), back.end());
        QCOMPARE(back, byAi);
        QStringList files{browser.worklist.currentFile()};
        while (browser.worklist.nextImage()) files << browser.worklist.currentFile();
        QCOMPARE(files, m_files["muster"] + m_files["first"] + m_files["doe"] + m_files["followUp"]);

        // The date's column, first click: newest first (DOE's study is today's).
        clickHeader(*browser.panel.table(), Model::StudyDateColumn);
        QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
        const QStringList byDate = keys({"doe", "followUp", "first", "muster"});
        QCOMPARE(rows(model), byDate);
        QCOMPARE(walkStudies(browser.worklist), byDate);
        // Second click: oldest first.
        clickHeader(*browser.panel.table(), Model::StudyDateColumn);
        QCOMPARE(rows(model), keys({"muster", "first", "followUp", "doe"}));

        // The current study stays current through a sort, and N goes on from it in the new order.
        QVERIFY(browser.worklist.moveToSeries(m_seriesUid["first"]));
        clickHeader(*browser.panel.table(), Model::AiColumn);  // most suspicious first again
        QCOMPARE(m_studyUid.key(browser.worklist.currentStudy()), QStringLiteral("first"));
        QVERIFY(browser.worklist.nextStudy());
        QCOMPARE(m_studyUid.key(browser.worklist.currentStudy()), QStringLiteral("doe"));
    }

    void everyColumn_sorts_andRowsWithoutAValueStayAtTheBottom()
    {
        Model model(m_index.get());
        model.reload();
        model.setAiResult(m_seriesUid["first"], "PNEUMONIA", 0.6);
        model.sort(Model::AiColumn, Qt::DescendingOrder);
        QCOMPARE(rows(model).front(), QStringLiteral("first"));
        model.sort(Model::AiColumn, Qt::AscendingOrder);
        QCOMPARE(rows(model).front(), QStringLiteral("first"));  // the others have no result: below
        model.sort(Model::NameColumn, Qt::DescendingOrder);
        QCOMPARE(rows(model), keys({"followUp", "first", "muster", "doe"}));
        model.sort(Model::IdentifierColumn, Qt::AscendingOrder);
        QCOMPARE(rows(model), keys({"muster", "doe", "followUp", "first"}));  // PH-0002, PH-0003, PHANTOM-0001
        model.sort(Model::BirthDateColumn, Qt::AscendingOrder);
        QCOMPARE(rows(model), keys({"followUp", "first", "muster", "doe"}));
        model.sort(Model::ImagesColumn, Qt::DescendingOrder);
        QCOMPARE(rows(model).front(), QStringLiteral("first"));
        model.setReviewedImages({m_sopUids["doe"].front(), m_sopUids["first"].front()});
        model.sort(Model::ReviewedColumn, Qt::DescendingOrder);
        QCOMPARE(rows(model), keys({"doe", "first", "muster", "followUp"}));  // 1/1, 1/2, then 0/1 by name
        for (int column = 0; column < Model::ColumnCount; ++column) {
            model.sort(column, Qt::AscendingOrder);
            QCOMPARE(model.rowCount(), 4);
        }
    }

    void sort_survivesAFilterChange()
    {
        Browser browser(m_index.get());
        Model& model = *browser.panel.model();
        setAiResults(model);
        clickHeader(*browser.panel.table(), Model::AiColumn);
        QLineEdit* name = childWithToolTip<QLineEdit>(browser.panel, QStringLiteral("Patient name"));
        QVERIFY(name);
        QTest::keyClicks(name, QStringLiteral("phantom"));
        QTRY_COMPARE(model.rowCount(), 2);
        QCOMPARE(model.sortColumn(), int(Model::AiColumn));
        QCOMPARE(browser.panel.table()->horizontalHeader()->sortIndicatorSection(), int(Model::AiColumn));
        QCOMPARE(rows(model), keys({"first", "followUp"}));  // 60% before 10%
        QCOMPARE(walkStudies(browser.worklist), keys({"first", "followUp"}));
        name->clear();
        QTRY_COMPARE(model.rowCount(), 4);
        QCOMPARE(rows(model), keys({"muster", "first", "doe", "followUp"}));
    }

    void filters_matchWhatTheBrowserShows_asTheReaderTypes_data()
    {
        QTest::addColumn<QString>("field");  // the start of the field's tool tip
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QStringList>("shown");
        const QString name = QStringLiteral("Patient name");
        const QString id = QStringLiteral("Patient ID");
        const QString date = QStringLiteral("Study date");
        QTest::newRow("name as shown") << name << "PHANTOM, CHEST 0001" << keys({"followUp", "first"});
        QTest::newRow("name as DICOM writes it") << name << "PHANTOM^CHEST 0001" << keys({"followUp", "first"});
        QTest::newRow("lower case") << name << "phantom, chest" << keys({"followUp", "first"});
        QTest::newRow("part of a name") << name << "rik" << keys({"muster"});
        QTest::newRow("wildcard *") << name << "mu*ka" << keys({"muster"});
        QTest::newRow("wildcard ?") << name << "?oe" << keys({"doe"});
        QTest::newRow("name nobody has") << name << "smith" << QStringList();
        QTest::newRow("part of an ID") << id << "0002" << keys({"muster"});
        QTest::newRow("ID wildcard") << id << "ph-000?" << keys({"doe", "muster"});
        QTest::newRow("date as shown") << date << "2024-03-01" << keys({"first"});
        QTest::newRow("date as DICOM writes it") << date << "20240301" << keys({"first"});
        QTest::newRow("a month") << date << "2024-09" << keys({"followUp"});
        QTest::newRow("DICOM range") << date << "20240101-20240331" << keys({"first", "muster"});
        QTest::newRow("range as shown") << date << "2024-01-01 - 2024-03-31" << keys({"first", "muster"});
        QTest::newRow("open end") << date << "2024-03-01 -" << keys({"doe", "followUp", "first"});
    }

    void filters_matchWhatTheBrowserShows_asTheReaderTypes()
    {
        QFETCH(QString, field);
        QFETCH(QString, typed);
        QFETCH(QStringList, shown);
        Browser browser(m_index.get());
        Model& model = *browser.panel.model();
        model.sort(Model::StudyDateColumn, Qt::DescendingOrder);
        QSignalSpy filtered(&browser.panel, &app::StudyBrowserPanel::filterChanged);
        QLineEdit* edit = childWithToolTip<QLineEdit>(browser.panel, field);
        QVERIFY(edit);
        QTest::keyClicks(edit, typed);
        QCOMPARE(filtered.size(), 0);  // not while typing: once the reader pauses
        QVERIFY(filtered.wait(2000));
        QCOMPARE(filtered.size(), 1);
        QCOMPARE(rows(model), shown);
        QVERIFY(browser.panel.dateError().isEmpty());
    }

    void dateFilter_itDoesNotUnderstand_saysSoNextToTheField_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("said");
        QTest::newRow("no such month") << "2024-13-01"
                                       << "\u201c2024-13-01\u201d is not a date";
        QTest::newRow("no such day") << "2024-02-30"
                                     << "\u201c2024-02-30\u201d is not a date";
        QTest::newRow("words") << "last week"
                               << "\u201clast week\u201d is not a date";
        QTest::newRow("backwards") << "2024-03-31 - 2024-03-01"
                                   << "The range ends before it starts";
    }

    void dateFilter_itDoesNotUnderstand_saysSoNextToTheField()
    {
        QFETCH(QString, typed);
        QFETCH(QString, said);
        Browser browser(m_index.get());
        QLineEdit* date = childWithToolTip<QLineEdit>(browser.panel, QStringLiteral("Study date"));
        QVERIFY(date);
        QTest::keyClicks(date, typed);
        QTest::keyClick(date, Qt::Key_Return);
        QVERIFY2(browser.panel.dateError().startsWith(said), qPrintable(browser.panel.dateError()));
        QLabel* shownError = nullptr;
        for (QLabel* label : browser.panel.findChildren<QLabel*>())
            if (label->isVisible() && label->text() == browser.panel.dateError()) shownError = label;
        QVERIFY2(shownError, "the message is not on screen");
        // Below the date field, not somewhere else.
        const QRect field(date->mapTo(&browser.panel, QPoint()), date->size());
        const QRect message(shownError->mapTo(&browser.panel, QPoint()), shownError->size());
        QVERIFY(message.top() >= field.bottom() && message.top() - field.bottom() < 3 * field.height());
        // The list is not silently empty: the date is left out until it is understood.
        QCOMPARE(browser.panel.model()->rowCount(), 4);
        QVERIFY(browser.panel.filter().dateFrom.isEmpty() && browser.panel.filter().dateTo.isEmpty());
        date->clear();
        QVERIFY(browser.panel.dateError().isEmpty());
        QVERIFY(!shownError->isVisible());
    }

    void dateRange_readsWhatReadersType_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("empty") << "" << true << ""
                               << "";
        QTest::newRow("ISO day") << " 2024-03-01 " << true << "20240301"
                                 << "20240301";
        QTest::newRow("DICOM day") << "20240301" << true << "20240301"
                                   << "20240301";
        QTest::newRow("dotted") << "2024.03.01" << true << "20240301"
                                << "20240301";
        QTest::newRow("short parts") << "2024-3-1" << true << "20240301"
                                     << "20240301";
        QTest::newRow("month") << "2024-02" << true << "20240201"
                               << "20240229";
        QTest::newRow("year") << "2023" << true << "20230101"
                              << "20231231";
        QTest::newRow("DICOM range") << "20240101-20240131" << true << "20240101"
                                     << "20240131";
        QTest::newRow("DICOM from") << "20240101-" << true << "20240101"
                                    << "";
        QTest::newRow("DICOM until") << "-20240131" << true << ""
                                     << "20240131";
        QTest::newRow("spaced dash") << "2024-01-01 - 2024-01-31" << true << "20240101"
                                     << "20240131";
        QTest::newRow("en dash") << "2024-01-01\u20132024-01-31" << true << "20240101"
                                 << "20240131";
        QTest::newRow("dots") << "2024-01..2024-02" << true << "20240101"
                              << "20240229";
        QTest::newRow("open end") << "2024-01-01 \u2013" << true << "20240101"
                                  << "";
        QTest::newRow("open start") << "\u2013 2024-01-31" << true << ""
                                    << "20240131";
        QTest::newRow("not a month") << "2024-13" << false << ""
                                     << "";
        QTest::newRow("not a day") << "20240230" << false << ""
                                   << "";
        QTest::newRow("dashes without spaces") << "2024-01-01-2024-01-31" << false << ""
                                               << "";
        QTest::newRow("nothing either side") << " - " << false << ""
                                             << "";
        QTest::newRow("backwards") << "20240131-20240101" << false << ""
                                   << "";
    }

    void dateRange_readsWhatReadersType()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const index::DateRange range = index::parseDateRange(text);
        QCOMPARE(range.ok(), ok);
        QCOMPARE(range.from, ok ? from : QString());
        QCOMPARE(range.to, ok ? to : QString());
    }

    void quickDateButtons_andPickers_setTheRange()
    {
        Browser browser(m_index.get());
        Model& model = *browser.panel.model();
        QLineEdit* date = childWithToolTip<QLineEdit>(browser.panel, QStringLiteral("Study date"));
        QDateEdit* from = childWithToolTip<QDateEdit>(browser.panel, QStringLiteral("First study date"));
        QDateEdit* to = childWithToolTip<QDateEdit>(browser.panel, QStringLiteral("Last study date"));
        QVERIFY(date && from && to);
        QVERIFY(from->calendarPopup() && to->calendarPopup());
        const auto button = [&](const QString& text) {
            for (QToolButton* candidate : browser.panel.findChildren<QToolButton*>())
                if (candidate->text() == text) return candidate;
            return static_cast<QToolButton*>(nullptr);
        };
        const QDate today = QDate::currentDate();
        QTest::mouseClick(button(QStringLiteral("Today")), Qt::LeftButton);
        QCOMPARE(date->text(), today.toString(Qt::ISODate));
        QCOMPARE(rows(model), keys({"doe"}));
        QCOMPARE(from->date(), today);
        QCOMPARE(to->date(), today);
        QTest::mouseClick(button(QStringLiteral("Yesterday")), Qt::LeftButton);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(browser.panel.countText(), QStringLiteral("0 of 4 studies shown"));
        QTest::mouseClick(button(QStringLiteral("7 days")), Qt::LeftButton);
        QCOMPARE(rows(model), keys({"doe"}));
        QCOMPARE(from->date(), today.addDays(-6));
        QTest::mouseClick(button(QStringLiteral("Any")), Qt::LeftButton);
        QVERIFY(date->text().isEmpty());
        QCOMPARE(model.rowCount(), 4);
        // The pickers: from 2024-01-01 to 2024-03-31.
        from->setDate(QDate(2024, 1, 1));
        QCOMPARE(date->text(), QStringLiteral("2024-01-01 \u2013"));
        to->setDate(QDate(2024, 3, 31));
        QCOMPARE(date->text(), QStringLiteral("2024-01-01 \u2013 2024-03-31"));
        QCOMPARE(rows(model), keys({"muster", "first"}));
    }

    void count_saysHowManyOfAllAreShown()
    {
        Browser browser(m_index.get());
        QCOMPARE(browser.panel.countText(), QStringLiteral("4 of 4 studies shown"));
        QLabel* count = nullptr;
        for (QLabel* label : browser.panel.findChildren<QLabel*>())
            if (label->text() == browser.panel.countText()) count = label;
        QVERIFY2(count && count->isVisible(), "the count is not on screen");
        QLineEdit* name = childWithToolTip<QLineEdit>(browser.panel, QStringLiteral("Patient name"));
        QTest::keyClicks(name, QStringLiteral("erika"));
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(browser.panel.countText(), QStringLiteral("1 of 4 studies shown"));
        QCOMPARE(count->text(), browser.panel.countText());
    }

    void reviewedColumn_andNextUnreviewed_skipReviewedAndUnreadableImages()
    {
        Browser browser(m_index.get());
        Model& model = *browser.panel.model();
        app::Worklist& worklist = browser.worklist;
        // doe, muster, followUp, first (2 images): doe and the first image of "first" reviewed.
        model.setReviewedImages({m_sopUids["doe"].front()});
        model.setReviewed(m_sopUids["first"].front(), true);
        const auto reviewed = [&](const char* key) {
            return model.index(model.studyIndex(m_studyUid[key]).row(), Model::ReviewedColumn).data().toString();
        };
        QCOMPARE(reviewed("doe"), QStringLiteral("\u2713"));
        QCOMPARE(reviewed("first"), QStringLiteral("1/2"));
        QCOMPARE(reviewed("muster"), QString());
        const auto needsReview = [&](const index::InstanceRecord& image) {
            return model.needsReview(image.sopInstanceUid, image.filePath);
        };
        QVERIFY(worklist.moveToSeries(m_seriesUid["doe"]));
        QVERIFY(worklist.nextUnreviewed(needsReview));
        QCOMPARE(worklist.currentFile(), m_files["muster"].front());
        // muster's image cannot be read: no verdict can be given, it is skipped, its row says why.
        model.setUnreadable(m_files["muster"].front(), QStringLiteral("The file is truncated"));
        const QModelIndex musterRow = model.studyIndex(m_studyUid["muster"]);
        QVERIFY(model.data(musterRow, Qt::DecorationRole).isValid());
        QVERIFY(model.data(musterRow, Qt::ToolTipRole).toString().contains(QLatin1String("The file is truncated")));
        QCOMPARE(model.data(musterRow, Model::ReviewedRole).toPoint(), QPoint(0, 0));  // in no review count
        QCOMPARE(model.data(musterRow, Model::UnreadableRole).toString(), QStringLiteral("The file is truncated"));
        QVERIFY(worklist.moveToSeries(m_seriesUid["doe"]));
        QVERIFY(worklist.nextUnreviewed(needsReview));
        QCOMPARE(worklist.currentFile(), m_files["followUp"].front());
        QVERIFY(worklist.nextUnreviewed(needsReview));
        QCOMPARE(worklist.currentFile(), m_files["first"].at(1));  // the first image has a verdict
        // From the end, round to the top: followUp again (the only other one).
        QVERIFY(worklist.nextUnreviewed(needsReview));
        QCOMPARE(worklist.currentFile(), m_files["followUp"].front());
        model.setReviewed(m_sopUids["first"].at(1), true);
        QVERIFY(!worklist.nextUnreviewed(needsReview));  // nothing else wants a verdict: it stays
        QCOMPARE(worklist.currentFile(), m_files["followUp"].front());
        QCOMPARE(reviewed("first"), QStringLiteral("\u2713"));

        // "Not reviewed": only followUp is left (muster has nothing that can be reviewed).
        QCheckBox* notReviewed = browser.panel.findChild<QCheckBox*>();
        QVERIFY(notReviewed);
        notReviewed->setChecked(true);
        QCOMPARE(rows(model), keys({"followUp"}));
        QCOMPARE(walkStudies(worklist), keys({"followUp"}));
        QCOMPARE(browser.panel.countText(), QStringLiteral("1 of 4 studies shown"));
        // A verdict given now does not hide the study the reader is on, until the next filter.
        model.setReviewed(m_sopUids["followUp"].front(), true);
        QCOMPARE(model.rowCount(), 1);
        browser.panel.reload();
        QCOMPARE(model.rowCount(), 0);
        notReviewed->setChecked(false);
        QCOMPARE(model.rowCount(), 4);
        // The marks stay through a reload (a filter change).
        QCOMPARE(model.data(model.studyIndex(m_studyUid["muster"]), Model::UnreadableRole).toString(),
                 QStringLiteral("The file is truncated"));
    }

    void columnWidths_orderAndSort_surviveANewWindow()
    {
        int nameWidth = 0;
        {
            Browser browser(m_index.get());
            QHeaderView* header = browser.panel.table()->horizontalHeader();
            // Readable names from the start: the name column is far wider than an icon.
            QVERIFY2(header->sectionSize(Model::NameColumn) >=
                         browser.panel.fontMetrics().horizontalAdvance(QStringLiteral("PHANTOM, CHEST 0001")),
                     qPrintable(QString::number(header->sectionSize(Model::NameColumn))));
            QCOMPARE(header->sectionResizeMode(Model::NameColumn), QHeaderView::Interactive);
            nameWidth = header->sectionSize(Model::NameColumn) + 77;
            header->resizeSection(Model::NameColumn, nameWidth);
            header->moveSection(header->visualIndex(Model::ModalityColumn), 0);
            clickHeader(*browser.panel.table(), Model::StudyDateColumn);
        }  // saved as the panel goes
        QVERIFY(!QSettings().value(QStringLiteral("browser/headerState")).toByteArray().isEmpty());
        Browser again(m_index.get());
        QHeaderView* header = again.panel.table()->horizontalHeader();
        QCOMPARE(header->sectionSize(Model::NameColumn), nameWidth);
        QCOMPARE(header->visualIndex(Model::ModalityColumn), 0);
        QCOMPARE(header->sortIndicatorSection(), int(Model::StudyDateColumn));
        QCOMPARE(again.panel.model()->sortColumn(), int(Model::StudyDateColumn));
        QCOMPARE(rows(*again.panel.model()), keys({"doe", "followUp", "first", "muster"}));
    }

    void thumbnailStrip_showsTheOpenStudysSeries()
    {
        Browser browser(m_index.get());
        QSignalSpy wanted(&browser.panel, &app::StudyBrowserPanel::stripShown);
        QSignalSpy activated(&browser.panel, &app::StudyBrowserPanel::seriesActivated);
        browser.panel.select(m_seriesUid["first"]);
        QCOMPARE(wanted.size(), 1);
        QCOMPARE(wanted.at(0).at(0).toStringList(), QStringList{m_seriesUid["first"]});
        QListWidget* strip = browser.panel.strip();
        QCOMPARE(strip->count(), 1);
        QVERIFY(strip->isVisible());
        QCOMPARE(strip->item(0)->text(), QStringLiteral("Series 1\n2 images"));
        QCOMPARE(browser.panel.table()->currentIndex().row(),
                 browser.panel.model()->studyIndex(m_studyUid["first"]).row());
        const QImage placeholder = strip->item(0)->icon().pixmap(64).toImage();
        QImage thumbnail(64, 64, QImage::Format_RGB32);
        thumbnail.fill(Qt::white);
        browser.panel.model()->setThumbnail(m_seriesUid["first"], thumbnail);
        QVERIFY(strip->item(0)->icon().pixmap(64).toImage() != placeholder);
        Q_EMIT strip->itemActivated(strip->item(0));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), m_seriesUid["first"]);
    }

    void aiResults_stripShowsTheReportAndTheHeatmapAsWhatTheyAre_andCountsLeaveTheCaptureOut()
    {
        const test::AiStudy study = test::writeAiStudy(m_work.filePath(QStringLiteral("ai-study")));
        index::StudyIndex studyIndex(m_work.filePath(QStringLiteral("ai-study.sqlite")));
        QCOMPARE(studyIndex.indexFolders({m_work.filePath(QStringLiteral("ai-study"))}).documents, 2);
        const QString radiograph = QFileInfo(study.radiograph).canonicalFilePath();
        Browser browser(&studyIndex);
        Model& model = *browser.panel.model();
        QAbstractItemModelTester tester(&model);
        QSignalSpy documents(&browser.panel, &app::StudyBrowserPanel::documentActivated);
        QSignalSpy images(&browser.panel, &app::StudyBrowserPanel::imageActivated);
        QSignalSpy series(&browser.panel, &app::StudyBrowserPanel::seriesActivated);
        QSignalSpy wanted(&browser.panel, &app::StudyBrowserPanel::stripShown);
        browser.panel.select(study.radiographSeries);

        // The radiograph, the heatmap as a heatmap, then the reports as reports: no broken image.
        QListWidget* strip = browser.panel.strip();
        QStringList texts;
        for (int i = 0; i < strip->count(); ++i) texts << strip->item(i)->text();
        QCOMPARE(texts, (QStringList{QStringLiteral("Series 1\n1 image"), QStringLiteral("AI heatmap\n1 image"),
                                     QStringLiteral("SR \u00b7 Pulmo AI result"),
                                     QStringLiteral("SR \u00b7 Radiologist report")}));
        QVERIFY(strip->item(2)->toolTip().contains(QLatin1String("2026-03-01 10:15")));
        // Thumbnails are wanted for the two images only; the report tiles have their own picture.
        QCOMPARE(wanted.last().at(0).toStringList(), (QStringList{study.radiographSeries, study.heatmapSeries}));
        const QImage placeholder = strip->item(0)->icon().pixmap(64).toImage();
        QVERIFY(strip->item(2)->icon().pixmap(64).toImage() != placeholder);
        QVERIFY(strip->item(2)->icon().pixmap(64).toImage() != strip->item(3)->icon().pixmap(64).toImage());
        QVERIFY(strip->item(1)->toolTip().contains(QLatin1String("not a radiograph")));

        // The study counts its radiograph: one image to review, whatever the heatmap.
        const QModelIndex row = model.studyIndex(study.studyUid);
        QCOMPARE(model.index(row.row(), Model::ImagesColumn).data().toString(), QStringLiteral("1"));
        QVERIFY(model.index(row.row(), Model::ImagesColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("2 reports or other documents")));
        QVERIFY(model.headerData(Model::ImagesColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .startsWith(QLatin1String("Radiographs of the study")));
        QCOMPARE(model.data(row, Model::ReviewedRole).toPoint(), QPoint(0, 1));
        QVERIFY(model.isAiResultCapture(study.heatmapSop));
        QVERIFY(!model.isAiResultCapture(study.radiographSop));
        QVERIFY(!model.needsReview(study.heatmapSop, QFileInfo(study.heatmap).canonicalFilePath()));
        QVERIFY(model.needsReview(study.radiographSop, radiograph));
        // Next Unreviewed from the heatmap goes to the radiograph, and once that has a verdict
        // it stops nowhere: the heatmap never wants one.
        const auto needsReview = [&](const index::InstanceRecord& image) {
            return model.needsReview(image.sopInstanceUid, image.filePath);
        };
        QVERIFY(browser.worklist.moveToSeries(study.heatmapSeries));
        QVERIFY(browser.worklist.nextUnreviewed(needsReview));
        QCOMPARE(browser.worklist.currentFile(), radiograph);
        model.setReviewed(study.radiographSop, true);
        QCOMPARE(model.index(row.row(), Model::ReviewedColumn).data().toString(), QStringLiteral("\u2713"));
        QVERIFY(!browser.worklist.nextUnreviewed(needsReview));
        QCOMPARE(browser.worklist.currentFile(), radiograph);

        // A report's tile: the report for the AI panel, and the image it is about.
        Q_EMIT strip->itemActivated(strip->item(2));
        QCOMPARE(documents.size(), 1);
        const auto document = documents.at(0).at(0).value<index::DocumentRecord>();
        QCOMPARE(document.sopInstanceUid, study.pulmoReportSop);
        QVERIFY(document.isPulmoReport());
        QCOMPARE(images.size(), 1);
        QCOMPARE(images.at(0).at(0).toString(), study.radiographSeries);
        QCOMPARE(images.at(0).at(1).toString(), radiograph);
        QCOMPARE(series.size(), 0);
        // The heatmap's tile opens its series, as any image's.
        Q_EMIT strip->itemActivated(strip->item(1));
        QCOMPARE(series.size(), 1);
        QCOMPARE(series.at(0).at(0).toString(), study.heatmapSeries);
    }

    void mainWindow_withAiResults_screenshots()
    {
        // The study as a reader meets it after the PACS sent Pulmo's results back; the window at a
        // full-HD screen and at a small one. PULMO_SCREENSHOT_DIR keeps the pictures to look at.
        const QString folder = m_work.filePath(QStringLiteral("ai-window"));
        const test::AiStudy study = test::writeAiStudy(folder, "RESULT-0002");
        app::MainWindow window(m_work.filePath(QStringLiteral("ai-window.sqlite")));
        window.resize(1920, 1080);
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({folder});
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QCOMPARE(window.openingSummary(), QStringLiteral("2 images in 1 study"));
        auto* panel = window.findChild<app::StudyBrowserPanel*>();
        QVERIFY(panel);
        QTRY_COMPARE(panel->strip()->count(), 4);
        // The heatmap's tile opens the heatmap; the report's tile brings the radiograph it is about back.
        const QString heatmap = QFileInfo(study.heatmap).canonicalFilePath();
        const QString radiograph = QFileInfo(study.radiograph).canonicalFilePath();
        Q_EMIT panel->strip()->itemActivated(panel->strip()->item(1));
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(window.currentFile()).canonicalFilePath(), heatmap, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->strip()->count(), 4, 10000);
        Q_EMIT panel->strip()->itemActivated(panel->strip()->item(2));
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(window.currentFile()).canonicalFilePath(), radiograph, 10000);
        const QString keep = qEnvironmentVariable("PULMO_SCREENSHOT_DIR");
        for (const QSize size : {QSize(1920, 1080), QSize(900, 600)}) {
            window.resize(size);
            QTest::qWait(300);  // thumbnails and layout settle
            const QImage picture = window.grab().toImage();
            QCOMPARE(picture.size(), size);
            if (!keep.isEmpty())
                QVERIFY(picture.save(
                    QDir(keep).filePath(QStringLiteral("browser-ai-%1x%2.png").arg(size.width()).arg(size.height()))));
        }
    }

    void reloadAndSort_of150Studies_takeMilliseconds()
    {
        // The worklist size: 150 phantom patients, read from the index and sorted.
        const QString folder = m_work.filePath(QStringLiteral("many"));
        QVERIFY(QDir().mkpath(folder));
        for (int patient = 0; patient < 150; ++patient) {
            phantom::ChestPhantomOptions options;
            options.seed = uint32_t(100 + patient);
            options.size = 256;
            options.patientId = QStringLiteral("MANY-%1").arg(patient, 4, 10, QLatin1Char('0')).toStdString();
            options.patientName = "MANY^PATIENT " + std::to_string(patient);
            options.studyDate = QDate(2024, 1, 1).addDays(patient).toString(QStringLiteral("yyyyMMdd")).toStdString();
            const phantom::ChestPhantom made = phantom::makeChestPhantom(options);
            dicom::writeGrayImage(QDir(folder).filePath(QStringLiteral("%1.dcm").arg(patient)).toStdString(),
                                  made.spec);
        }
        index::StudyIndex studyIndex(m_work.filePath(QStringLiteral("many.sqlite")));
        QCOMPARE(studyIndex.indexFolders({folder}).studies, 150);
        Model model(&studyIndex);
        QElapsedTimer clock;
        clock.start();
        model.reload();
        const qint64 reloadMs = clock.elapsed();
        QCOMPARE(model.rowCount(), 150);
        clock.restart();
        model.sort(Model::StudyDateColumn, Qt::DescendingOrder);
        const qint64 sortMs = clock.elapsed();
        QCOMPARE(rows(model).size(), 150);
        QCOMPARE(model.index(0, Model::StudyDateColumn).data().toString(),
                 QDate(2024, 1, 1).addDays(149).toString(Qt::ISODate));
        index::StudyFilter filter;
        filter.patientName = QStringLiteral("patient 1");
        clock.restart();
        model.reload(filter);
        const qint64 filterMs = clock.elapsed();
        QCOMPARE(model.rowCount(), 61);  // 1, 10-19, 100-149
        qInfo("150 studies: reload %lld ms, sort by date %lld ms, filtered reload %lld ms", reloadMs, sortMs, filterMs);
        QVERIFY2(reloadMs < 2000 && sortMs < 500 && filterMs < 2000, "far slower than typing");
    }

    void mainWindow_nAndUKeys_followTheSortedList()
    {
        app::MainWindow window(m_work.filePath(QStringLiteral("window-index.sqlite")));
        window.resize(1400, 900);
        window.show();
        QSignalSpy shown(&window, &app::MainWindow::imageShown);
        QSignalSpy finished(&window, &app::MainWindow::openingFinished);
        window.openPaths({m_folder});
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QCOMPARE(window.openingSummary(), QStringLiteral("5 images in 4 studies"));
        Model* model = window.browserModel();
        setAiResults(*model);
        clickHeader(*window.browserView(), Model::AiColumn);
        QCOMPARE(rows(*model), keys({"muster", "first", "doe", "followUp"}));
        const auto studyOnScreen = [&] {
            const QString file = window.currentFile();
            for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
                if (it.value().contains(file)) return it.key();
            return QString();
        };
        // Wherever the opening put the reader, N from the top goes down the AI's order.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.imageView()->setFocus();
        QStringList visited;
        for (int i = 0; i < 4; ++i) QTest::keyClick(&window, Qt::Key_P);
        visited << studyOnScreen();
        for (int i = 0; i < 3; ++i) {
            QTest::keyClick(&window, Qt::Key_N);
            visited << studyOnScreen();
        }
        QCOMPARE(visited, keys({"muster", "first", "doe", "followUp"}));
        // U: the next image without a verdict, in the same order.
        model->setReviewedImages({m_sopUids["muster"].front(), m_sopUids["first"].front()});
        for (int i = 0; i < 3; ++i) QTest::keyClick(&window, Qt::Key_P);  // back to muster
        QCOMPARE(studyOnScreen(), QStringLiteral("muster"));
        QTest::keyClick(&window, Qt::Key_U);
        QCOMPARE(window.currentFile(), m_files["first"].at(1));
        QTest::keyClick(&window, Qt::Key_U);
        QCOMPARE(studyOnScreen(), QStringLiteral("doe"));
        if (qEnvironmentVariableIsSet("PULMO_SCREENSHOT_DIR")) {
            QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 3, 30000);
            for (const QSize size : {QSize(1920, 1080), QSize(900, 600)}) {
                window.resize(size);
                QTest::qWait(300);
                window.grab().save(
                    QDir(qEnvironmentVariable("PULMO_SCREENSHOT_DIR"))
                        .filePath(QStringLiteral("browser-%1x%2.png").arg(size.width()).arg(size.height())));
            }
        }
    }
};

QTEST_MAIN(TestBrowser)
#include "tst_browser.moc"
