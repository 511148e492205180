#pragma once
// Private to the DCMTK bridges (viewer/dicom, viewer/net): the one place where the bytes of a DICOM
// text value become text. Values are decoded by the Specific Character Set (0008,0005) of their
// dataset, ISO 2022 code extensions included, into UTF-8; everything above the bridges speaks
// UTF-8. No DCMTK header is included here, so the public headers stay free of DCMTK.

#include <memory>
#include <string>

class DcmItem;
class DcmTagKey;

namespace pulmo::dicom::detail {

/// How a value's bytes are delimited (PS3.5 6.1.2.5.3: ISO 2022 code extensions return to the
/// initial state at each delimiter).
enum class TextKind {
    PersonName,  ///< PN: values split by '\', component groups by '=', components by '^'
    String,      ///< LO, SH, UC: values split by '\'
    Text,        ///< LT, ST, UT: one value, '\' is an ordinary character
    Ascii,       ///< CS, DA, UI, IS, DS...: not affected by Specific Character Set
};

/// Decodes the text values of one dataset or sequence item. Not thread-safe: make one per dataset
/// and thread (they are cheap; a character set converter is only opened for a non-ASCII value).
///
/// What comes out is always valid UTF-8; a value is never dropped:
/// - declared character set, DCMTK (iconv) converts it: its conversion;
/// - Japanese sets that Debian's DCMTK cannot convert (glibc's iconv has no JIS X 0208 or JIS X 0201
///   on their own): ICU's ISO 2022 JIS8 converter through Qt, which understands the same escape
///   sequences and the 8-bit half-width katakana of ISO 2022 IR 13;
/// - no Specific Character Set but 8-bit bytes (common in old files, although DICOM then means
///   ASCII): the bytes as UTF-8 when they are valid UTF-8 (files from systems that wrote UTF-8
///   without saying so; Latin-1 text is almost never valid UTF-8), else as ISO_IR 100 (Latin-1),
///   pydicom's default for undeclared text (pydicom reads valid UTF-8 as Latin-1 too: this is where
///   Pulmo differs from it, on purpose);
/// - a declared set nobody can convert (unknown term, bytes illegal in that set): the raw bytes,
///   each byte that is not valid UTF-8 replaced by U+FFFD, so the file is still shown and indexed.
class TextDecoder {
public:
    /// Uses `item`'s own Specific Character Set, or `parent`'s when `item` has none (a sequence
    /// item inherits its dataset's, PS3.5 7.5.3). `parent`, when given, must outlive this decoder.
    explicit TextDecoder(DcmItem& item, const TextDecoder* parent = nullptr);
    ~TextDecoder();
    TextDecoder(const TextDecoder&) = delete;
    TextDecoder& operator=(const TextDecoder&) = delete;

    /// Value number `position` (0-based) of element `key` of `item` (the item this decoder was made
    /// for, or one of its sequence items without a character set of its own), decoded by the
    /// element's VR, leading and trailing spaces removed; "" when absent or empty. A negative
    /// `position` gives all values, '\'-separated.
    std::string value(DcmItem& item, const DcmTagKey& key, long position = 0) const;

    /// The raw bytes of one element value (all its values) as UTF-8. For PN, empty component
    /// groups at the end go ("Wang^XiaoDong=王^小東=" is "Wang^XiaoDong=王^小東"), as pydicom does.
    std::string decode(const std::string& raw, TextKind kind) const;

    /// The Specific Character Set in effect, normalised (e.g. "\ISO 2022 IR 87"); "" for none.
    const std::string& characterSet() const { return m_characterSet; }

private:
    struct Converters;
    std::string m_characterSet;
    bool m_undeclared = true;                          ///< no character set but ASCII declared: 8-bit text is guessed
    mutable std::unique_ptr<Converters> m_converters;  ///< opened on the first non-ASCII value
};

/// Whether `text` is valid UTF-8.
bool isValidUtf8(const std::string& text);

/// 7-bit bytes and no ESC: the same text in every character set DICOM allows as the first value.
bool isPlainAscii(const std::string& text);

/// Every text value of `item` and of its sequences' items in UTF-8, each decoded by TextDecoder
/// (ISO 2022 and the Japanese sets that DCMTK's own convertToUTF8() cannot convert included; never
/// fails, never drops a value); Specific Character Set ISO_IR 192 on `item` when any value changed
/// or a set was declared, and none on the nested items. Returns whether it set it.
bool convertToUtf8(DcmItem& item);

}  // namespace pulmo::dicom::detail
