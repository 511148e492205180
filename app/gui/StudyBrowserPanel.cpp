#include "StudyBrowserPanel.h"

#include "ThumbnailQueue.h"
#include "index/DateRange.h"
#include "widgets/StudyBrowserModel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QScreen>
#include <QSettings>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>
#include <utility>

namespace pulmo::app {
namespace {

using Model = viewer::StudyBrowserModel;

const QString kHeaderStateKey = QStringLiteral("browser/headerState");
// Bumped when the columns change: a state saved for other columns is not restored.
const QString kHeaderVersionKey = QStringLiteral("browser/headerVersion");
constexpr int kHeaderVersion = 1;
constexpr int kTypingPauseMs = 200;
const QDate kAnyDate(1900, 1, 1);  // the date pickers' "any": their minimum

QString isoDate(const QDate& date)
{
    return date.toString(QStringLiteral("yyyy-MM-dd"));
}

QDate fromDicom(const QString& date)
{
    return QDate::fromString(date, QStringLiteral("yyyyMMdd"));
}

/// A grey square where a thumbnail will be: the strip keeps its layout while they arrive.
QIcon placeholderIcon()
{
    QPixmap pixmap(ThumbnailQueue::kThumbnailSize, ThumbnailQueue::kThumbnailSize);
    pixmap.fill(QColor(60, 60, 60));
    return QIcon(pixmap);
}

// Strip items: Qt::UserRole holds the series UID; kDocumentRole, for a document tile, its place
// in m_stripDocuments.
constexpr int kDocumentRole = Qt::UserRole + 1;

/// A document tile's picture: a page with lines of text and the modality ("SR") on it, so that a
/// report never looks like an image that failed to load.
QIcon documentIcon(const QString& modality, bool pulmo)
{
    const int size = ThumbnailQueue::kThumbnailSize;
    QPixmap pixmap(size, size);
    pixmap.fill(QColor(60, 60, 60));
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF page(size * 0.2, size * 0.08, size * 0.6, size * 0.84);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(235, 235, 228));
    painter.drawRect(page);
    painter.setPen(QPen(QColor(140, 140, 140), 1.5));
    for (int line = 0; line < 4; ++line) {
        const double y = page.top() + page.height() * (0.52 + 0.11 * line);
        painter.drawLine(QPointF(page.left() + 5, y), QPointF(page.right() - (line == 3 ? 14 : 5), y));
    }
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(size / 5);
    painter.setFont(font);
    // Pulmo's results in the colour of its heatmaps' warm end; other reports in ink.
    painter.setPen(pulmo ? QColor(200, 60, 30) : QColor(40, 60, 110));
    painter.drawText(QRectF(page.left(), page.top() + 3, page.width(), page.height() * 0.42), Qt::AlignCenter,
                     modality.isEmpty() ? QStringLiteral("DOC") : modality);
    return QIcon(pixmap);
}

/// DICOM DA and TM as YYYY-MM-DD HH:MM; what is there of it.
QString documentDateTime(const index::DocumentRecord& document)
{
    const QString& date = document.contentDate;
    const QString& time = document.contentTime;
    QString text =
        date.size() == 8 ? date.left(4) + QLatin1Char('-') + date.mid(4, 2) + QLatin1Char('-') + date.mid(6, 2) : date;
    if (time.size() >= 4) text += QLatin1Char(' ') + time.left(2) + QLatin1Char(':') + time.mid(2, 2);
    return text.trimmed();
}

}  // namespace

