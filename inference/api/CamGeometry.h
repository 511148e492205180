#pragma once
// Where a class-activation map's cells lie on the image. The network sees the image resized to
// inputSize x inputSize; a map of cols x rows cells has stride s = inputSize / cols, and ResNet's
// stride-2 layers with "same" padding (kernel k, padding (k-1)/2) map position j to 2j, so cell j
// is centred on input pixel s*j — not on s*j + (s-1)/2, where resizing the map like an image
// (bilinear, align_corners=false) would put it, half a cell to the right and below its evidence.
// Plain C++, no LibTorch, so that it is tested without a model.

#include <vector>

namespace pulmo::inference {

/// Where a point of the image falls between the map's cells along one axis: the two cells to blend
/// and the second one's weight. `position` is in image pixels (pixel x covers [x, x + 1), so its
/// centre is x + 0.5), `pixels` the image's extent along the axis, `cells` the map's.
struct CamTap {
    int low = 0;
    int high = 0;
    float weight = 0.0f;
};
CamTap camTap(double position, double pixels, int cells, int inputSize);

/// The map (rows x cols, row-major) bilinearly interpolated at each pixel of a width x height
/// image, cells on their receptive-field centres, clamped at the borders. Row-major, width*height.
std::vector<float> camOverImage(const std::vector<float>& cam, int rows, int cols, int inputSize, int width,
                                int height);

}  // namespace pulmo::inference
