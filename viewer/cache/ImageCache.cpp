#include "cache/ImageCache.h"

namespace pulmo::viewer {

qint64 ImageCache::sizeOf(const dicom::DecodedImage& image)
{
    const qint64 pixels = qint64(image.pixelsPerFrame()) * image.frameCount();
    switch (image.storage()) {
        case dicom::DecodedImage::Storage::NarrowGray:
            return pixels * 2;
        case dicom::DecodedImage::Storage::WideGray:
            return pixels * 8;
        case dicom::DecodedImage::Storage::Rgb8:
            return pixels * 3;
    }
    return pixels;
}

std::shared_ptr<const dicom::DecodedImage> ImageCache::find(const QString& filePath)
{
    const auto found = m_entries.find(filePath);
    if (found == m_entries.end()) return nullptr;
    m_order.splice(m_order.begin(), m_order, found->position);
    return found->image;
}

void ImageCache::insert(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image)
{
    if (!image) return;
    const auto found = m_entries.find(filePath);
    if (found != m_entries.end()) {
        m_used -= found->bytes;
        m_order.erase(found->position);
        m_entries.erase(found);
    }
    m_order.push_front(filePath);
    const qint64 bytes = sizeOf(*image);
    m_entries.insert(filePath, Entry{std::move(image), bytes, m_order.begin()});
    m_used += bytes;
    evict();
}

void ImageCache::setBudget(qint64 budgetBytes)
{
    m_budget = budgetBytes;
    evict();
}

void ImageCache::clear()
{
    m_entries.clear();
    m_order.clear();
    m_used = 0;
}

void ImageCache::evict()
{
    while (m_used > m_budget && m_order.size() > 1) {
        const QString oldest = m_order.back();
        m_order.pop_back();
        const auto found = m_entries.find(oldest);
        m_used -= found->bytes;
        m_entries.erase(found);
    }
}

}  // namespace pulmo::viewer
