#include "Preprocessing.h"

#include <torch/nn/functional/upsampling.h>

#include <stdexcept>

namespace pulmo::inference {
namespace F = torch::nn::functional;

torch::Tensor resizeForModel(const GrayImage& image, const ModelCard& card)
{
    if (image.width <= 0 || image.height <= 0 || image.pixels.size() != size_t(image.width) * size_t(image.height))
        throw std::runtime_error("image buffer does not match its size");
    // from_blob does not own the buffer: the conversion to float copies it at once.
    const torch::Tensor gray =
        torch::from_blob(const_cast<uint8_t*>(image.pixels.data()), {1, 1, image.height, image.width}, torch::kUInt8)
            .to(torch::kFloat32);
    const int64_t size = card.inputSize;
    // Bilinear with antialiasing: a 13x downscale without it feeds the model aliased noise.
    const torch::Tensor resized = F::interpolate(gray, F::InterpolateFuncOptions()
                                                           .size(std::vector<int64_t>{size, size})
                                                           .mode(torch::kBilinear)
                                                           .align_corners(false)
                                                           .antialias(card.interpolation == "bilinear_antialias"));
    return resized.round_().clamp_(0.0, 255.0).to(torch::kUInt8);
}

torch::Tensor normaliseForModel(const torch::Tensor& images, const ModelCard& card)
{
    const torch::Tensor unit = images.scalar_type() == torch::kUInt8 ? images.to(torch::kFloat32).div_(255.0) : images;
    const torch::Tensor mean = torch::tensor({card.mean[0], card.mean[1], card.mean[2]}).view({1, 3, 1, 1});
    const torch::Tensor stdev = torch::tensor({card.std[0], card.std[1], card.std[2]}).view({1, 3, 1, 1});
    const int64_t size = unit.size(2);
    return (unit.expand({unit.size(0), 3, size, unit.size(3)}) - mean.to(unit.device())) / stdev.to(unit.device());
}

}  // namespace pulmo::inference
