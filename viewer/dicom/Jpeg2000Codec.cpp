#include "dicom/Jpeg2000Codec.h"

#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace pulmo::dicom::detail {
namespace {

struct MemoryStream {
    const uint8_t* data;
    size_t size;
    size_t position;
};

OPJ_SIZE_T readStream(void* buffer, OPJ_SIZE_T bytes, void* userData)
{
    auto* stream = static_cast<MemoryStream*>(userData);
    if (stream->position >= stream->size) return OPJ_SIZE_T(-1);
    const size_t count = std::min<size_t>(bytes, stream->size - stream->position);
    std::memcpy(buffer, stream->data + stream->position, count);
    stream->position += count;
    return count;
}

OPJ_OFF_T skipStream(OPJ_OFF_T bytes, void* userData)
{
    auto* stream = static_cast<MemoryStream*>(userData);
    if (bytes < 0) {
        const size_t back = std::min<size_t>(size_t(-bytes), stream->position);
        stream->position -= back;
        return -OPJ_OFF_T(back);
    }
    const size_t forward = std::min<size_t>(size_t(bytes), stream->size - stream->position);
    stream->position += forward;
    return OPJ_OFF_T(forward);
}

OPJ_BOOL seekStream(OPJ_OFF_T position, void* userData)
{
    auto* stream = static_cast<MemoryStream*>(userData);
    if (position < 0 || size_t(position) > stream->size) return OPJ_FALSE;
    stream->position = size_t(position);
    return OPJ_TRUE;
}

void collectMessage(const char* message, void* userData)
{
    auto* text = static_cast<std::string*>(userData);
    if (text->empty() && message) {
        *text = message;
        while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
    }
}

void ignoreMessage(const char*, void*) {}

struct CodecDeleter {
    void operator()(opj_codec_t* codec) const { opj_destroy_codec(codec); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* stream) const { opj_stream_destroy(stream); }
};
struct ImageDeleter {
    void operator()(opj_image_t* image) const { opj_image_destroy(image); }
};

}  // namespace

Jpeg2000Frame decodeJpeg2000(const uint8_t* data, size_t size)
{
    static const uint8_t jp2Signature[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
    static const uint8_t codestreamStart[] = {0xFF, 0x4F, 0xFF, 0x51};
    OPJ_CODEC_FORMAT format;
    if (size >= sizeof(jp2Signature) && std::memcmp(data, jp2Signature, sizeof(jp2Signature)) == 0)
        format = OPJ_CODEC_JP2;
    else if (size >= sizeof(codestreamStart) && std::memcmp(data, codestreamStart, sizeof(codestreamStart)) == 0)
        format = OPJ_CODEC_J2K;
    else
        throw std::runtime_error("JPEG 2000 frame starts with neither a codestream nor a JP2 signature");

    std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(format));
    std::string error;
    opj_set_error_handler(codec.get(), collectMessage, &error);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters)) throw std::runtime_error("OpenJPEG set-up failed");

    MemoryStream memory{data, size, 0};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(64 * 1024, OPJ_TRUE));
    opj_stream_set_user_data(stream.get(), &memory, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readStream);
    opj_stream_set_skip_function(stream.get(), skipStream);
    opj_stream_set_seek_function(stream.get(), seekStream);

    opj_image_t* rawImage = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &rawImage)) {
        opj_image_destroy(rawImage);
        throw std::runtime_error("JPEG 2000 header unreadable" + (error.empty() ? "" : ": " + error));
    }
    std::unique_ptr<opj_image_t, ImageDeleter> image(rawImage);
    if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
        throw std::runtime_error("JPEG 2000 decoding failed" + (error.empty() ? "" : ": " + error));

    if (image->numcomps != 1 && image->numcomps != 3)
        throw std::runtime_error("JPEG 2000 frame has " + std::to_string(image->numcomps) +
                                 " components; 1 or 3 are supported");
    const opj_image_comp_t& first = image->comps[0];
    Jpeg2000Frame frame;
    frame.width = int(first.w);
    frame.height = int(first.h);
    frame.components = int(image->numcomps);
    frame.precision = int(first.prec);
    frame.isSigned = first.sgnd != 0;
    for (int c = 0; c < frame.components; ++c) {
        const opj_image_comp_t& comp = image->comps[c];
        if (comp.w != first.w || comp.h != first.h || !comp.data)
            throw std::runtime_error("JPEG 2000 components are subsampled or empty, which DICOM does not allow");
    }
    const size_t pixels = size_t(frame.width) * size_t(frame.height);
    frame.samples.resize(pixels * size_t(frame.components));
    for (int c = 0; c < frame.components; ++c) {
        const OPJ_INT32* src = image->comps[c].data;
        for (size_t i = 0; i < pixels; ++i) frame.samples[i * frame.components + c] = src[i];
    }
    return frame;
}

}  // namespace pulmo::dicom::detail