StudyBrowserPanel::StudyBrowserPanel(const index::StudyIndex* index, QWidget* parent) : QWidget(parent), m_index(index)
{
    setMinimumWidth(300);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_model = new Model(index, this);
    auto* filters = new QWidget(this);
    createFilters(filters);
    layout->addWidget(filters);
    createTable();
    m_strip = new QListWidget(this);
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setWordWrap(true);  // a report's label takes the tile's two lines
    m_strip->setMovement(QListView::Static);
    m_strip->setResizeMode(QListView::Adjust);
    m_strip->setIconSize(QSize(ThumbnailQueue::kThumbnailSize, ThumbnailQueue::kThumbnailSize));
    m_strip->setGridSize(QSize(ThumbnailQueue::kThumbnailSize + 40, ThumbnailQueue::kThumbnailSize + 36));
    m_strip->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_strip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // One row of thumbnails and its scroll bar: the list keeps the height.
    const int stripHeight = ThumbnailQueue::kThumbnailSize + 40 +
                            m_strip->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2 * m_strip->frameWidth();
    m_strip->setFixedHeight(stripHeight);
    m_strip->setToolTip(tr("The open study's series: Enter or a double click opens one"));
    layout->addWidget(m_table, 1);
    layout->addWidget(m_strip);

    connect(m_model, &Model::orderChanged, this, &StudyBrowserPanel::emitOrder);
    connect(m_model, &Model::modelReset, this, &StudyBrowserPanel::updateCount);
    connect(m_model, &Model::modelReset, this, [this] {
        // The open study stays selected when it is still listed.
        const QModelIndex row = m_model->studyIndex(m_stripStudy);
        if (row.isValid()) m_table->setCurrentIndex(row);
    });
    connect(m_model, &Model::thumbnailChanged, this, &StudyBrowserPanel::updateThumbnail);
    connect(m_strip, &QListWidget::itemActivated, this, &StudyBrowserPanel::activateStripItem);
    updateCount();
}

StudyBrowserPanel::~StudyBrowserPanel()
{
    saveColumns();
}

void StudyBrowserPanel::createFilters(QWidget* filters)
{
    auto* grid = new QGridLayout(filters);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setVerticalSpacing(3);
    m_nameFilter = new QLineEdit(filters);
    m_nameFilter->setPlaceholderText(tr("e.g. smith, jane"));
    m_nameFilter->setToolTip(
        tr("Patient name, or part of it, in any case: as shown (SMITH, JANE) or as "
           "DICOM writes it (SMITH^JANE); * and ? are wildcards"));
    m_nameFilter->setClearButtonEnabled(true);
    m_idFilter = new QLineEdit(filters);
    m_idFilter->setToolTip(tr("Patient ID, or part of it; * and ? are wildcards"));
    m_idFilter->setClearButtonEnabled(true);
    m_modalityFilter = new QComboBox(filters);
    m_modalityFilter->addItems({tr("All"), QStringLiteral("CR"), QStringLiteral("DX"), QStringLiteral("CT"),
                                QStringLiteral("MR"), QStringLiteral("OT")});
    m_modalityFilter->setToolTip(tr("Modality"));
    m_dateFilter = new QLineEdit(filters);
    m_dateFilter->setPlaceholderText(tr("YYYY-MM-DD, or a range"));
    m_dateFilter->setToolTip(
        tr("Study date: a day (2024-03-01 or 20240301), a month (2024-03), a year (2024), "
           "or a range (2024-03-01 - 2024-03-31, 20240301-20240331); either end may be left out"));
    m_dateFilter->setClearButtonEnabled(true);
    m_dateError = new QLabel(filters);
    m_dateError->setWordWrap(true);
    m_dateError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_dateError->hide();

    auto* quick = new QHBoxLayout;
    quick->setSpacing(2);
    const auto addQuick = [&](const QString& text, const QString& tip, auto range) {
        // Tool buttons: narrower than push buttons, so that the panel fits a small screen.
        auto* button = new QToolButton(filters);
        button->setText(text);
        button->setToolTip(tip);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        connect(button, &QToolButton::clicked, this, [this, range] {
            const QDate today = QDate::currentDate();
            const auto [from, to] = range(today);
            setDateRange(from, to);
        });
        quick->addWidget(button);
    };
    addQuick(tr("Today"), tr("Studies of today"), [](const QDate& today) { return std::pair{today, today}; });
    addQuick(tr("Yesterday"), tr("Studies of yesterday"), [](const QDate& today) {
        return std::pair{today.addDays(-1), today.addDays(-1)};
    });
    addQuick(tr("7 days"), tr("Studies of the last 7 days, today included"), [](const QDate& today) {
        return std::pair{today.addDays(-6), today};
    });
    addQuick(tr("Any"), tr("Studies of any date"), [](const QDate&) { return std::pair{QDate(), QDate()}; });

    const auto makePicker = [&](const QString& tip) {
        auto* picker = new QDateEdit(filters);
        picker->setCalendarPopup(true);
        picker->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        picker->setMinimumDate(kAnyDate);
        picker->setSpecialValueText(tr("any"));  // shown at the minimum: no bound
        picker->setDate(kAnyDate);
        picker->setToolTip(tip);
        connect(picker, &QDateEdit::dateChanged, this, &StudyBrowserPanel::datePicked);
        return picker;
    };
    m_dateFrom = makePicker(tr("First study date (the calendar opens with the arrow)"));
    m_dateTo = makePicker(tr("Last study date (the calendar opens with the arrow)"));
    auto* pickers = new QHBoxLayout;
    pickers->addWidget(m_dateFrom, 1);
    pickers->addWidget(new QLabel(tr("to"), filters));
    pickers->addWidget(m_dateTo, 1);

    m_unreviewedOnly = new QCheckBox(tr("Not reviewed"), filters);
    m_unreviewedOnly->setToolTip(tr("Only studies with an image that has no verdict yet"));
    m_count = new QLabel(filters);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    // The date's buttons and pickers take the whole width: the panel stays narrow on a small screen.
    int row = 0;
    grid->addWidget(new QLabel(tr("Name"), filters), row, 0);
    grid->addWidget(m_nameFilter, row++, 1, 1, 3);
    grid->addWidget(new QLabel(tr("Patient ID"), filters), row, 0);
    grid->addWidget(m_idFilter, row++, 1, 1, 3);
    grid->addWidget(new QLabel(tr("Date"), filters), row, 0);
    grid->addWidget(m_dateFilter, row++, 1, 1, 3);
    grid->addWidget(m_dateError, row++, 0, 1, 4);
    grid->addLayout(quick, row++, 0, 1, 4);
    grid->addLayout(pickers, row++, 0, 1, 4);
    grid->addWidget(new QLabel(tr("Modality"), filters), row, 0);
    grid->addWidget(m_modalityFilter, row, 1, Qt::AlignLeft);
    grid->addWidget(m_unreviewedOnly, row++, 2, 1, 2);
    grid->addWidget(m_count, row++, 0, 1, 4);
    grid->setColumnStretch(1, 1);

    m_typing = new QTimer(this);
    m_typing->setSingleShot(true);
    m_typing->setInterval(kTypingPauseMs);
    connect(m_typing, &QTimer::timeout, this, &StudyBrowserPanel::filterChanged);
    for (QLineEdit* edit : {m_nameFilter, m_idFilter, m_dateFilter}) {
        connect(edit, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, [this] {
            m_typing->stop();
            Q_EMIT filterChanged();
        });
    }
    connect(m_dateFilter, &QLineEdit::textChanged, this, &StudyBrowserPanel::dateTextChanged);
    connect(m_modalityFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_typing->stop();
        Q_EMIT filterChanged();
    });
    connect(m_unreviewedOnly, &QCheckBox::toggled, m_model, &Model::setUnreviewedOnly);
}

