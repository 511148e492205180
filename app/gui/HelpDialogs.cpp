#include "HelpDialogs.h"

#include "AiController.h"
#include "dicom/DicomFile.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>
#include <vector>

namespace pulmo::app {
namespace {

/// A menu's or an action's text as a reader sees it: without the mnemonic's '&' and a trailing "...".
QString plain(QString text)
{
    text.replace(QLatin1String("&&"), QString(QChar(0x1F)));
    text.remove(QLatin1Char('&'));
    text.replace(QChar(0x1F), QLatin1Char('&'));
    if (text.endsWith(QLatin1String("..."))) text.chop(3);
    if (text.endsWith(QChar(0x2026))) text.chop(1);
    return text;
}

QString keys(const QAction* action)
{
    QStringList list;
    for (const QKeySequence& sequence : action->shortcuts()) list << sequence.toString(QKeySequence::NativeText);
    return list.join(QStringLiteral(", "));
}

/// A menu's actions with a shortcut, sub-menus' too (under "Menu > Sub-menu").
void collect(const QMenu* menu, const QString& title, std::vector<std::pair<QString, const QAction*>>& found)
{
    for (const QAction* action : menu->actions()) {
        if (action->isSeparator()) continue;
        if (const QMenu* sub = action->menu()) {
            collect(sub, title + QStringLiteral(" > ") + plain(sub->title()), found);
            continue;
        }
        if (!action->shortcuts().isEmpty()) found.emplace_back(title, action);
    }
}

}  // namespace

ShortcutSheet::ShortcutSheet(const QMainWindow* window, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    std::vector<std::pair<QString, const QAction*>> found;
    for (const QAction* entry : window->menuBar()->actions())
        if (const QMenu* menu = entry->menu()) collect(menu, plain(menu->title()), found);
    QSet<const QAction*> inMenus;
    for (const auto& each : found) inMenus.insert(each.second);
    // Shortcuts the window holds outside its menus (addAction on the window alone).
    for (const QAction* action : window->actions())
        if (!action->shortcuts().isEmpty() && !inMenus.contains(action) && !action->menu())
            found.emplace_back(tr("Other"), action);

    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Find an action or a key"));
    m_filter->setClearButtonEnabled(true);
    m_list = new QTreeWidget(this);
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Action"), tr("Keys"), tr("What it does")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    QTreeWidgetItem* group = nullptr;
    QString groupTitle;
    for (const auto& [title, action] : found) {
        if (!group || title != groupTitle) {
            group = new QTreeWidgetItem(m_list, {title});
            group->setFirstColumnSpanned(true);
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            groupTitle = title;
        }
        auto* row = new QTreeWidgetItem(group, {plain(action->text()), keys(action), action->statusTip()});
        row->setToolTip(2, action->statusTip());
        m_actions << action;
    }
    m_list->expandAll();
    m_list->header()->setStretchLastSection(true);
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutSheet::filter);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(760, 640);
}

void ShortcutSheet::filter(const QString& text)
{
    const QString wanted = text.trimmed();
    for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = m_list->topLevelItem(g);
        int shown = 0;
        for (int r = 0; r < group->childCount(); ++r) {
            QTreeWidgetItem* row = group->child(r);
            const bool match = wanted.isEmpty() || row->text(0).contains(wanted, Qt::CaseInsensitive) ||
                               row->text(1).contains(wanted, Qt::CaseInsensitive) ||
                               row->text(2).contains(wanted, Qt::CaseInsensitive) ||
                               group->text(0).contains(wanted, Qt::CaseInsensitive);
            row->setHidden(!match);
            shown += match ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
}

QStringList ShortcutSheet::rows() const
{
    QStringList rows;
    for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
        const QTreeWidgetItem* group = m_list->topLevelItem(g);
        for (int r = 0; r < group->childCount(); ++r)
            if (!group->child(r)->isHidden())
                rows << tr("%1: %2 = %3", "menu: action = keys")
                            .arg(group->text(0), group->child(r)->text(0), group->child(r)->text(1));
    }
    return rows;
}

AboutFacts AboutFacts::of(const AiController& ai)
{
    AboutFacts facts;
    facts.pulmoVersion = QCoreApplication::applicationVersion();
    facts.qtVersion = QString::fromLatin1(qVersion());
    facts.dcmtkVersion = QString::fromStdString(dicom::dcmtkVersion());
    facts.modelPath = ai.settings().modelPath;
    facts.model = ai.model();
    if (!facts.model && ai.isReady()) facts.modelProblem = ai.unavailableReason();
    facts.thresholdOverride = ai.settings().thresholdOverride;
    facts.backend = ai.backendInfo();
    return facts;
}

