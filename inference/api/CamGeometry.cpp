#include "CamGeometry.h"

#include <algorithm>
#include <cmath>

namespace pulmo::inference {
namespace {

std::vector<CamTap> taps(int cells, int inputSize, int pixels)
{
    std::vector<CamTap> result(size_t(std::max(pixels, 0)));
    if (cells <= 0 || pixels <= 0) return result;
    for (int p = 0; p < pixels; ++p) result[size_t(p)] = camTap(p + 0.5, double(pixels), cells, inputSize);
    return result;
}

}  // namespace

CamTap camTap(double position, double pixels, int cells, int inputSize)
{
    if (cells <= 0 || pixels <= 0.0) return {};
    const double stride = double(inputSize) / double(cells);
    // The point in input coordinates (the image was stretched to inputSize), then in cells.
    const double input = position * double(inputSize) / pixels - 0.5;
    const double cell = std::clamp(input / stride, 0.0, double(cells - 1));
    CamTap tap;
    tap.low = int(std::floor(cell));
    tap.high = std::min(tap.low + 1, cells - 1);
    tap.weight = float(cell - tap.low);
    return tap;
}

std::vector<float> camOverImage(const std::vector<float>& cam, int rows, int cols, int inputSize, int width, int height)
{
    if (rows <= 0 || cols <= 0 || width <= 0 || height <= 0 || cam.size() != size_t(rows) * size_t(cols)) return {};
    const std::vector<CamTap> across = taps(cols, inputSize, width);
    const std::vector<CamTap> down = taps(rows, inputSize, height);
    // Separable: first every map row stretched across the image width, then blended down.
    std::vector<float> wide(size_t(rows) * size_t(width));
    for (int r = 0; r < rows; ++r) {
        const float* in = cam.data() + size_t(r) * size_t(cols);
        float* out = wide.data() + size_t(r) * size_t(width);
        for (int x = 0; x < width; ++x) {
            const CamTap& t = across[size_t(x)];
            out[x] = in[t.low] + (in[t.high] - in[t.low]) * t.weight;
        }
    }
    std::vector<float> image(size_t(width) * size_t(height));
    for (int y = 0; y < height; ++y) {
        const CamTap& t = down[size_t(y)];
        const float* upper = wide.data() + size_t(t.low) * size_t(width);
        const float* lower = wide.data() + size_t(t.high) * size_t(width);
        float* out = image.data() + size_t(y) * size_t(width);
        for (int x = 0; x < width; ++x) out[x] = upper[x] + (lower[x] - upper[x]) * t.weight;
    }
    return image;
}

}  // namespace pulmo::inference
