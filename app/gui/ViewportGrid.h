#pragma once
// The window's central area: one image view, or the image being read beside the patient's priors
// (1x2, 2x2), with window/level, zoom and pan linked between the views.
//
// View 0 is the image being read: the window shows the worklist's image there, with the AI's
// heatmap, rulers, presets and keys. The other views are comparison views: when view 0 shows an
// image, the same patient's most recent earlier study (same Patient ID, an earlier study date, the
// same View Position where the prior has one) is decoded through the window's ImageLoader and shown
// in view 1, the next older ones in views 2 and 3; [ and ] step view 1 through the priors.
//
// Linking applies the same relative change (window centre shift, width ratio, zoom factor, pan) of
// the view the reader works in to the others; the views' own image loads, rotations and flips are
// not passed on. UI thread only. The index and the loader belong to the window and outlive the grid.

#include "ImageLoader.h"
#include "index/StudyIndex.h"

#include <QPointF>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

class QGridLayout;

namespace pulmo::dicom {
class DecodedImage;
}
namespace pulmo::viewer {
class ImageView;
}

namespace pulmo::app {

class ViewportGrid : public QWidget {
    Q_OBJECT
public:
    enum class Layout { Single, SideBySide, TwoByTwo };
    static constexpr int kMaximumViews = 4;

    /// `index` (the UI thread's connection) and `loader` must outlive the grid. Reads the saved layout
    /// and link setting ("view/layout", "view/linkViews").
    ViewportGrid(const index::StudyIndex* index, ImageLoader* loader, QWidget* parent = nullptr);
    ~ViewportGrid() override;

    /// The view of the image being read (view 0); the grid owns it.
    viewer::ImageView* current() const { return m_views[0]; }
    /// View `i` (0..3), shown or not.
    viewer::ImageView* view(int i) const { return m_views[size_t(i)]; }
    /// How many views the layout shows: 1, 2 or 4.
    int visibleViews() const;

    Layout layout() const { return m_layout; }
    /// Shows the layout's views, hangs the priors when it has comparison views, saves "view/layout".
    void setLayout(Layout layout);
    bool linked() const { return m_linked; }
    /// Saves "view/linkViews".
    void setLinked(bool linked);

    /// The current view shows a new image (or a message instead of one): hang its priors when the
    /// layout has comparison views and the study or view is not the one they were hung for.
    void currentImageShown();

    /// No comparison view is waiting for its decode.
    bool isSettled() const;
    /// The prior in view 1: 0 is the most recent earlier study; -1 when there is none.
    int priorIndex() const { return m_priors.empty() ? -1 : m_priorIndex; }
    int priorCount() const { return int(m_priors.size()); }
    /// Older / newer prior in view 1 (and the next ones after it); false at the end, or with none.
    bool olderPrior();
    bool newerPrior();
    /// Overlay text on or off in every view.
    void setAnnotationsVisible(bool visible);

    /// "1x1", "1x2", "2x2" as saved; unknown text gives Single.
    static QString layoutName(Layout layout);
    static Layout layoutFromName(const QString& name);

Q_SIGNALS:
    /// Every comparison view shows what it was given (an image, or why there is none).
    void comparisonsSettled();

private:
    struct Prior {
        index::StudyRecord study;
        QStringList files;  // its images, in series and instance order
    };
    struct Linked {
        const dicom::DecodedImage* image = nullptr;
        double center = 0.0;
        double width = 0.0;
        double zoom = 1.0;
        QPointF pan;
        bool fit = true;
    };
    void arrange();
    void hangPriors();
    void showPriors();
    /// `candidate`: the index into the prior's files; -1 its first, once no image had the same view.
    void loadComparison(int view, int candidate);
    void comparisonLoaded(int view, int candidate, const ImageLoader::Loaded& loaded);
    void clearComparisons(const QString& message);
    void settleIfDone();
    void record(int view);
    void windowChangedIn(int view);
    void viewChangedIn(int view);

    const index::StudyIndex* m_index;
    QPointer<ImageLoader> m_loader;  // the window may destroy it first (its callbacks then never come)
    QGridLayout* m_grid = nullptr;
    std::array<viewer::ImageView*, kMaximumViews> m_views{};
    std::array<Linked, kMaximumViews> m_state{};
    std::array<ImageLoader::Ticket, kMaximumViews> m_tickets{};
    std::array<bool, kMaximumViews> m_pending{};
    Layout m_layout = Layout::Single;
    bool m_linked = true;
    bool m_syncing = false;  // applying one view's change to the others: their signals only record
    QString m_hungFor;       // the study and view the priors were hung for
    QString m_currentViewPosition;
    std::vector<Prior> m_priors;
    int m_priorIndex = 0;
};

}  // namespace pulmo::app