void StudyBrowserPanel::createTable()
{
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setShowGrid(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setHighlightSections(false);
    header->setMinimumSectionSize(24);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, &StudyBrowserPanel::showColumnMenu);
    restoreColumns();
    m_table->setSortingEnabled(true);  // sorts the model by the header's (restored) indicator

    m_saveColumns = new QTimer(this);
    m_saveColumns->setSingleShot(true);
    m_saveColumns->setInterval(500);
    connect(m_saveColumns, &QTimer::timeout, this, &StudyBrowserPanel::saveColumns);
    connect(header, &QHeaderView::sectionResized, m_saveColumns, qOverload<>(&QTimer::start));
    connect(header, &QHeaderView::sectionMoved, m_saveColumns, qOverload<>(&QTimer::start));
    connect(header, &QHeaderView::sortIndicatorChanged, m_saveColumns, qOverload<>(&QTimer::start));
    connect(m_table, &QTableView::activated, this, &StudyBrowserPanel::activate);
}

void StudyBrowserPanel::restoreColumns()
{
    QHeaderView* header = m_table->horizontalHeader();
    const QSettings settings;
    const QByteArray state = settings.value(kHeaderStateKey).toByteArray();
    if (!state.isEmpty() && settings.value(kHeaderVersionKey).toInt() == kHeaderVersion &&
        header->restoreState(state) && header->count() == Model::ColumnCount)
        return;
    // Widths from the font, so that a name, an ID and a date are readable whatever its size.
    const QFontMetrics metrics = fontMetrics();
    const auto text = [&](const QString& sample) { return metrics.horizontalAdvance(sample) + 18; };
    const auto title = [&](int column) {
        return text(m_model->headerData(column, Qt::Horizontal).toString()) + 10;  // and the sort arrow
    };
    header->resizeSection(Model::NameColumn, text(QStringLiteral("PHANTOM, CHEST 0001")) + 18);  // and an icon
    header->resizeSection(Model::IdentifierColumn, std::max(text(QStringLiteral("PHANTOM-0001")), title(1)));
    header->resizeSection(Model::BirthDateColumn, text(QStringLiteral("1961-04-02 (63 y)")));
    header->resizeSection(Model::StudyDateColumn, std::max(text(QStringLiteral("2024-03-01")), title(3)));
    header->resizeSection(Model::DescriptionColumn, text(QStringLiteral("CHEST PA AND LATERAL")));
    header->resizeSection(Model::ModalityColumn, title(Model::ModalityColumn));
    header->resizeSection(Model::ImagesColumn, title(Model::ImagesColumn));
    header->resizeSection(Model::AiColumn, title(Model::AiColumn));
    header->resizeSection(Model::ReviewedColumn, title(Model::ReviewedColumn));
    // Who, when, and what a reader triages by first, in sight in a narrow panel; the rest follows
    // (the columns can be moved, and hidden from the header's menu).
    const int shownFirst[] = {Model::NameColumn,     Model::IdentifierColumn, Model::StudyDateColumn,
                              Model::AiColumn,       Model::ReviewedColumn,   Model::BirthDateColumn,
                              Model::ModalityColumn, Model::ImagesColumn,     Model::DescriptionColumn};
    for (int visual = 0; visual < int(std::size(shownFirst)); ++visual)
        header->moveSection(header->visualIndex(shownFirst[visual]), visual);
    header->setSortIndicator(Model::NameColumn, Qt::AscendingOrder);
}

