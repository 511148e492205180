#include "dicom/DisplayPipeline.h"

#include <QImage>

#include <algorithm>
#include <cstring>

namespace pulmo::dicom {

DisplayPipeline::DisplayPipeline(std::shared_ptr<const DecodedImage> image) : m_image(std::move(image))
{
    setDefaultVoi();
}

void DisplayPipeline::setFrame(int frame)
{
    m_frame = std::clamp(frame, 0, std::max(0, m_image->frameCount() - 1));
    if (m_requestedVoi.kind == VoiPreset::Kind::FullRange) rebuild();
}

void DisplayPipeline::setDefaultVoi()
{
    const auto& presets = m_image->info().voiPresets;
    setVoi(presets.empty() ? VoiPreset{} : presets.front());
}

void DisplayPipeline::setVoi(const VoiPreset& voi)
{
    m_requestedVoi = voi;
    rebuild();
}

void DisplayPipeline::setWindow(double center, double width)
{
    VoiFunction function = VoiFunction::Linear;
    for (const VoiPreset& preset : m_image->info().voiPresets) {
        if (preset.kind == VoiPreset::Kind::Window) {
            function = preset.function;
            break;
        }
    }
    setVoi(VoiPreset::window(center, width, function, "user"));
}

void DisplayPipeline::setUserInvert(bool invert)
{
    m_userInvert = invert;
    rebuild();
}

bool DisplayPipeline::inverts() const
{
    return m_image->info().presentationInverts() != m_userInvert;
}

uint8_t DisplayPipeline::displayValue(double modalityValue) const
{
    return toDisplayLevel(applyPresentation(applyVoi(m_voi, modalityValue), inverts()));
}

void DisplayPipeline::rebuild()
{
    m_voi = m_requestedVoi;
    if (m_voi.kind == VoiPreset::Kind::FullRange) {
        // Full range of the modality values present: LINEAR_EXACT maps min to 0 and max to 255.
        const auto [lowest, highest] = m_image->modalityRange(m_frame);
        m_voi = VoiPreset::window((lowest + highest) / 2.0, std::max(highest - lowest, 1.0), VoiFunction::LinearExact,
                                  "full range");
    }
    m_table.clear();
    if (m_image->storage() != DecodedImage::Storage::NarrowGray) return;

    // Fold modality, VOI and presentation into one table over every representable stored value.
    const ModalityTransform& modality = m_image->info().modalityTransform;
    const int64_t minimum = m_image->storedMinimum();
    m_table.resize(m_image->storedRangeSize());
    for (size_t i = 0; i < m_table.size(); ++i) m_table[i] = displayValue(modality.apply(double(int64_t(i) + minimum)));
}

void DisplayPipeline::render(uint8_t* destination, std::ptrdiff_t bytesPerLine) const
{
    const int w = width();
    const int h = height();
    switch (m_image->storage()) {
        case DecodedImage::Storage::NarrowGray: {
            const uint8_t* table = m_table.data();
            const uint16_t* src = m_image->narrowFrame(m_frame);
            for (int y = 0; y < h; ++y) {
                uint8_t* out = destination + y * bytesPerLine;
                const uint16_t* in = src + size_t(y) * size_t(w);
                for (int x = 0; x < w; ++x) out[x] = table[in[x]];
            }
            break;
        }
        case DecodedImage::Storage::WideGray: {
            const ModalityTransform& modality = m_image->info().modalityTransform;
            const int64_t* src = m_image->wideFrame(m_frame);
            for (int y = 0; y < h; ++y) {
                uint8_t* out = destination + y * bytesPerLine;
                const int64_t* in = src + size_t(y) * size_t(w);
                for (int x = 0; x < w; ++x) out[x] = displayValue(modality.apply(double(in[x])));
            }
            break;
        }
        case DecodedImage::Storage::Rgb8: {
            const uint8_t* src = m_image->rgbFrame(m_frame);
            const bool invert = m_userInvert;
            for (int y = 0; y < h; ++y) {
                uint8_t* out = destination + y * bytesPerLine;
                const uint8_t* in = src + size_t(y) * size_t(w) * 3;
                if (invert) {
                    for (int x = 0; x < w * 3; ++x) out[x] = uint8_t(255 - in[x]);
                } else {
                    std::memcpy(out, in, size_t(w) * 3);
                }
            }
            break;
        }
    }
}

std::vector<uint8_t> DisplayPipeline::render() const
{
    std::vector<uint8_t> pixels(size_t(width()) * size_t(height()) * size_t(channels()));
    render(pixels.data(), std::ptrdiff_t(width()) * channels());
    return pixels;
}

QImage DisplayPipeline::renderImage() const
{
    QImage image(width(), height(), channels() == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8);
    if (image.isNull()) return image;
    render(image.bits(), image.bytesPerLine());
    return image;
}

}  // namespace pulmo::dicom
