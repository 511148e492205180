#pragma once
// Help's two windows. The shortcut sheet (F1, ?) lists every action of the main window that has a
// shortcut, grouped by its menu, built from the window's QActions each time it opens, so it never
// goes stale. About names Pulmo's version, the model in use (its card: name, version, classes,
// threshold, intended use; its SHA-256 as the plugin computed it when loading it) and the versions
// of Qt, DCMTK and LibTorch. LibTorch's comes from the inference plugin once the AI worker has
// loaded it: About never loads LibTorch into the window (it costs most of a second), it says "not
// loaded yet" instead.
//
// UI thread only.

#include "InferenceBackend.h"

#include <QDialog>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QMainWindow;
class QTreeWidget;

namespace pulmo::app {

class AiController;

class ShortcutSheet : public QDialog {
    Q_OBJECT
public:
    /// Lists `window`'s actions (in its menus, then any others it holds) as they are now.
    explicit ShortcutSheet(const QMainWindow* window, QWidget* parent = nullptr);

    /// The actions listed, in the order shown.
    QList<const QAction*> listedActions() const { return m_actions; }
    /// The rows shown, "Menu: Action = keys", for tests and for copying.
    QStringList rows() const;

private:
    void filter(const QString& text);

    QLineEdit* m_filter = nullptr;
    QTreeWidget* m_list = nullptr;
    QList<const QAction*> m_actions;
};

/// What About shows, gathered without loading anything.
struct AboutFacts {
    QString pulmoVersion;
    QString qtVersion;                                      ///< the Qt the program runs on
    QString dcmtkVersion;                                   ///< the DCMTK the DICOM bridge was built with
    QString modelPath;                                      ///< the model chosen (may not be loaded yet)
    std::shared_ptr<const inference::ModelIdentity> model;  ///< null until the worker loaded it
    QString modelProblem;                                   ///< why there is no model, when there is none
    std::optional<double> thresholdOverride;                ///< the reader's, instead of the card's
    std::optional<inference::BackendInfo> backend;          ///< empty until the plugin is loaded

    static AboutFacts of(const AiController& ai);
};

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(const AboutFacts& facts, QWidget* parent = nullptr);

    /// The dialog's text without markup, as Copy puts it on the clipboard.
    QString plainText() const { return m_plain; }

private:
    QString m_plain;
};

}  // namespace pulmo::app