void StudyBrowserPanel::saveColumns() const
{
    QSettings settings;
    settings.setValue(kHeaderStateKey, m_table->horizontalHeader()->saveState());
    settings.setValue(kHeaderVersionKey, kHeaderVersion);
}

void StudyBrowserPanel::showColumnMenu(const QPoint& position)
{
    QHeaderView* header = m_table->horizontalHeader();
    QMenu menu(this);
    for (int column = 0; column < Model::ColumnCount; ++column) {
        QAction* action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != Model::NameColumn);
        connect(action, &QAction::toggled, this, [this, header, column](bool shown) {
            header->setSectionHidden(column, !shown);
            saveColumns();
        });
    }
    menu.exec(header->mapToGlobal(position));
}

QSize StudyBrowserPanel::sizeHint() const
{
    // A third of the window (of the screen while the window has no size yet): name, ID, date and
    // the AI in sight on a large screen, the image still the largest thing on a small one.
    const QWidget* top = window();
    int reference = screen() ? screen()->availableGeometry().width() : 1280;
    if (top && top != this && top->testAttribute(Qt::WA_Resized)) reference = top->width();
    return {std::clamp(reference * 32 / 100, 300, 640), 600};
}

index::StudyFilter StudyBrowserPanel::filter() const
{
    index::StudyFilter filter;
    filter.patientName = m_nameFilter->text().trimmed();
    filter.patientId = m_idFilter->text().trimmed();
    const index::DateRange dates = index::parseDateRange(m_dateFilter->text());
    if (dates.ok()) {
        filter.dateFrom = dates.from;
        filter.dateTo = dates.to;
    }
    filter.modality = m_modalityFilter->currentIndex() > 0 ? m_modalityFilter->currentText() : QString();
    return filter;
}

QString StudyBrowserPanel::dateError() const
{
    const index::DateRange dates = index::parseDateRange(m_dateFilter->text());
    switch (dates.error) {
        case index::DateRange::Error::None:
            return {};
        case index::DateRange::Error::NotADate:
            return tr("\u201c%1\u201d is not a date. Write YYYY-MM-DD, or a range such as 2024-03-01 - 2024-03-31; "
                      "until then the list ignores the date.")
                .arg(dates.offending);
        case index::DateRange::Error::EndBeforeStart:
            return tr("The range ends before it starts; until it is turned round the list ignores the date.");
    }
    return {};
}

