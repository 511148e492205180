#pragma once
// The opening summary's Details: the files that were not opened, in two groups a reader can act on.
// "Unreadable" files look like images but cannot be read (truncated, damaged, unsupported, without
// their UIDs): something is wrong with them. "Other files" are not images at all (a README or JSON
// file beside the images, a DICOMDIR, a report) and are simply left aside. Each row names the file,
// its folder and the reason in words (ErrorText), never DCMTK's.
//
// UI thread only.

#include "index/StudyIndex.h"

#include <QDialog>
#include <QStringList>

#include <vector>

class QLabel;
class QTreeWidget;

namespace pulmo::app {

class SkippedFilesDialog : public QDialog {
    Q_OBJECT
public:
    explicit SkippedFilesDialog(const std::vector<index::SkippedFile>& files, QWidget* parent = nullptr);

    /// How many of `files` are other files (not images); the rest are unreadable.
    static int otherFileCount(const std::vector<index::SkippedFile>& files);

    /// The sentence above the list.
    QString summaryText() const;
    /// "FILE: reason" for each unreadable file, and for each other file, in the order listed.
    QStringList unreadableLines() const { return m_unreadable; }
    QStringList otherLines() const { return m_other; }

private:
    QLabel* m_summary = nullptr;
    QTreeWidget* m_list = nullptr;
    QStringList m_unreadable;
    QStringList m_other;
};

}  // namespace pulmo::app
