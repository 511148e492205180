#pragma once
// The "Studies" panel: filters (name, patient ID, date with quick buttons and pickers, modality,
// "not reviewed") that apply as the reader types, a count ("6 of 150 studies shown"), the list of
// studies (one row per study, resizable and sortable columns whose widths are remembered) and a
// thumbnail strip of the open study's series. It says which series the reader activates and the
// list's visible order; the window owns the worklist and decides what to show. UI thread only.
//
// The strip shows each series as what it is: radiographs with their thumbnail, Pulmo's heatmap
// captures as "AI heatmap", and the study's documents (structured reports, ...) as report tiles,
// "SR · Pulmo AI result" for Pulmo's own, never as a broken image.

#include "index/StudyIndex.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QTableView;
class QTimer;

namespace pulmo::viewer {
class StudyBrowserModel;
}

namespace pulmo::app {

class StudyBrowserPanel : public QWidget {
    Q_OBJECT
public:
    /// `index` must outlive the panel. Restores the list's column widths, order and sort from the
    /// settings ("browser/headerState").
    explicit StudyBrowserPanel(const index::StudyIndex* index, QWidget* parent = nullptr);
    /// Saves the list's columns to the settings.
    ~StudyBrowserPanel() override;

    viewer::StudyBrowserModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QListWidget* strip() const { return m_strip; }
    /// What the filter fields ask for. A date the panel does not understand is left out of it (and
    /// dateError() says why).
    index::StudyFilter filter() const;
    /// Why the date field's text is not a date or range, in the reader's words; empty when it is.
    QString dateError() const;
    /// "6 of 150 studies shown".
    QString countText() const;
    /// Reloads the list under the current filter, in the current sort.
    void reload();
    /// Selects and shows the series' study row and the study's thumbnails, the series marked
    /// (nothing is selected when its study is filtered out).
    void select(const QString& seriesInstanceUid);
    /// Sets the date field to a range (either end may be null: open) and filters at once.
    void setDateRange(const QDate& from, const QDate& to);

    QSize sizeHint() const override;

Q_SIGNALS:
    /// A filter field changed (a pause in typing, Enter, a date button, another modality).
    void filterChanged();
    /// The visible order changed (reload, sort, the "not reviewed" filter): every series top to
    /// bottom and the study of each, for Worklist::setSeriesOrder.
    void orderChanged(const QStringList& seriesInstanceUids, const QStringList& studyOfEachSeries);
    /// A row was activated (its study's first series) or a thumbnail (its series).
    void seriesActivated(const QString& seriesInstanceUid);
    /// A document tile (a structured report, ...) was activated: the document it shows (of a
    /// series with several, the newest). imageActivated() follows when the index holds the image it
    /// is about.
    void documentActivated(const index::DocumentRecord& document);
    /// Show this image: the one a document the reader activated is about (its first referenced SOP
    /// Instance the index holds).
    void imageActivated(const QString& seriesInstanceUid, const QString& filePath);
    /// The strip shows these series: their thumbnails are wanted first.
    void stripShown(const QStringList& seriesInstanceUids);

private:
    void createFilters(QWidget* filters);
    void createTable();
    void activate(const QModelIndex& index);
    void emitOrder();
    void dateTextChanged();
    void datePicked();
    void updateCount();
    void showStrip(const QString& studyInstanceUid, const QString& currentSeries);
    void updateThumbnail(const QString& seriesInstanceUid);
    void addDocumentTiles(const QString& studyInstanceUid);
    void activateStripItem(QListWidgetItem* item);
    void restoreColumns();
    void saveColumns() const;
    void showColumnMenu(const QPoint& position);

    const index::StudyIndex* m_index;
    viewer::StudyBrowserModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QListWidget* m_strip = nullptr;
    QString m_stripStudy;
    std::vector<index::DocumentRecord> m_stripDocuments;  // the strip's document tiles point here
    QLineEdit* m_nameFilter = nullptr;
    QLineEdit* m_idFilter = nullptr;
    QLineEdit* m_dateFilter = nullptr;
    QLabel* m_dateError = nullptr;
    QDateEdit* m_dateFrom = nullptr;
    QDateEdit* m_dateTo = nullptr;
    QComboBox* m_modalityFilter = nullptr;
    QCheckBox* m_unreviewedOnly = nullptr;
    QLabel* m_count = nullptr;
    QTimer* m_typing = nullptr;       // the pause after typing before the list filters
    QTimer* m_saveColumns = nullptr;  // column changes saved once the dragging stops
};

}  // namespace pulmo::app
