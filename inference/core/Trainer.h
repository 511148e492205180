#pragma once
// The trainer behind InferenceBackend::train: torchvision's resnet18 layout in C++ (ResNet18.h),
// the inference preprocessing (Preprocessing.h), Adam and cross-entropy, flip and rotation
// augmentation, a split by patient, the best validation checkpoint written as a plain-dict
// state_dict with its model card. LibTorch only; runs on the calling thread.

#include "InferenceBackend.h"

#include <vector>

namespace pulmo::inference {

/// See InferenceBackend::train. Deterministic for a seed on one machine and thread count: the
/// weights are initialised from torch::manual_seed(seed), the split, the batch order and the
/// augmentation are drawn from a std::mt19937_64 seeded with it.
TrainingReport trainClassifier(const std::vector<TrainingSample>& samples, const ImageLoader& loadImage,
                               const TrainingOptions& options, const TrainingProgressCallback& progress);

}  // namespace pulmo::inference
