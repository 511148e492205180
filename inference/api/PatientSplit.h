#pragma once
// Splitting labelled images into train / validation / test by patient, never by image: images of
// one patient are correlated, and a patient on both sides of the split flatters every metric.
// LibTorch-free, so that it can be tested on its own.

#include "InferenceBackend.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::inference {

/// Assigns every sample a split. Samples with a given split keep it; when any sample has one, the
/// rest go to training. Otherwise patients are split with these shares, separately for patients
/// with and without an image labelled `positiveLabel` (so that both classes reach every split),
/// in an order shuffled by `seed` alone: the same samples and seed give the same split on every
/// machine. Each stratum gives round(share * patients) to validation and to test, and the rest,
/// at least one patient, to training. Returns one split per sample, in order.
std::vector<DataSplit> splitByPatient(const std::vector<TrainingSample>& samples, const std::string& positiveLabel,
                                      double validationShare, double testShare, uint64_t seed);

/// "train", "val", "test" or "unassigned".
const char* toString(DataSplit split);

}  // namespace pulmo::inference
