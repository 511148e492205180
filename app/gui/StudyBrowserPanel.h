#pragma once
// The "Studies" panel: patient name / ID / date / modality filters over the patient / study /
// series tree of the study index. It says which series the reader activates and when the filter
// changed; the window owns the worklist and decides what to show. UI thread only.

#include "index/StudyIndex.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTreeView;

namespace pulmo::viewer {
class StudyBrowserModel;
}

namespace pulmo::app {

class StudyBrowserPanel : public QWidget {
    Q_OBJECT
public:
    explicit StudyBrowserPanel(const index::StudyIndex* index, QWidget* parent = nullptr);

    viewer::StudyBrowserModel* model() const { return m_model; }
    QTreeView* tree() const { return m_tree; }
    /// What the filter fields ask for ("20260101-20261231" is a range, one date a day).
    index::StudyFilter filter() const;
    /// Reloads the tree under the current filter, studies expanded.
    void reload();
    /// Selects and shows the series' row (nothing when it is filtered out).
    void select(const QString& seriesInstanceUid);

Q_SIGNALS:
    /// Enter in a filter field, or another modality chosen.
    void filterChanged();
    /// A row was activated: its series, or the first series under a patient or study row.
    void seriesActivated(const QString& seriesInstanceUid);

private:
    void activate(const QModelIndex& index);

    viewer::StudyBrowserModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    QLineEdit* m_nameFilter = nullptr;
    QLineEdit* m_idFilter = nullptr;
    QLineEdit* m_dateFilter = nullptr;
    QComboBox* m_modalityFilter = nullptr;
};

}  // namespace pulmo::app
