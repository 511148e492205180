#pragma once

#include "dicom/DecodedImage.h"

#include <cstddef>
#include <memory>
#include <vector>

class QImage;

namespace pulmo::dicom {

/// The one path from decoded pixels to 8-bit display values, shared by the image view and the
/// model input so that the model sees exactly what the reader sees:
///   stored value -> Modality LUT -> VOI (window or VOI LUT) -> Presentation (MONOCHROME1 /
///   INVERSE shape, optionally the user's invert) -> 8-bit.
///
/// For grayscale data of up to 16 stored bits the whole chain is folded into one table of
/// 2^BitsStored entries, rebuilt once per setting; rendering is then one look-up per pixel.
///
/// Threading: setters rebuild the table; render() is const and may run on any thread as long as
/// no setter runs at the same time. Use one pipeline per thread for concurrent settings.
class DisplayPipeline {
public:
    explicit DisplayPipeline(std::shared_ptr<const DecodedImage> image);

    const DecodedImage& image() const { return *m_image; }
    std::shared_ptr<const DecodedImage> sharedImage() const { return m_image; }

    int frame() const { return m_frame; }
    /// Selects a frame; a FullRange VOI is re-resolved for it. Out-of-range frames are clamped.
    void setFrame(int frame);

    /// The VOI the file asks for: its first window, else its first VOI LUT, else the full range.
    void setDefaultVoi();
    /// A window (centre/width) or VOI LUT; a FullRange preset is resolved to the frame's min..max.
    void setVoi(const VoiPreset& voi);
    /// A window with the file's own VOI LUT Function (LINEAR when it names none).
    void setWindow(double center, double width);
    /// The effective VOI: FullRange is shown as the LINEAR_EXACT window over min..max.
    const VoiPreset& voi() const { return m_voi; }

    /// The user's invert, on top of the inversion the file itself asks for.
    void setUserInvert(bool invert);
    bool userInvert() const { return m_userInvert; }
    bool inverts() const;

    int width() const { return m_image->width(); }
    int height() const { return m_image->height(); }
    /// 1 for grayscale, 3 for RGB.
    int channels() const { return m_image->isColor() ? 3 : 1; }

    /// Writes the current frame into `destination`, `bytesPerLine` apart, channels() bytes a pixel.
    void render(uint8_t* destination, std::ptrdiff_t bytesPerLine) const;
    /// The current frame as a tightly packed buffer.
    std::vector<uint8_t> render() const;
    /// The current frame as Format_Grayscale8 or Format_RGB888.
    QImage renderImage() const;

    /// The folded look-up table (grayscale <= 16 bits), indexed by stored value - storedMinimum().
    const std::vector<uint8_t>& displayTable() const { return m_table; }
    /// The display value of one modality value under the current settings (the slow, exact path).
    uint8_t displayValue(double modalityValue) const;

private:
    void rebuild();

    std::shared_ptr<const DecodedImage> m_image;
    int m_frame = 0;
    VoiPreset m_requestedVoi;
    VoiPreset m_voi;
    bool m_userInvert = false;
    std::vector<uint8_t> m_table;
};

}  // namespace pulmo::dicom
