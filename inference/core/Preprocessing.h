#pragma once
// The model input, in two steps shared by inference and training: the display image stretched to
// the model's size as an 8-bit image (what a trainer can cache), then the float tensor the network
// sees. Splitting here changes no value: the resize already rounded to 8 bits.

#include "InferenceBackend.h"

#include <torch/types.h>

namespace pulmo::inference {

/// The whole image stretched to SxS (S = card.inputSize) as torchvision's Resize((S, S)) does to a
/// PIL image: bilinear, antialiased unless the card says "bilinear", rounded to 8 bits like the PIL
/// image it emulates. Returns a 1x1xSxS kUInt8 tensor that owns its memory. Throws
/// std::runtime_error when the buffer does not match the size.
torch::Tensor resizeForModel(const GrayImage& image, const ModelCard& card);

/// ToTensor and Normalize: NxCxSxS kUInt8 (C = 1 or 3), or float already scaled to 0..1, to the
/// Nx3xSxS float input of the network (a single channel is repeated three times).
torch::Tensor normaliseForModel(const torch::Tensor& images, const ModelCard& card);

}  // namespace pulmo::inference
