#pragma once
// Words for what the AI and the reader say, never internals: "Pneumonia" for PNEUMONIA, "Not
// assessable" for NOT_ASSESSABLE, "Indeterminate" for INDETERMINATE, and probabilities without false
// precision ("87 %", "> 99 %", "< 1 %"). One place, so that the AI panel, the verdict box and the
// messages say the same. UI thread (tr and the default QLocale).

#include <QCoreApplication>
#include <QString>

namespace pulmo::app {

class LabelWords {
    Q_DECLARE_TR_FUNCTIONS(LabelWords)
public:
    /// A label of the card or of the reader in the reader's words; a label Pulmo does not know is
    /// shown as the model card spells it.
    static QString of(const QString& label);
    /// A probability in whole percent in the reader's locale: "< 1 %" below 0.01, "> 99 %" above
    /// 0.99, else rounded ("87 %"); how the percent sign is set (a space before it in German and
    /// French) is the translation's.
    static QString probability(double probability);
    /// A percentage (a threshold) in whole percent, or with one decimal where it has one ("72.5 %").
    static QString percent(double fraction);
};

}  // namespace pulmo::app
