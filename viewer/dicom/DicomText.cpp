#include "dicom/DicomText.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcspchrs.h>

#include <QByteArrayView>
#include <QString>
#include <QStringDecoder>

#include <algorithm>
#include <vector>

namespace pulmo::dicom::detail {
namespace {

/// ICU's ISO-2022-JP with JIS X 0212 and 8-bit half-width katakana ("JIS8"): the escape sequences
/// of ISO 2022 IR 87 and IR 159, and the GR katakana of ISO 2022 IR 13, in one converter.
constexpr const char* kIcuJapaneseIso2022 = "ISO_2022,locale=ja,version=4";

QByteArrayView bytesOf(const std::string& text)
{
    return QByteArrayView(text.data(), qsizetype(text.size()));
}

std::string trimmed(std::string text)
{
    const auto notSpace = [](unsigned char c) { return c != ' ' && c != '\0'; };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), notSpace));
    text.erase(std::find_if(text.rbegin(), text.rend(), notSpace).base(), text.end());
    return text;
}

std::vector<std::string> splitValues(const std::string& text)
{
    std::vector<std::string> values;
    size_t start = 0;
    for (;;) {
        const size_t end = text.find('\\', start);
        values.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return values;
        start = end + 1;
    }
}

/// The defined terms of a Specific Character Set value, each without padding.
std::vector<std::string> definedTerms(const std::string& characterSet)
{
    std::vector<std::string> terms = splitValues(characterSet);
    for (std::string& term : terms) term = trimmed(term);
    return terms;
}

bool isAsciiTerm(const std::string& term)
{
    return term.empty() || term == "ISO_IR 6" || term == "ISO 2022 IR 6";
}

/// Japanese sets only (with ASCII): what ICU's JIS8 converter reads when DCMTK cannot.
bool isJapaneseOnly(const std::vector<std::string>& terms)
{
    bool japanese = false;
    for (const std::string& term : terms) {
        if (isAsciiTerm(term)) continue;
        if (term != "ISO_IR 13" && term != "ISO 2022 IR 13" && term != "ISO 2022 IR 87" && term != "ISO 2022 IR 159")
            return false;
        japanese = true;
    }
    return japanese;
}

TextKind kindOf(DcmEVR vr)
{
    switch (vr) {
        case EVR_PN:
            return TextKind::PersonName;
        case EVR_LO:
        case EVR_SH:
        case EVR_UC:
            return TextKind::String;
        case EVR_LT:
        case EVR_ST:
        case EVR_UT:
            return TextKind::Text;
        default:
            return TextKind::Ascii;
    }
}

/// The bytes as UTF-8, each invalid byte replaced by U+FFFD (Qt's decoder does the replacing).
std::string replacingInvalidBytes(const std::string& raw)
{
    return QString::fromUtf8(bytesOf(raw)).toStdString();
}

/// Undeclared 8-bit text: UTF-8 when it is valid UTF-8, else Latin-1 (which every byte is).
std::string guessUndeclared(const std::string& raw)
{
    return isValidUtf8(raw) ? raw : QString::fromLatin1(bytesOf(raw)).toStdString();
}

/// PN values without their empty component groups at the end.
std::string withoutTrailingEmptyGroups(const std::string& names)
{
    const std::vector<std::string> values = splitValues(names);
    std::string result;
    for (size_t i = 0; i < values.size(); ++i) {
        std::string name = trimmed(values[i]);
        while (!name.empty() && name.back() == '=') name.pop_back();
        if (i > 0) result += '\\';
        result += name;
    }
    return result;
}

}  // namespace

struct TextDecoder::Converters {
    enum class Kind { Dcmtk, IcuJapanese, None };
    Kind kind = Kind::None;
    DcmSpecificCharacterSet dcmtk;
};

TextDecoder::TextDecoder(DcmItem& item, const TextDecoder* parent)
{
    OFString characterSet;
    if (item.findAndGetOFStringArray(DCM_SpecificCharacterSet, characterSet, OFFalse).good())
        m_characterSet = trimmed(std::string(characterSet.c_str(), characterSet.length()));
    else if (parent != nullptr)
        m_characterSet = parent->m_characterSet;
    const std::vector<std::string> terms = definedTerms(m_characterSet);
    m_undeclared = std::all_of(terms.begin(), terms.end(), isAsciiTerm);
}

TextDecoder::~TextDecoder() = default;

