#pragma once
// One AI answer as the window shows it: the plugin's prediction (with the Grad-CAM map at its own
// resolution; the model input only while the result is fresh) and the decision under the threshold
// in force. A value type; crosses from the worker to the UI thread by a queued signal.

#include "InferenceBackend.h"

#include <QMetaType>
#include <QString>

#include <memory>

namespace pulmo::app {

struct AiOutcome {
    bool ok = false;
    QString error;        ///< why there is no result, in words for the reader (translated)
    QString errorForLog;  ///< the same in English, for the audit trail
    inference::Prediction prediction;
    std::shared_ptr<const inference::ModelIdentity> model;
    QString label;  ///< the class, or INDETERMINATE below the threshold in force
    bool indeterminate = false;
    double threshold = 0.70;
    /// Read from a Pulmo SR in the study (issue 16), not run here: the probabilities and the label
    /// are the report's, there is no map and no timing; `storedDateTime` is the report's content
    /// date and time (local, for the reader), `verifiedBy` the reader who signed it off, if any.
    bool fromPacs = false;
    QString storedDateTime;
    QString verifiedBy;
};

}  // namespace pulmo::app

Q_DECLARE_METATYPE(pulmo::app::AiOutcome)