QString StudyBrowserPanel::countText() const
{
    return tr("%1 of %n study(ies) shown", nullptr, m_model->totalStudies()).arg(m_model->rowCount());
}

void StudyBrowserPanel::updateCount()
{
    m_count->setText(countText());
}

void StudyBrowserPanel::dateTextChanged()
{
    const QString error = dateError();
    m_dateError->setText(error);
    m_dateError->setVisible(!error.isEmpty());
    m_dateFilter->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("border: 1px solid #c62828;"));
    if (!error.isEmpty()) return;
    // The pickers follow what was typed.
    const index::DateRange dates = index::parseDateRange(m_dateFilter->text());
    const QSignalBlocker blockFrom(m_dateFrom);
    const QSignalBlocker blockTo(m_dateTo);
    m_dateFrom->setDate(dates.from.isEmpty() ? kAnyDate : fromDicom(dates.from));
    m_dateTo->setDate(dates.to.isEmpty() ? kAnyDate : fromDicom(dates.to));
}

void StudyBrowserPanel::datePicked()
{
    const QDate from = m_dateFrom->date() == kAnyDate ? QDate() : m_dateFrom->date();
    const QDate to = m_dateTo->date() == kAnyDate ? QDate() : m_dateTo->date();
    setDateRange(from, to);
}

void StudyBrowserPanel::setDateRange(const QDate& from, const QDate& to)
{
    QString text;
    if (from.isValid() && to.isValid() && from == to)
        text = isoDate(from);
    else if (from.isValid() || to.isValid())
        text = (isoDate(from) + QStringLiteral(" \u2013 ") + isoDate(to)).trimmed();
    m_dateFilter->setText(text);  // the pickers follow (dateTextChanged)
    m_typing->stop();
    Q_EMIT filterChanged();
}

void StudyBrowserPanel::reload()
{
    m_typing->stop();
    m_model->reload(filter());
}

void StudyBrowserPanel::emitOrder()
{
    QStringList series;
    QStringList studies;
    for (const QString& study : m_model->studiesInOrder()) {
        for (const QString& uid : m_model->seriesOfStudy(study)) {
            series << uid;
            studies << study;
        }
    }
    updateCount();
    Q_EMIT orderChanged(series, studies);
}

void StudyBrowserPanel::select(const QString& seriesInstanceUid)
{
    const QString study = m_model->studyOfSeries(seriesInstanceUid);
    showStrip(study, seriesInstanceUid);
    const QModelIndex row = m_model->studyIndex(study);
    if (!row.isValid()) return;
    m_table->setCurrentIndex(row);
    m_table->scrollTo(row);
}

void StudyBrowserPanel::activate(const QModelIndex& index)
{
    const QStringList series = m_model->seriesOfStudy(m_model->data(index, Model::KeyRole).toString());
    if (!series.isEmpty()) Q_EMIT seriesActivated(series.front());
}

void StudyBrowserPanel::showStrip(const QString& studyInstanceUid, const QString& currentSeries)
{
    if (studyInstanceUid != m_stripStudy) {
        m_stripStudy = studyInstanceUid;
        m_strip->clear();
        m_stripDocuments.clear();
        QStringList shown;
        if (!studyInstanceUid.isEmpty()) {
            for (const index::SeriesRecord& series : m_index->series(studyInstanceUid)) {
                auto* item = new QListWidgetItem(m_strip);
                const QString number = series.seriesNumber.isEmpty() ? QStringLiteral("?") : series.seriesNumber;
                const bool heatmap = series.isAiResultCaptureSeries();
                item->setText((heatmap ? tr("AI heatmap") : tr("Series %1").arg(number)) + QLatin1Char('\n') +
                              tr("%n image(s)", nullptr, series.instanceCount));
                QStringList tip{tr("Series %1").arg(number)};
                for (const QString& part : {series.seriesDescription, series.modality, series.bodyPartExamined})
                    if (!part.isEmpty()) tip << part;
                tip << tr("%n image(s)", nullptr, series.instanceCount);
                if (heatmap)
                    tip << tr("Pulmo's heatmap capture of an AI result: to look at, not a radiograph to review");
                item->setToolTip(tip.join(QStringLiteral(" \u00b7 ")));
                item->setData(Qt::UserRole, series.seriesInstanceUid);
                item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
                item->setIcon(placeholderIcon());
                shown << series.seriesInstanceUid;
                updateThumbnail(series.seriesInstanceUid);
            }
            addDocumentTiles(studyInstanceUid);
        }
        Q_EMIT stripShown(shown);
    }
    for (int i = 0; i < m_strip->count(); ++i) {
        QListWidgetItem* item = m_strip->item(i);
        if (item->data(Qt::UserRole).toString() != currentSeries) continue;
        m_strip->setCurrentItem(item);
        m_strip->scrollToItem(item);
    }
}

