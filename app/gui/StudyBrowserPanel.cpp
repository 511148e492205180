#include "StudyBrowserPanel.h"

#include "widgets/StudyBrowserModel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTreeView>
#include <QVBoxLayout>

namespace pulmo::app {

StudyBrowserPanel::StudyBrowserPanel(const index::StudyIndex* index, QWidget* parent) : QWidget(parent)
{
    setMinimumWidth(360);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* filters = new QFormLayout;
    m_nameFilter = new QLineEdit(this);
    m_nameFilter->setPlaceholderText(tr("e.g. SMITH*"));
    m_nameFilter->setToolTip(tr("Patient name; * and ? are wildcards"));
    m_idFilter = new QLineEdit(this);
    m_idFilter->setToolTip(tr("Patient ID; * and ? are wildcards"));
    m_dateFilter = new QLineEdit(this);
    m_dateFilter->setPlaceholderText(tr("YYYYMMDD-YYYYMMDD"));
    m_dateFilter->setToolTip(tr("Study date or date range, e.g. 20260101-20261231"));
    m_modalityFilter = new QComboBox(this);
    m_modalityFilter->addItems({tr("All"), QStringLiteral("CR"), QStringLiteral("DX"), QStringLiteral("CT"),
                                QStringLiteral("MR"), QStringLiteral("OT")});
    m_modalityFilter->setToolTip(tr("Modality"));
    filters->addRow(tr("Name"), m_nameFilter);
    filters->addRow(tr("Patient ID"), m_idFilter);
    filters->addRow(tr("Date"), m_dateFilter);
    filters->addRow(tr("Modality"), m_modalityFilter);
    layout->addLayout(filters);
    for (QLineEdit* edit : {m_nameFilter, m_idFilter, m_dateFilter})
        connect(edit, &QLineEdit::returnPressed, this, &StudyBrowserPanel::filterChanged);
    connect(m_modalityFilter, &QComboBox::currentIndexChanged, this, &StudyBrowserPanel::filterChanged);

    m_model = new viewer::StudyBrowserModel(index, this);
    m_tree = new QTreeView(this);
    m_tree->setModel(m_model);
    m_tree->setIconSize(QSize(48, 48));
    m_tree->setUniformRowHeights(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(viewer::StudyBrowserModel::NameColumn, Qt::AscendingOrder);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(viewer::StudyBrowserModel::NameColumn, QHeaderView::Stretch);
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeView::activated, this, &StudyBrowserPanel::activate);
}

index::StudyFilter StudyBrowserPanel::filter() const
{
    index::StudyFilter filter;
    filter.patientName = m_nameFilter->text().trimmed();
    filter.patientId = m_idFilter->text().trimmed();
    const QStringList dates = m_dateFilter->text().remove(QLatin1Char(' ')).split(QLatin1Char('-'));
    filter.dateFrom = dates.value(0);
    filter.dateTo = dates.size() > 1 ? dates.value(1) : dates.value(0);
    filter.modality = m_modalityFilter->currentIndex() > 0 ? m_modalityFilter->currentText() : QString();
    return filter;
}

void StudyBrowserPanel::reload()
{
    m_model->reload(filter());
    m_tree->expandToDepth(1);
}

void StudyBrowserPanel::select(const QString& seriesInstanceUid)
{
    const QModelIndex index = m_model->seriesIndex(seriesInstanceUid);
    if (!index.isValid()) return;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void StudyBrowserPanel::activate(const QModelIndex& index)
{
    const QModelIndex first = index.siblingAtColumn(0);
    const auto isSeries = [this](const QModelIndex& row) {
        return m_model->data(row, viewer::StudyBrowserModel::KindRole).toString() == QLatin1String("series");
    };
    QModelIndex row = first;
    // A patient or study row: its first series, expanding the way down.
    while (row.isValid() && !isSeries(row)) {
        if (m_model->canFetchMore(row)) m_model->fetchMore(row);
        m_tree->expand(row);
        row = m_model->index(0, 0, row);
    }
    if (row.isValid()) Q_EMIT seriesActivated(m_model->data(row, viewer::StudyBrowserModel::KeyRole).toString());
}

}  // namespace pulmo::app
