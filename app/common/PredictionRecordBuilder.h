#pragma once
// The feedback database's record of one prediction, built one way for the CLI (`pulmo-cli feedback`)
// and the window (a reader's verdict): which image, which model, the probabilities by label, and the
// label and threshold in force.

#include "FeedbackStore.h"
#include "InferenceBackend.h"
#include "dicom/ImageInfo.h"

#include <QString>

namespace pulmo::app {

/// The record of `prediction` by `model` for the image `info` read from `filePath` (made absolute).
/// `label` and `threshold` are those the reader was shown: the card's, or the reader's threshold
/// with INDETERMINATE below it. The patient key is left empty: the store derives it with its key.
feedback::PredictionRecord buildPredictionRecord(const dicom::ImageInfo& info, const QString& filePath,
                                                 const inference::ModelIdentity& model,
                                                 const inference::Prediction& prediction, const QString& label,
                                                 double threshold);

}  // namespace pulmo::app