void StudyBrowserPanel::addDocumentTiles(const QString& studyInstanceUid)
{
    // One tile per series of documents (an SR series usually holds one), after the images; its
    // newest document is the one the tile opens.
    m_stripDocuments = m_index->documents(studyInstanceUid);
    QHash<QString, QListWidgetItem*> tileOfSeries;
    for (size_t i = 0; i < m_stripDocuments.size(); ++i) {
        const index::DocumentRecord& document = m_stripDocuments[i];
        QListWidgetItem* item = tileOfSeries.value(document.seriesInstanceUid);
        const bool first = item == nullptr;
        if (first) {
            item = new QListWidgetItem(m_strip);
            tileOfSeries.insert(document.seriesInstanceUid, item);
        } else {
            const auto& shown = m_stripDocuments[size_t(item->data(kDocumentRole).toInt())];
            if (document.contentDate + document.contentTime < shown.contentDate + shown.contentTime) continue;
        }
        const QString modality = document.modality.isEmpty() ? QStringLiteral("SR") : document.modality;
        const QString number = document.seriesNumber.isEmpty() ? QStringLiteral("?") : document.seriesNumber;
        QString what;
        if (document.isPulmoReport())
            what = tr("Pulmo AI result");
        else if (!document.seriesDescription.isEmpty())
            what = document.seriesDescription;
        else
            what = tr("Series %1").arg(number);
        // Two lines, wrapped where the tile ends ("SR · Pulmo AI" / "result"); the date in the tip.
        const QString when = documentDateTime(document);
        item->setText(tr("%1 \u00b7 %2", "modality \u00b7 what the document is").arg(modality, what));
        QStringList tip{tr("Series %1").arg(number), modality};
        if (!document.seriesDescription.isEmpty()) tip << document.seriesDescription;
        if (!when.isEmpty()) tip << when;
        QString toolTip = tip.join(QStringLiteral(" \u00b7 "));
        toolTip += QLatin1Char('\n') + (document.isPulmoReport()
                                            ? tr("Pulmo's AI result as a structured report: Enter or a double "
                                                 "click shows the image it is about and its result")
                                            : tr("A structured report or other document, not an image: Enter or a "
                                                 "double click shows the image it is about"));
        item->setToolTip(toolTip);
        item->setData(Qt::UserRole, document.seriesInstanceUid);
        item->setData(kDocumentRole, int(i));
        item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
        item->setIcon(documentIcon(modality, document.isPulmoReport()));
    }
}

void StudyBrowserPanel::activateStripItem(QListWidgetItem* item)
{
    const QVariant document = item->data(kDocumentRole);
    if (!document.isValid()) {
        Q_EMIT seriesActivated(item->data(Qt::UserRole).toString());
        return;
    }
    const size_t position = size_t(document.toInt());
    if (position >= m_stripDocuments.size()) return;
    const index::DocumentRecord record = m_stripDocuments[position];  // a copy: a slot may reload the strip
    Q_EMIT documentActivated(record);
    for (const QString& sop : record.referencedSopInstanceUids) {
        if (const auto image = m_index->imageLocation(sop)) {
            Q_EMIT imageActivated(image->seriesInstanceUid, image->filePath);
            return;
        }
    }
}

void StudyBrowserPanel::updateThumbnail(const QString& seriesInstanceUid)
{
    if (!m_model->hasThumbnail(seriesInstanceUid)) return;
    for (int i = 0; i < m_strip->count(); ++i) {
        QListWidgetItem* item = m_strip->item(i);
        if (item->data(Qt::UserRole).toString() == seriesInstanceUid && !item->data(kDocumentRole).isValid())
            item->setIcon(QIcon(QPixmap::fromImage(m_model->thumbnail(seriesInstanceUid))));
    }
}

}  // namespace pulmo::app
