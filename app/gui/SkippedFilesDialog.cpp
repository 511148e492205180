#include "SkippedFilesDialog.h"

#include "ErrorText.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace pulmo::app {

int SkippedFilesDialog::otherFileCount(const std::vector<index::SkippedFile>& files)
{
    return int(std::count_if(files.begin(), files.end(),
                             [](const index::SkippedFile& file) { return file.cause.isOtherFile(); }));
}

SkippedFilesDialog::SkippedFilesDialog(const std::vector<index::SkippedFile>& files, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Files not opened"));
    const int others = otherFileCount(files);
    const int unreadable = int(files.size()) - others;

    m_list = new QTreeWidget(this);
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("File"), tr("Why"), tr("Folder")});
    m_list->setRootIsDecorated(true);
    m_list->setUniformRowHeights(true);
    m_list->setWordWrap(false);
    auto* unreadableGroup = new QTreeWidgetItem(m_list, {tr("Unreadable (%1)").arg(QLocale().toString(unreadable))});
    auto* otherGroup =
        new QTreeWidgetItem(m_list, {tr("Other files, not images (%1)").arg(QLocale().toString(others))});
    for (QTreeWidgetItem* group : {unreadableGroup, otherGroup}) {
        group->setFirstColumnSpanned(true);
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
    }
    // Sorted by path, so that the files of one folder stand together.
    std::vector<const index::SkippedFile*> sorted;
    for (const index::SkippedFile& file : files) sorted.push_back(&file);
    std::sort(sorted.begin(), sorted.end(),
              [](const index::SkippedFile* a, const index::SkippedFile* b) { return a->filePath < b->filePath; });
    for (const index::SkippedFile* file : sorted) {
        const bool other = file->cause.isOtherFile();
        const QFileInfo info(file->filePath);
        const QString reason = ErrorText::skipReason(file->cause);
        auto* row = new QTreeWidgetItem(other ? otherGroup : unreadableGroup,
                                        {info.fileName(), reason, QDir::toNativeSeparators(info.absolutePath())});
        row->setToolTip(0, QDir::toNativeSeparators(file->filePath));
        row->setToolTip(1, reason);
        (other ? m_other : m_unreadable) << ErrorText::skippedFile(QDir::toNativeSeparators(file->filePath),
                                                                   file->cause);
    }
    if (unreadable == 0) delete unreadableGroup;
    if (others == 0) delete otherGroup;
    m_list->expandAll();
    m_list->header()->setStretchLastSection(true);
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
    m_list->setColumnWidth(0, std::min(m_list->columnWidth(0), 320));
    m_list->setColumnWidth(1, std::min(m_list->columnWidth(1), 520));

    QStringList sentences;
    if (unreadable > 0)
        sentences << tr(
            "%Ln file(s) look like images but cannot be read: a copy may have been cut short, or the "
            "file is damaged or of a kind Pulmo does not support.",
            nullptr, unreadable);
    if (others > 0)
        sentences << tr("%Ln other file(s) are not images (text, JSON, reports, DICOMDIR) and were left aside.",
                        nullptr, others);
    m_summary = new QLabel(sentences.join(QLatin1Char(' ')), this);
    m_summary->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(900, 420);
}

QString SkippedFilesDialog::summaryText() const
{
    return m_summary->text();
}

}  // namespace pulmo::app