std::string TextDecoder::value(DcmItem& item, const DcmTagKey& key, long position) const
{
    DcmElement* element = nullptr;
    if (item.findAndGetElement(key, element, OFFalse).bad() || element == nullptr) return {};
    OFString raw;
    if (element->getOFStringArray(raw).bad()) return {};
    const TextKind kind = kindOf(element->ident());
    const std::string text = decode(std::string(raw.c_str(), raw.length()), kind);
    if (position < 0) return trimmed(text);
    if (kind == TextKind::Text) return position == 0 ? trimmed(text) : std::string();
    // Split after decoding: in UTF-8 a '\' byte is always the delimiter, whereas in 7-bit JIS it
    // can be half of a kanji.
    const std::vector<std::string> values = splitValues(text);
    return size_t(position) < values.size() ? trimmed(values[size_t(position)]) : std::string();
}

std::string TextDecoder::decode(const std::string& raw, TextKind kind) const
{
    std::string text;
    if (isPlainAscii(raw)) {
        text = raw;
    } else if (kind == TextKind::Ascii || m_undeclared) {
        text = guessUndeclared(raw);
    } else {
        if (!m_converters) {
            m_converters = std::make_unique<Converters>();
            // Fails for a term DCMTK does not know, and with glibc's iconv for JIS X 0208/0201.
            if (m_converters->dcmtk.selectCharacterSet(OFString(m_characterSet.c_str())).good())
                m_converters->kind = Converters::Kind::Dcmtk;
            else if (isJapaneseOnly(definedTerms(m_characterSet)) && QStringDecoder(kIcuJapaneseIso2022).isValid())
                m_converters->kind = Converters::Kind::IcuJapanese;
        }
        bool converted = false;
        if (m_converters->kind == Converters::Kind::Dcmtk) {
            const char* delimiters = kind == TextKind::PersonName ? "\\^=" : kind == TextKind::String ? "\\" : "";
            OFString out;
            if (m_converters->dcmtk.convertString(raw.data(), raw.size(), out, delimiters).good()) {
                text.assign(out.c_str(), out.length());
                converted = true;
            }
        } else if (m_converters->kind == Converters::Kind::IcuJapanese) {
            QStringDecoder decoder(kIcuJapaneseIso2022, QStringDecoder::Flag::Stateless);
            const QString decoded = decoder(bytesOf(raw));
            if (!decoder.hasError()) {
                text = decoded.toStdString();
                converted = true;
            }
        }
        // Nothing could convert it: keep the bytes, readable where they are UTF-8 or ASCII.
        if (!converted) text = raw;
    }
    if (!isValidUtf8(text)) text = replacingInvalidBytes(text);
    return kind == TextKind::PersonName ? withoutTrailingEmptyGroups(text) : text;
}

bool isValidUtf8(const std::string& text)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = utf8(bytesOf(text));
    return !utf8.hasError();
}

bool isPlainAscii(const std::string& text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x80 && byte != 0x1B;
    });
}

namespace {

/// The values of `item` and its sequences' items in UTF-8 (an item's own Specific Character Set
/// goes: the top one says ISO_IR 192). Returns whether any value changed.
bool convertValues(DcmItem& item, const TextDecoder* parent, bool top)
{
    bool changed = false;
    {
        TextDecoder decoder(item, parent);
        for (unsigned long index = 0; index < item.card(); ++index) {
            DcmElement* element = item.getElement(index);
            const DcmEVR vr = element->getTag().getEVR();
            if (vr == EVR_SQ) {
                auto* sequence = static_cast<DcmSequenceOfItems*>(element);
                for (unsigned long i = 0; i < sequence->card(); ++i)
                    changed = convertValues(*sequence->getItem(i), &decoder, false) || changed;
                continue;
            }
            if (vr != EVR_SH && vr != EVR_LO && vr != EVR_ST && vr != EVR_LT && vr != EVR_UT && vr != EVR_PN &&
                vr != EVR_UC)
                continue;
            OFString raw;
            if (element->getOFStringArray(raw).bad()) continue;
            if (isPlainAscii(std::string(raw.c_str(), raw.length()))) continue;
            element->putString(decoder.value(item, element->getTag(), -1).c_str());
            changed = true;
        }
    }
    if (!top) item.findAndDeleteElement(DCM_SpecificCharacterSet);
    return changed;
}

}  // namespace

bool convertToUtf8(DcmItem& item)
{
    OFString declared;
    const bool hadSet = item.findAndGetOFStringArray(DCM_SpecificCharacterSet, declared).good() && !declared.empty();
    if (!convertValues(item, nullptr, true) && !hadSet) return false;
    item.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    return true;
}

}  // namespace pulmo::dicom::detail