AboutDialog::AboutDialog(const AboutFacts& facts, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("About Pulmo"));
    const auto text = [](const std::string& value) { return QString::fromStdString(value); };
    std::vector<std::pair<QString, QString>> rows;  // label, value (plain text)
    QStringList headings;                           // rows that start a section
    const auto section = [&](const QString& title) {
        headings << title;
        rows.emplace_back(title, QString());
    };

    section(tr("Model"));
    if (const auto& model = facts.model) {
        const inference::ModelCard& card = model->card;
        rows.emplace_back(tr("Name"), text(card.name));
        rows.emplace_back(tr("Version"), card.version.empty() ? tr("(none given)") : text(card.version));
        QStringList labels;
        for (const std::string& label : card.labels) labels << text(label);
        rows.emplace_back(tr("Classes"), labels.join(QStringLiteral(", ")));
        rows.emplace_back(tr("Positive class"), text(card.positiveLabel));
        QString threshold = QLocale().toString(card.threshold, 'g', 3);
        if (facts.thresholdOverride)
            threshold = tr("%1 (the card's %2 is replaced by yours)")
                            .arg(QLocale().toString(*facts.thresholdOverride, 'g', 3), threshold);
        rows.emplace_back(tr("Threshold"), threshold);
        rows.emplace_back(tr("Clinical use"), card.clinicalUse ? tr("cleared for clinical use")
                                                               : tr("research only, not for clinical use"));
        if (!card.intendedUse.empty()) rows.emplace_back(tr("Intended use"), text(card.intendedUse));
        if (!card.hasCard) rows.emplace_back(tr("Model card"), tr("none beside the model: defaults are used"));
        rows.emplace_back(tr("SHA-256"), text(model->sha256));
        rows.emplace_back(tr("File"), text(model->path));
        rows.emplace_back(tr("Runs on"), text(model->device));
    } else {
        rows.emplace_back(tr("File"), facts.modelPath.isEmpty() ? tr("(none chosen)") : facts.modelPath);
        rows.emplace_back(tr("Card and SHA-256"),
                          facts.modelProblem.isEmpty()
                              ? tr("not loaded yet (the model loads once the first image is on screen)")
                              : facts.modelProblem);
    }

    section(tr("Libraries"));
    rows.emplace_back(tr("Qt"), facts.qtVersion);
    rows.emplace_back(tr("DCMTK"), facts.dcmtkVersion);
    if (facts.backend) {
        QStringList devices;
        for (const std::string& device : facts.backend->devices) devices << text(device);
        rows.emplace_back(
            text(facts.backend->library),
            tr("%1 (devices: %2)").arg(text(facts.backend->libraryVersion), devices.join(QStringLiteral(", "))));
    } else {
        rows.emplace_back(tr("LibTorch"), tr("not loaded yet (the inference plugin loads with the model)"));
    }

    QString html = tr("<p><b>Pulmo</b> %1<br>Chest X-ray workstation with an AI second reader.<br>"
                      "<b>Research software: not for clinical use.</b></p>")
                       .arg(facts.pulmoVersion.toHtmlEscaped());
    m_plain = tr("Pulmo %1").arg(facts.pulmoVersion) + QLatin1Char('\n');
    html += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    for (const auto& [label, value] : rows) {
        if (headings.contains(label) && value.isEmpty()) {
            html += QStringLiteral("<tr><td colspan='2'><br><b>%1</b></td></tr>").arg(label.toHtmlEscaped());
            m_plain += QLatin1Char('\n') + label + QLatin1Char('\n');
            continue;
        }
        html += QStringLiteral("<tr><td style='padding-right:12px; white-space:nowrap'>%1</td><td>%2</td></tr>")
                    .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
        m_plain += tr("%1: %2", "label: value").arg(label, value) + QLatin1Char('\n');
    }
    html += QStringLiteral("</table>");

    auto* content = new QLabel(html, this);
    content->setTextFormat(Qt::RichText);
    content->setTextInteractionFlags(Qt::TextSelectableByMouse);
    content->setWordWrap(true);
    content->setMinimumWidth(560);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    copy->setToolTip(tr("Copy these details, e.g. for a support request"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_plain); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(content);
    layout->addWidget(buttons);
}

}  // namespace pulmo::app
