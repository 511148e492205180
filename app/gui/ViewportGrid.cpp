#include "ViewportGrid.h"

#include "dicom/DecodedImage.h"
#include "widgets/ImageView.h"
#include "widgets/ViewAnnotations.h"

#include <QGridLayout>
#include <QLocale>
#include <QSettings>

#include <algorithm>
#include <cmath>

namespace pulmo::app {
namespace {

const QString kLayoutKey = QStringLiteral("view/layout");
const QString kLinkKey = QStringLiteral("view/linkViews");
/// Images of one prior study decoded at most to find one with the current image's View Position.
constexpr int kViewPositionTries = 8;

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

}  // namespace

ViewportGrid::ViewportGrid(const index::StudyIndex* index, ImageLoader* loader, QWidget* parent)
    : QWidget(parent), m_index(index), m_loader(loader)
{
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    for (int i = 0; i < kMaximumViews; ++i) {
        auto* view = new viewer::ImageView(this);
        view->setMinimumSize(120, 120);  // four of them fit a small window's centre
        m_views[size_t(i)] = view;
        m_grid->addWidget(view, i / 2, i % 2);
        connect(view, &viewer::ImageView::windowChanged, this, [this, i] { windowChangedIn(i); });
        connect(view, &viewer::ImageView::viewChanged, this, [this, i] { viewChangedIn(i); });
    }
    const QSettings settings;
    m_layout = layoutFromName(settings.value(kLayoutKey).toString());
    m_linked = settings.value(kLinkKey, true).toBool();
    arrange();
}

ViewportGrid::~ViewportGrid()
{
    if (m_loader)
        for (const ImageLoader::Ticket ticket : m_tickets) m_loader->cancel(ticket);
}

QString ViewportGrid::layoutName(Layout layout)
{
    switch (layout) {
        case Layout::SideBySide:
            return QStringLiteral("1x2");
        case Layout::TwoByTwo:
            return QStringLiteral("2x2");
        case Layout::Single:
            break;
    }
    return QStringLiteral("1x1");
}

ViewportGrid::Layout ViewportGrid::layoutFromName(const QString& name)
{
    if (name == QLatin1String("1x2")) return Layout::SideBySide;
    if (name == QLatin1String("2x2")) return Layout::TwoByTwo;
    return Layout::Single;
}

int ViewportGrid::visibleViews() const
{
    return m_layout == Layout::Single ? 1 : m_layout == Layout::SideBySide ? 2 : 4;
}

void ViewportGrid::arrange()
{
    const int shown = visibleViews();
    for (int i = 0; i < kMaximumViews; ++i) m_views[size_t(i)]->setVisible(i < shown);
    // A row or column without views takes no room.
    m_grid->setRowStretch(0, 1);
    m_grid->setRowStretch(1, shown > 2 ? 1 : 0);
    m_grid->setColumnStretch(0, 1);
    m_grid->setColumnStretch(1, shown > 1 ? 1 : 0);
}

void ViewportGrid::setLayout(Layout layout)
{
    if (layout != m_layout) {
        m_layout = layout;
        QSettings().setValue(kLayoutKey, layoutName(layout));
        arrange();
    }
    m_hungFor.clear();  // hang again: the layout may show more priors than before
    currentImageShown();
}

void ViewportGrid::setLinked(bool linked)
{
    m_linked = linked;
    QSettings().setValue(kLinkKey, linked);
    for (int i = 0; i < kMaximumViews; ++i) record(i);
}

void ViewportGrid::setAnnotationsVisible(bool visible)
{
    for (viewer::ImageView* view : m_views) view->setAnnotationsVisible(visible);
}

void ViewportGrid::currentImageShown()
{
    const auto image = current()->image();
    if (visibleViews() == 1 || !image) {
        current()->setComparisonLabel({});
        m_hungFor.clear();
        clearComparisons({});
        return;
    }
    const dicom::ImageInfo& info = image->info();
    current()->setComparisonLabel(tr("Current · %1").arg(viewer::isoDate(info.studyDate)));
    const QString key = text(info.patientId + '|' + info.studyInstanceUid + '|' + info.viewPosition);
    if (key == m_hungFor) {
        settleIfDone();
        return;
    }
    m_hungFor = key;
    m_currentViewPosition = text(info.viewPosition);
    hangPriors();
}

void ViewportGrid::hangPriors()
{
    const dicom::ImageInfo& info = current()->image()->info();
    m_priors.clear();
    m_priorIndex = 0;
    for (index::StudyRecord& study :
         m_index->earlierStudies(text(info.patientId), text(info.studyDate), text(info.studyInstanceUid))) {
        Prior prior;
        for (const index::SeriesRecord& series : m_index->series(study.studyInstanceUid))
            for (const index::InstanceRecord& instance : m_index->instances(series.seriesInstanceUid))
                prior.files << instance.filePath;
        if (prior.files.isEmpty()) continue;
        prior.study = std::move(study);
        m_priors.push_back(std::move(prior));
    }
    showPriors();
}

void ViewportGrid::showPriors()
{
    for (int v = 1; v < kMaximumViews; ++v) {
        m_loader->cancel(m_tickets[size_t(v)]);
        m_tickets[size_t(v)] = 0;
        m_pending[size_t(v)] = false;
        viewer::ImageView* view = m_views[size_t(v)];
        view->setComparisonLabel({});
        if (v >= visibleViews()) {
            view->clear();
            continue;
        }
        const int prior = m_priorIndex + v - 1;
        if (prior < int(m_priors.size())) {
            loadComparison(v, 0);
        } else {
            view->showMessage(m_priors.empty() ? tr("No earlier study of this patient") : tr("No earlier study"));
        }
    }
    settleIfDone();
}

void ViewportGrid::loadComparison(int v, int candidate)
{
    const int prior = m_priorIndex + v - 1;
    m_pending[size_t(v)] = true;
    const QString file = m_priors[size_t(prior)].files[std::max(candidate, 0)];
    const ImageLoader::Ticket ticket = m_loader->load(
        file, [this, v, candidate](const ImageLoader::Loaded& loaded) { comparisonLoaded(v, candidate, loaded); });
    if (ticket != 0) m_tickets[size_t(v)] = ticket;  // 0: already shown (a cached file answers at once)
}

void ViewportGrid::comparisonLoaded(int v, int candidate, const ImageLoader::Loaded& loaded)
{
    m_tickets[size_t(v)] = 0;
    const int prior = m_priorIndex + v - 1;
    if (prior >= int(m_priors.size())) return;
    const Prior& study = m_priors[size_t(prior)];
    const int tries = std::min(int(study.files.size()), kViewPositionTries);
    // The same view as the current image where both say which; else the study's first image.
    const bool otherView = loaded.image && !m_currentViewPosition.isEmpty() &&
                           !loaded.image->info().viewPosition.empty() &&
                           text(loaded.image->info().viewPosition) != m_currentViewPosition;
    const bool fallback = candidate < 0;  // the first image, after none had the same view
    if (!fallback && (!loaded.image || otherView) && candidate + 1 < tries) {
        loadComparison(v, candidate + 1);
        return;
    }
    if (!fallback && otherView && candidate > 0) {
        loadComparison(v, -1);  // none of them matched: the first, decoded a moment ago
        return;
    }
    viewer::ImageView* view = m_views[size_t(v)];
    m_pending[size_t(v)] = false;
    if (!loaded.image) {
        view->showMessage(loaded.error);
    } else {
        const QLocale locale;
        view->setComparisonLabel(tr("Prior %1 of %2 · %3")
                                     .arg(locale.toString(prior + 1), locale.toString(int(m_priors.size())),
                                          viewer::isoDate(study.study.studyDate.toStdString())));
        if (view->image() != loaded.image) view->setImage(loaded.image);
    }
    settleIfDone();
}

void ViewportGrid::clearComparisons(const QString& message)
{
    m_priors.clear();
    m_priorIndex = 0;
    for (int v = 1; v < kMaximumViews; ++v) {
        m_loader->cancel(m_tickets[size_t(v)]);
        m_tickets[size_t(v)] = 0;
        m_pending[size_t(v)] = false;
        m_views[size_t(v)]->setComparisonLabel({});
        if (message.isEmpty())
            m_views[size_t(v)]->clear();
        else
            m_views[size_t(v)]->showMessage(message);
    }
}

bool ViewportGrid::isSettled() const
{
    for (int v = 1; v < visibleViews(); ++v)
        if (m_pending[size_t(v)]) return false;
    return true;
}

void ViewportGrid::settleIfDone()
{
    if (isSettled()) Q_EMIT comparisonsSettled();
}

bool ViewportGrid::olderPrior()
{
    if (visibleViews() == 1 || m_priorIndex + 1 >= int(m_priors.size())) return false;
    ++m_priorIndex;
    showPriors();
    return true;
}

bool ViewportGrid::newerPrior()
{
    if (visibleViews() == 1 || m_priorIndex == 0 || m_priors.empty()) return false;
    --m_priorIndex;
    showPriors();
    return true;
}

void ViewportGrid::record(int v)
{
    const viewer::ImageView* view = m_views[size_t(v)];
    Linked& state = m_state[size_t(v)];
    state.image = view->image().get();
    state.center = view->windowCenter();
    state.width = view->windowWidth();
    state.zoom = view->zoom();
    state.pan = view->pan();
    state.fit = view->isFitToWindow();
}

void ViewportGrid::windowChangedIn(int v)
{
    viewer::ImageView* view = m_views[size_t(v)];
    const Linked before = m_state[size_t(v)];
    record(v);
    // A new image starts at its own window; what the other views do is only recorded.
    if (m_syncing || !m_linked || visibleViews() == 1 || !view->hasImage() || view->image().get() != before.image)
        return;
    const double shift = view->windowCenter() - before.center;
    const double ratio = before.width > 0.0 ? view->windowWidth() / before.width : 1.0;
    if (shift == 0.0 && ratio == 1.0) return;  // invert: not a window change
    const int preset = view->activePreset();
    m_syncing = true;
    for (int o = 0; o < visibleViews(); ++o) {
        viewer::ImageView* other = m_views[size_t(o)];
        if (o == v || !other->hasImage()) continue;
        // A preset is the same preset on each image (each has its own histogram); a drag moves
        // every window by as much.
        if (preset >= 0)
            other->applyPreset(preset);
        else
            other->setWindow(other->windowCenter() + shift, other->windowWidth() * ratio);
        record(o);
    }
    m_syncing = false;
}

void ViewportGrid::viewChangedIn(int v)
{
    viewer::ImageView* view = m_views[size_t(v)];
    const Linked before = m_state[size_t(v)];
    record(v);
    if (m_syncing || !m_linked || visibleViews() == 1 || !view->hasImage() || view->image().get() != before.image)
        return;
    m_syncing = true;
    if (view->isFitToWindow()) {
        if (!before.fit)
            for (int o = 0; o < visibleViews(); ++o) {
                viewer::ImageView* other = m_views[size_t(o)];
                if (o == v || !other->hasImage() || other->isFitToWindow()) continue;
                other->fitToWindow();
                record(o);
            }
        m_syncing = false;
        return;
    }
    // zoom' = f * zoom and pan' = f * pan + t for the view that changed (a zoom around a point, a
    // pan, or both); the others get the same f and t, so the same point stays under the cursor.
    const double zoomBefore = before.fit ? view->fitZoom() : before.zoom;  // a fit view's zoom follows its size
    const QPointF panBefore = before.fit ? QPointF() : before.pan;
    const double factor = zoomBefore > 0.0 ? view->zoom() / zoomBefore : 1.0;
    const QPointF shift = view->pan() - panBefore * factor;
    if (std::abs(factor - 1.0) > 1e-9 || shift.manhattanLength() > 1e-9) {
        for (int o = 0; o < visibleViews(); ++o) {
            viewer::ImageView* other = m_views[size_t(o)];
            if (o == v || !other->hasImage()) continue;
            other->setZoomAndPan(other->zoom() * factor, other->pan() * factor + shift);
            record(o);
        }
    }
    m_syncing = false;
}

}  // namespace pulmo::app
