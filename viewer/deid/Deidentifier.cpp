#include "deid/Deidentifier.h"

#include "deid/DeidRules.h"
#include "deid/DeidText.h"
#include "deid/IodTypes.h"
#include "deid/SafePrivate.h"
#include "dicom/DcmtkFile.h"
#include "dicom/DcmtkLogging.h"
#include "dicom/DicomError.h"
#include "dicom/DicomText.h"
#include "dicom/ParserGuard.h"
#include "dicom/Uuid225.h"

#include <QDate>
#include <QRegularExpression>
#include <QString>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dctag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/dcmdata/dcvrat.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <unistd.h>

namespace pulmo::deid {

namespace {

using dicom::DicomError;

constexpr const char* kDummyText = "DEIDENTIFIED";
constexpr const char* kDummyDate = "19000101";
constexpr const char* kDummyTime = "000000";
constexpr const char* kDummyDateTime = "19000101000000";

// What a value is, for the actions that depend on it.
bool isTextVr(DcmEVR vr)
{
    switch (vr) {
        case EVR_AE:
        case EVR_AS:
        case EVR_LO:
        case EVR_LT:
        case EVR_PN:
        case EVR_SH:
        case EVR_ST:
        case EVR_UC:
        case EVR_UR:
        case EVR_UT:
            return true;
        default:
            return false;
    }
}

bool isDateVr(DcmEVR vr)
{
    return vr == EVR_DA || vr == EVR_DT || vr == EVR_TM;
}

// Inside a content item or a graphic annotation that the profile replaces by a dummy (D) or cleans
// (C), these attributes give the structure and the coded meaning, not identity: they are kept.
// Codes (Code Value, Coding Scheme, Code Meaning of a concept) name what was observed.
bool isStructural(const DcmTagKey& key)
{
    static const std::set<DcmTagKey> structural = {
        DCM_CodeValue,          DCM_CodingSchemeDesignator, DCM_CodingSchemeVersion,       DCM_CodeMeaning,
        DCM_LongCodeValue,      DCM_URNCodeValue,           DCM_MappingResource,           DCM_ContextIdentifier,
        DCM_TemplateIdentifier, DCM_MappingResourceName,    DCM_ContextGroupExtensionFlag,
    };
    return structural.count(key) > 0;
}

// A UID attribute that names a kind of thing, not an instance: a SOP class, a transfer syntax, a
// coding scheme, a context group, a template's creator. A private or newer class the dictionary
// does not list must still say what the object is.
bool namesAClass(const DcmTagKey& key)
{
    DcmTag tag(key);
    const char* keyword = tag.getTagName();
    if (keyword == nullptr) return false;
    const std::string name = keyword;
    static const std::set<std::string> classes = {
        "CodingSchemeUID",
        "ContextUID",
        "MappingResourceUID",
        "ContextGroupExtensionCreatorUID",
        "TemplateExtensionOrganizationUID",
        "TemplateExtensionCreatorUID",
        "PrivateInformationCreatorUID",
    };
    return name.find("Class") != std::string::npos || name.find("TransferSyntax") != std::string::npos ||
           classes.count(name) > 0;
}

// The value's bytes as stored, trailing padding (spaces, NUL) removed. Not getOFStringArray(): it
// parses value by value, which takes quadratic time on a value of 100,000 parts.
std::string stringOf(DcmElement& element)
{
    char* value = nullptr;
    Uint32 length = 0;
    if (element.getString(value, length).bad() || value == nullptr) return {};
    std::string text(value, length);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
    return text;
}

// Nesting beyond this is refused: no radiograph or report comes close (an SR's content tree is
// rarely 10 deep), and DCMTK's writer takes quadratic time in the depth.
constexpr int kMaxDepth = 64;

bool isStringVr(DcmEVR vr)
{
    return DcmVR(vr).isaString();
}

// An attribute the standard defines, stored with VR UN (an explicit-VR file written by a system
// that did not know it) or with a VR that is no VR at all (DCMTK reads its value as bytes): rebuilt
// with its dictionary VR, so that the rules can read and replace its value (a byte value cannot take
// a string: Patient's Name "P\xe1" kept its value, found by fuzz_deidentify). Text only; a binary
// value stays as it is (its rule removes, empties or zeroes it just as well).
void convertKnownUn(DcmItem& item, int depth, const std::string& path)
{
    if (depth > kMaxDepth)
        throw DicomError(path, "sequences nested deeper than " + std::to_string(kMaxDepth) + " levels");
    for (unsigned long index = 0; index < item.card(); ++index) {
        DcmElement* element = item.getElement(index);
        if (element->getTag().getEVR() == EVR_SQ) {
            auto* sequence = static_cast<DcmSequenceOfItems*>(element);
            for (unsigned long i = 0; i < sequence->card(); ++i) convertKnownUn(*sequence->getItem(i), depth + 1, path);
            continue;
        }
        const DcmEVR stored = element->getTag().getEVR();
        if ((stored != EVR_UN && stored != EVR_UNKNOWN && stored != EVR_UNKNOWN2B) ||
            (element->getTag().getGroup() & 1u))
            continue;
        const DcmTag known(element->getTag().getGroup(), element->getTag().getElement());
        if (known.getEVR() == EVR_UN || known.getEVR() == EVR_UNKNOWN || !isStringVr(known.getEVR())) continue;
        Uint8* bytes = nullptr;
        const Uint32 length = element->getLength();
        if (length > 0 && (element->getUint8Array(bytes).bad() || bytes == nullptr)) continue;
        DcmElement* rebuilt = DcmItem::newDicomElement(known);
        if (rebuilt == nullptr) continue;
        const OFString text = length > 0 ? OFString(reinterpret_cast<const char*>(bytes), length) : OFString();
        if (rebuilt->putOFStringArray(text).bad() || item.insert(rebuilt, /*replaceOld=*/OFTrue).bad()) {
            delete rebuilt;
            delete item.remove(element);  // unreadable as its own VR: it goes rather than stays unread
            --index;
        }
    }
}

// Replaces an element's value; when the element cannot hold the text (a value DCMTK read as bytes),
// its value is emptied instead, so that what was there never stays.
void replaceValue(DcmElement& element, const std::string& text)
{
    if (element.putString(text.c_str()).bad()) element.clear();
}

std::string joinValues(const std::vector<std::string>& values)
{
    std::string text;
    for (size_t i = 0; i < values.size(); ++i) text += (i ? "\\" : "") + values[i];
    return text;
}

// A date moved back by `days`. A full date (YYYYMMDD) moves exactly; a partial one (YYYY or YYYYMM)
// by whole years, which is all it can say; anything unreadable becomes the dummy date.
std::string shiftDate(const std::string& value, int days)
{
    if (const size_t dash = value.find('-'); dash != std::string::npos) {  // a range: each end moves
        const std::string from = value.substr(0, dash);
        const std::string to = value.substr(dash + 1);
        return (from.empty() ? from : shiftDate(from, days)) + "-" + (to.empty() ? to : shiftDate(to, days));
    }
    if (value.size() >= 8) {
        const QDate date = QDate::fromString(QString::fromStdString(value.substr(0, 8)), QStringLiteral("yyyyMMdd"));
        if (date.isValid()) return date.addDays(-days).toString(QStringLiteral("yyyyMMdd")).toStdString();
        return kDummyDate;
    }
    if (value.size() == 4 || value.size() == 6) {
        // YYYY or YYYYMM: its first day moves by the exact offset and keeps its precision.
        const QString text = QString::fromStdString(value);
        const QDate first(text.left(4).toInt(), value.size() == 6 ? text.mid(4, 2).toInt() : 1, 1);
        if (!first.isValid()) return kDummyDate;
        return first.addDays(-days)
            .toString(value.size() == 6 ? QStringLiteral("yyyyMM") : QStringLiteral("yyyy"))
            .toStdString();
    }
    return value.empty() ? value : kDummyDate;
}

// A date-time: its date part moved, the time and the UTC offset kept (the offset is whole days).
std::string shiftDateTime(const std::string& value, int days)
{
    if (value.size() < 8) return shiftDate(value, days);
    // Only a full date can carry a time; the rest (HHMMSS.FFFFFF&ZZXX) is kept as it is.
    return shiftDate(value.substr(0, 8), days) + value.substr(8);
}

std::string dummyFor(DcmEVR vr)
{
    switch (vr) {
        case EVR_DA:
            return kDummyDate;
        case EVR_TM:
            return kDummyTime;
        case EVR_DT:
            return kDummyDateTime;
        case EVR_AS:
            return "000Y";
        case EVR_DS:
        case EVR_IS:
            return "0";
        case EVR_UR:
            return "urn:oid:2.25.0";
        default:
            return kDummyText;
    }
}

/// The state of one file's de-identification.
class Walker {
public:
    Walker(const Deidentifier& owner, DeidCounts& counts) : m_owner(owner), m_options(owner.options()), m_counts(counts)
    {
    }

    std::string sopClass;
    std::string patientPseudonym;
    int dateOffset = 0;
    std::map<std::string, std::string> uidMap;  // original -> replacement, every UID replaced
    // Every identifying value of the object (what the profile removes or replaces), for scrubbing
    // the values it cleans: descriptors, content items, graphic text.
    std::vector<QRegularExpression> identifiers;

    void collectIdentifiers(DcmItem& item)
    {
        std::set<QString> seen;
        collectFrom(item, seen);
        // Longest first: the whole name goes before its parts could break it up.
        std::vector<QString> tokens(seen.begin(), seen.end());
        std::stable_sort(tokens.begin(), tokens.end(),
                         [](const QString& a, const QString& b) { return a.size() > b.size(); });
        for (const QString& token : tokens) {
            // Chinese, Japanese and Korean text runs words together: there, a name is found without
            // word boundaries.
            const bool runTogether = std::any_of(token.begin(), token.end(), [](QChar c) {
                const QChar::Script script = c.script();
                return script == QChar::Script_Han || script == QChar::Script_Hiragana ||
                       script == QChar::Script_Katakana || script == QChar::Script_Hangul;
            });
            const QString escaped = QRegularExpression::escape(token);
            identifiers.emplace_back(
                runTogether ? escaped
                            : QStringLiteral("(?<![\\p{L}\\p{N}])") + escaped + QStringLiteral("(?![\\p{L}\\p{N}])"),
                QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
        }
    }

    // mode: 0 normal, 1 inside a dummy (D) sequence, 2 inside a cleaned (C) sequence.
    void walk(DcmItem& item, int depth, int mode)
    {
        for (long index = long(item.card()) - 1; index >= 0; --index) {
            DcmElement* element = item.getElement(static_cast<unsigned long>(index));
            if (element == nullptr) continue;
            const DcmTagKey key = element->getTag();
            const uint16_t group = key.getGroup();
            const uint16_t number = key.getElement();
            const DcmEVR vr = element->getTag().getEVR();

            // Group lengths (DCMTK writes them again if asked), and file meta attributes found inside
            // the dataset (the new file gets a meta header of its own).
            if (number == 0x0000 || group == 0x0002) {
                if (group == 0x0002) ++m_counts.removed;
                removeElement(item, element);
                continue;
            }
            if (group & 1u) {
                handlePrivate(item, element, depth, mode);
                continue;
            }
            if (group >= 0x6000 && group <= 0x601E) {  // overlay planes: the bitmap may hold burned-in text
                if (number == 0x3000) ++m_counts.overlayGroups;
                removeElement(item, element);
                ++m_counts.removed;
                continue;
            }
            if (group >= 0x5000 && group <= 0x501E) {  // curves: retired, and free text besides
                if (number == 0x3000 || number == 0x0005) ++m_counts.curveGroups;
                removeElement(item, element);
                ++m_counts.removed;
                continue;
            }
            if (key == DCM_PixelData && depth == 0) continue;  // the pixels stay as they are

            // The patient's identity: keyed pseudonyms rather than emptiness, so that a patient's
            // images stay together.
            if (key == DCM_PatientID) {
                const std::string original = stringOf(*element);
                replaceValue(*element,
                             (depth == 0 || original.empty()) ? patientPseudonym : m_owner.patientPseudonym(original));
                ++m_counts.dummied;
                continue;
            }
            if (key == DCM_PatientName && depth == 0) {
                replaceValue(*element, pseudonymName(patientPseudonym));
                ++m_counts.dummied;
                continue;
            }

            const DeidRuleRow* row = findRule(group, number);
            if (row == nullptr) {
                handleUnlisted(element, key, vr, depth, mode);
                continue;
            }
            const bool hasValue = element->getLength() > 0 || (vr == EVR_SQ && element->getVM() > 0);
            const IodType type = depth == 0 ? topLevelType(sopClass, group, number) : IodType::Unknown;
            apply(item, element, vr, resolve(*row, m_options, type, hasValue), depth, mode);
        }
    }

private:
    void collectFrom(DcmItem& item, std::set<QString>& seen)
    {
        for (unsigned long index = 0; index < item.card(); ++index) {
            DcmElement* element = item.getElement(index);
            const DcmEVR vr = element->getTag().getEVR();
            if (vr == EVR_SQ) {
                auto* sequence = static_cast<DcmSequenceOfItems*>(element);
                for (unsigned long i = 0; i < sequence->card(); ++i) collectFrom(*sequence->getItem(i), seen);
                continue;
            }
            const DcmTagKey key = element->getTag();
            const DeidRuleRow* row = findRule(key.getGroup(), key.getElement());
            // What the profile removes or replaces is identity; descriptors it cleans are not
            // (they are what gets scrubbed).
            const bool identifying = (key.getGroup() & 1u) ? false
                                                           : row != nullptr && std::string(row->options[7]).empty() &&
                                                                 std::string(row->options[8]).empty() &&
                                                                 std::string(row->options[9]).empty();
            if (!identifying || !(isTextVr(vr) || vr == EVR_DA || vr == EVR_DT)) continue;
            for (const std::string& value : detail::splitValues(stringOf(*element))) {
                const QString text = QString::fromUtf8(value.data(), int(value.size())).trimmed();
                if (text.size() >= 2) seen.insert(text);
                // Each part of a name, each word of an address: a text that names the patient by
                // surname alone is caught too.
                const QStringList words =
                    text.split(QRegularExpression(QStringLiteral("[\\^=\\s,]+")), Qt::SkipEmptyParts);
                // A person's name parts count from two letters (Li, Wu); other words from three.
                const int shortest = vr == EVR_PN ? 2 : 3;
                for (const QString& word : words)
                    if (word.size() >= shortest) seen.insert(word);
            }
        }
    }

    QString scrub(QString text) const
    {
        for (const QRegularExpression& identifier : identifiers) text.replace(identifier, QStringLiteral("***"));
        return text;
    }

    void removeElement(DcmItem& item, DcmElement* element) { delete item.remove(element); }

    void handlePrivate(DcmItem& item, DcmElement* element, int depth, int mode)
    {
        if (m_options.retainSafePrivate) {
            const DcmTagKey key = element->getTag();
            if (key.getElement() >= 0x0010 && key.getElement() <= 0x00FF) {
                // A private creator stays while a safe attribute of its block does.
                if (blockHasSafeAttribute(item, key.getGroup(), uint8_t(key.getElement()))) {
                    ++m_counts.privateKept;
                    return;
                }
            } else if (isSafePrivate(creatorOf(item, key), key.getGroup(), uint8_t(key.getElement() & 0xFF))) {
                ++m_counts.privateKept;
                if (element->getTag().getEVR() == EVR_SQ) walkSequence(*element, depth, mode);
                return;
            }
        }
        ++m_counts.privateRemoved;
        removeElement(item, element);
    }

    static std::string creatorOf(DcmItem& item, const DcmTagKey& key)
    {
        const DcmTagKey creatorKey(key.getGroup(), uint16_t(key.getElement() >> 8));
        OFString creator;
        if (item.findAndGetOFString(creatorKey, creator).bad()) return {};
        return std::string(creator.c_str());
    }

    static bool blockHasSafeAttribute(DcmItem& item, uint16_t group, uint8_t block)
    {
        OFString creator;
        if (item.findAndGetOFString(DcmTagKey(group, block), creator).bad()) return false;
        for (unsigned long index = 0; index < item.card(); ++index) {
            const DcmTagKey key = item.getElement(index)->getTag();
            if (key.getGroup() == group && (key.getElement() >> 8) == block &&
                isSafePrivate(creator.c_str(), group, uint8_t(key.getElement() & 0xFF)))
                return true;
        }
        return false;
    }

    void walkSequence(DcmElement& element, int depth, int mode)
    {
        auto& sequence = static_cast<DcmSequenceOfItems&>(element);
        for (unsigned long i = 0; i < sequence.card(); ++i) walk(*sequence.getItem(i), depth + 1, mode);
    }

    void handleUnlisted(DcmElement* element, const DcmTagKey& key, DcmEVR vr, int depth, int mode)
    {
        if (vr == EVR_SQ) {
            walkSequence(*element, depth, mode);
            return;
        }
        if (vr == EVR_UI) {
            // An instance UID the table does not list (a newer attribute, a Referenced … UID of a
            // module added since): mapped like the listed ones. UIDs the standard itself defines
            // (SOP classes, transfer syntaxes, coding schemes) say nothing about the patient.
            if (!namesAClass(key)) replaceUids(*element, /*onlyUnknown=*/true);
            return;
        }
        if (mode == 0 || isStructural(key)) return;
        // Inside content that is replaced by a dummy or cleaned: free text and dates are identity
        // unless proved otherwise.
        if (isDateVr(vr)) {
            treatDate(*element, vr, mode == 2 ? Action::Clean : Action::Dummy);
        } else if (isTextVr(vr)) {
            if (mode == 2 && vr != EVR_PN)
                cleanText(*element);
            else
                setDummy(*element, vr);
        }
    }

    void apply(DcmItem& item, DcmElement* element, DcmEVR vr, Action action, int depth, int mode)
    {
        switch (action) {
            case Action::Keep:
                if (vr == EVR_SQ) walkSequence(*element, depth, mode);
                return;
            case Action::Clean:
                ++m_counts.cleaned;
                if (vr == EVR_SQ)
                    walkSequence(*element, depth, 2);
                else if (isDateVr(vr))
                    treatDate(*element, vr, Action::Clean);
                else if (isTextVr(vr) && vr != EVR_PN)
                    cleanText(*element);
                else if (vr == EVR_PN)
                    setDummy(*element, vr);
                return;
            case Action::Remove:
                ++m_counts.removed;
                removeElement(item, element);
                return;
            case Action::Empty:
                ++m_counts.emptied;
                if (vr == EVR_SQ)
                    static_cast<DcmSequenceOfItems*>(element)->clear();
                else
                    element->clear();
                return;
            case Action::Dummy:
                ++m_counts.dummied;
                if (vr == EVR_SQ)
                    walkSequence(*element, depth, mode == 2 ? 2 : 1);
                else if (vr == EVR_UI)
                    replaceUids(*element, false);
                else if (isDateVr(vr))
                    treatDate(*element, vr, Action::Dummy);
                else
                    setDummy(*element, vr);
                return;
            case Action::ReplaceUid:
                if (vr == EVR_SQ)
                    walkSequence(*element, depth, mode);
                else if (vr == EVR_UI)
                    replaceUids(*element, false);
                else
                    setDummy(*element, vr);
                return;
        }
    }

    void replaceUids(DcmElement& element, bool onlyUnknown)
    {
        const std::string text = stringOf(element);
        if (text.empty()) return;
        std::vector<std::string> values = detail::splitValues(text);
        bool changed = false;
        for (std::string& value : values) {
            if (value.empty()) continue;
            if (onlyUnknown && dcmFindNameOfUID(value.c_str()) != nullptr) continue;
            const std::string replaced = m_owner.replacementUid(value);
            if (replaced != value) uidMap.emplace(value, replaced);
            changed = changed || replaced != value;
            value = replaced;
        }
        if (!changed) return;
        replaceValue(element, joinValues(values));
        ++m_counts.uidsReplaced;
    }

    void treatDate(DcmElement& element, DcmEVR vr, Action action)
    {
        if (m_options.retainDates) return;
        if (action == Action::Clean && m_options.shiftDates) {
            if (vr == EVR_TM) return;  // whole days move; the time of day stays
            std::vector<std::string> values = detail::splitValues(stringOf(element));
            for (std::string& value : values)
                value = vr == EVR_DA ? shiftDate(value, dateOffset) : shiftDateTime(value, dateOffset);
            replaceValue(element, joinValues(values));
            ++m_counts.datesShifted;
            return;
        }
        if (element.getLength() == 0) return;
        setDummy(element, vr);
    }

    void cleanText(DcmElement& element)
    {
        const std::string text = stringOf(element);
        const QString scrubbed = scrub(QString::fromUtf8(text.data(), int(text.size())));
        const QByteArray bytes = scrubbed.toUtf8();
        if (bytes.toStdString() != text) replaceValue(element, bytes.toStdString());
    }

    void setDummy(DcmElement& element, DcmEVR vr)
    {
        if (vr == EVR_AT) {
            static_cast<DcmAttributeTag&>(element).putTagVal(DcmTagKey(0, 0));
            return;
        }
        if (vr == EVR_OB || vr == EVR_OW || vr == EVR_UN || vr == EVR_OF || vr == EVR_OD || vr == EVR_OL ||
            vr == EVR_OV) {
            const Uint8 zeros[8] = {};
            element.putUint8Array(zeros, vr == EVR_OB || vr == EVR_UN ? 2 : 8);
            return;
        }
        if (vr == EVR_US || vr == EVR_SS || vr == EVR_UL || vr == EVR_SL || vr == EVR_FL || vr == EVR_FD ||
            vr == EVR_UV || vr == EVR_SV) {
            replaceValue(element, "0");
            return;
        }
        replaceValue(element, dummyFor(vr));
    }

    const Deidentifier& m_owner;
    const DeidOptions& m_options;
    DeidCounts& m_counts;
};

}  // namespace

namespace detail {

std::vector<std::string> splitValues(const std::string& text)
{
    std::vector<std::string> values;
    size_t start = 0;
    while (true) {
        const size_t end = text.find('\\', start);
        values.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return values;
}

std::string textOf(DcmItem& item, const DcmTagKey& key)
{
    OFString value;
    if (item.findAndGetOFStringArray(key, value).bad()) return {};
    return std::string(value.c_str(), value.length());
}

}  // namespace detail

namespace {

using detail::textOf;

void putMarks(DcmDataset& dataset, const Deidentifier& owner)
{
    dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
    std::string method;
    for (const std::string& line : owner.methodText()) method += (method.empty() ? "" : "\\") + line;
    dataset.putAndInsertString(DCM_DeidentificationMethod, method.c_str());
    dataset.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
    for (const auto& [value, meaning] : owner.methodCodes()) {
        DcmItem* item = nullptr;
        if (dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, item, -2).bad() || !item)
            throw std::runtime_error("cannot write the De-identification Method Code Sequence");
        item->putAndInsertString(DCM_CodeValue, value.c_str());
        item->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
        item->putAndInsertString(DCM_CodeMeaning, meaning.c_str());
    }
    const DeidOptions& options = owner.options();
    dataset.putAndInsertString(DCM_LongitudinalTemporalInformationModified,
                               options.retainDates ? "UNMODIFIED" : (options.shiftDates ? "MODIFIED" : "REMOVED"));
}

DeidOutcome deidentifyOnThisThread(const Deidentifier& owner, const std::string& inputPath,
                                   const std::string& outputFolder, const std::string& outputPath)
{
    DeidOutcome outcome;
    outcome.inputPath = inputPath;
    DcmFileFormat file;
    dicom::detail::loadFileOrThrow(file, inputPath);
    DcmDataset& dataset = *file.getDataset();

    outcome.sopClassUid = textOf(dataset, DCM_SOPClassUID);
    const std::string sopInstance = textOf(dataset, DCM_SOPInstanceUID);
    outcome.originalSopInstanceUid = sopInstance;
    if (sopInstance.empty())
        throw DicomError(DicomError::Kind::InvalidHeaderValue, inputPath, "no SOP Instance UID",
                         {"SOPInstanceUID", ""});
    const std::string conversionType = textOf(dataset, DCM_ConversionType);
    const BurnedInRisk risk =
        burnedInRisk(outcome.sopClassUid, textOf(dataset, DCM_BurnedInAnnotation), conversionType);
    if (risk != BurnedInRisk::None && !owner.options().allowBurnedIn) {
        outcome.status = DeidOutcome::Status::Refused;
        outcome.refusal = risk;
        outcome.reason = burnedInText(risk, conversionType);
        return outcome;
    }

    convertKnownUn(dataset, 0, inputPath);
    // One character set for every value.
    dicom::detail::convertToUtf8(dataset);

    DeidCounts counts;
    Walker walker(owner, counts);
    walker.sopClass = outcome.sopClassUid;
    const std::string patientId = textOf(dataset, DCM_PatientID);
    // A patient without an ID is known by name and birth date; without those too, all such
    // patients share one pseudonym (the README says so).
    const std::string identity =
        !patientId.empty() ? patientId
                           : "name:" + textOf(dataset, DCM_PatientName) + "|" + textOf(dataset, DCM_PatientBirthDate);
    walker.patientPseudonym = owner.patientPseudonym(identity);
    walker.dateOffset = owner.dateOffsetDays(identity);
    walker.collectIdentifiers(dataset);
    walker.walk(dataset, 0, 0);
    // PS3.3 C.7.1.3: the Ethics Committee Name (D: a dummy) is Type 1C, present only with the
    // Approval Number, which the profile removes (X): without it the name must go too, unless the
    // Retain Institution Identity Option keeps the name as it is.
    if (!owner.options().retainInstitutionIdentity &&
        !dataset.tagExists(DCM_ClinicalTrialProtocolEthicsCommitteeApprovalNumber))
        dataset.findAndDeleteElement(DCM_ClinicalTrialProtocolEthicsCommitteeName);
    putMarks(dataset, owner);

    outcome.patientPseudonym = walker.patientPseudonym;
    outcome.studyInstanceUid = textOf(dataset, DCM_StudyInstanceUID);
    outcome.seriesInstanceUid = textOf(dataset, DCM_SeriesInstanceUID);
    outcome.sopInstanceUid = textOf(dataset, DCM_SOPInstanceUID);
    outcome.counts = counts;
    outcome.uidMap = std::move(walker.uidMap);

    // A new file: a new meta header (Media Storage SOP Instance UID from the new SOP Instance UID,
    // no Source AE Title) and a preamble of zeros, whatever the input had there.
    const E_TransferSyntax transferSyntax = dataset.getOriginalXfer();
    // Values above 4 KiB are still in the input file. DCMTK pads an odd-length one (illegal, but read)
    // only when it loads it, which the save would do after it has computed the lengths of the items
    // around it: the copy would say one byte less than it holds, and not read back (found by
    // fuzz_deidentify). Loaded now, every length is the padded one.
    dataset.loadAllDataIntoMemory();
    DcmFileFormat output(file.getAndRemoveDataset(), /*deepCopy=*/OFFalse);
    // The name is the new SOP Instance UID when it is one (digits and dots: with the Retain UIDs
    // Option it is the input's, which could be "../x"); else a keyed name.
    const std::string& uid = outcome.sopInstanceUid;
    const bool plainUid = !uid.empty() && uid.size() <= 64 && uid.front() != '.' &&
                          uid.find_first_not_of("0123456789.") == std::string::npos;
    // (Keyed like a pseudonym: replacementUid() returns the UID itself under that very option.)
    const std::string name = plainUid ? uid : "x" + owner.patientPseudonym("file name\n" + uid).substr(6);
    const std::string target =
        !outputPath.empty() ? outputPath : (std::filesystem::path(outputFolder) / (name + ".dcm")).string();
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(target).parent_path(), error);
    const std::string partial = target + ".part";
    const OFCondition saved = output.saveFile(OFFilename(partial.c_str()), transferSyntax, EET_ExplicitLength,
                                              EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta);
    if (saved.bad()) {
        std::filesystem::remove(partial, error);
        throw DicomError(DicomError::Kind::CannotWrite, target, std::string("cannot write: ") + saved.text(),
                         {saved.text()});
    }
    // Never over another file: two inputs with one SOP Instance UID (or an earlier run into the same
    // folder) would otherwise leave one output for two inputs without a word.
    if (::link(partial.c_str(), target.c_str()) != 0) {
        const int failure = errno;
        std::filesystem::remove(partial, error);
        if (failure == EEXIST)
            throw DicomError(DicomError::Kind::CannotWrite, target,
                             "exists already (another input with the same SOP Instance UID, or an earlier export "
                             "into this folder)",
                             {"exists already"});
        throw DicomError(DicomError::Kind::CannotWrite, target, std::string("cannot write: ") + std::strerror(failure),
                         {std::strerror(failure)});
    }
    std::filesystem::remove(partial, error);
    outcome.outputPath = target;
    outcome.status = DeidOutcome::Status::Written;
    return outcome;
}

}  // namespace

Deidentifier::Deidentifier(std::string key, DeidOptions options) : m_key(std::move(key)), m_options(options)
{
    if (m_key.size() < 16) throw std::invalid_argument("the de-identification key is shorter than 16 bytes");
    if (const std::string conflict = m_options.conflict(); !conflict.empty()) throw std::invalid_argument(conflict);
}

std::string Deidentifier::hmac(const std::string& message) const
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), m_key.data(), int(m_key.size()), reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), digest.data(), &length) == nullptr ||
        length != 32)
        throw std::runtime_error("OpenSSL could not compute HMAC-SHA-256");
    return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string Deidentifier::replacementUid(const std::string& uid) const
{
    if (m_options.retainUids || uid.empty()) return uid;
    const std::string mac = hmac(std::string("uid") + '\0' + uid);
    std::array<uint8_t, 16> uuid{};
    for (size_t i = 0; i < uuid.size(); ++i) uuid[i] = uint8_t(mac[i]);
    uuid[6] = uint8_t((uuid[6] & 0x0f) | 0x80);  // RFC 9562 version 8: a UUID of our own making
    uuid[8] = uint8_t((uuid[8] & 0x3f) | 0x80);  // RFC 4122 variant
    return dicom::uidFromUuid(uuid);
}

std::string pseudonymName(const std::string& pseudonymId)
{
    return "PULMO^" + (pseudonymId.size() > 6 ? pseudonymId.substr(6) : pseudonymId);
}

std::string Deidentifier::patientPseudonym(const std::string& patientId) const
{
    const std::string mac = hmac(std::string("patient") + '\0' + patientId);
    static const char* const hex = "0123456789ABCDEF";
    std::string out = "PULMO-";
    for (int i = 0; i < 8; ++i) {
        out += hex[(uint8_t(mac[size_t(i)]) >> 4) & 0xF];
        out += hex[uint8_t(mac[size_t(i)]) & 0xF];
    }
    return out;
}

int Deidentifier::dateOffsetDays(const std::string& patientId) const
{
    const std::string mac = hmac(std::string("date-offset") + '\0' + patientId);
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | uint8_t(mac[size_t(i)]);
    return int(value % 3650u) + 1;
}

std::vector<std::pair<std::string, std::string>> Deidentifier::methodCodes() const
{
    std::vector<std::pair<std::string, std::string>> codes = {{"113100", "Basic Application Confidentiality Profile"}};
    const auto add = [&](bool on, const char* value, const char* meaning) {
        if (on) codes.emplace_back(value, meaning);
    };
    add(m_options.cleanGraphics, "113103", "Clean Graphics Option");
    add(m_options.cleanStructuredContent, "113104", "Clean Structured Content Option");
    add(m_options.cleanDescriptors, "113105", "Clean Descriptors Option");
    add(m_options.retainDates, "113106", "Retain Longitudinal Temporal Information Full Dates Option");
    add(m_options.shiftDates, "113107", "Retain Longitudinal Temporal Information Modified Dates Option");
    add(m_options.retainPatientCharacteristics, "113108", "Retain Patient Characteristics Option");
    add(m_options.retainDeviceIdentity, "113109", "Retain Device Identity Option");
    add(m_options.retainUids, "113110", "Retain UIDs Option");
    add(m_options.retainSafePrivate, "113111", "Retain Safe Private Option");
    add(m_options.retainInstitutionIdentity, "113112", "Retain Institution Identity Option");
    return codes;
}

std::vector<std::string> Deidentifier::methodText() const
{
    std::vector<std::string> lines = {"Pulmo: PS3.15 Basic Application Confidentiality Profile"};
    for (const auto& [value, meaning] : methodCodes())
        if (value != "113100") lines.push_back(meaning);
    return lines;
}

DeidOutcome Deidentifier::deidentifyFile(const std::string& inputPath, const std::string& outputFolder) const
{
    return deidentify(inputPath, outputFolder, {});
}

DeidOutcome Deidentifier::deidentifyFileAs(const std::string& inputPath, const std::string& outputPath) const
{
    return deidentify(inputPath, {}, outputPath);
}

DeidOutcome Deidentifier::deidentify(const std::string& inputPath, const std::string& outputFolder,
                                     const std::string& outputPath) const
{
    try {
        dicom::ensureDcmtkLogQuiet();
        return dicom::detail::withParserStack<DeidOutcome>(
            inputPath, [&] { return deidentifyOnThisThread(*this, inputPath, outputFolder, outputPath); });
    } catch (const dicom::DicomError& error) {
        DeidOutcome outcome;
        outcome.inputPath = inputPath;
        outcome.status = DeidOutcome::Status::Failed;
        outcome.reason = error.what();
        outcome.notDicom = error.kind() == dicom::DicomError::Kind::NotDicom;
        outcome.error = error;
        return outcome;
    } catch (const std::exception& error) {
        DeidOutcome outcome;
        outcome.inputPath = inputPath;
        outcome.status = DeidOutcome::Status::Failed;
        outcome.reason = error.what();
        return outcome;
    }
}

std::vector<RuleDescription> describeRules(const DeidOptions& options, const std::string& sopClassUid)
{
    std::vector<RuleDescription> rows;
    for (int index = 0; index < ruleCount(); ++index) {
        const DeidRuleRow& row = ruleAt(index);
        RuleDescription description;
        description.name = row.name;
        description.basic = row.basic;
        if (row.privateRange) {
            description.tag = "(gggg,eeee)";  // every odd (private) group
            description.action =
                options.retainSafePrivate ? "keep the safe set (safe-private.csv), remove the rest" : "remove";
            rows.push_back(description);
            continue;
        }
        char text[16];
        std::snprintf(text, sizeof text, "(%04X,%04X)", row.value >> 16, row.value & 0xFFFFu);
        description.tag = text;
        if ((row.mask & 0xFFFF0000u) != 0xFFFF0000u) description.tag.replace(3, 2, "xx");
        if ((row.mask & 0xFFFFu) == 0) description.tag.replace(6, 4, "xxxx");
        const uint16_t group = uint16_t(row.value >> 16);
        const uint16_t element = uint16_t(row.value & 0xFFFFu);
        if ((group & 0xFF00u) == 0x6000u || (group & 0xFF00u) == 0x5000u) {
            description.action = "remove (the whole overlay or curve group)";
        } else if (group == 0x0010 && (element == 0x0010 || element == 0x0020)) {
            description.action = "pseudonym (keyed)";
        } else {
            const IodType type = topLevelType(sopClassUid, group, element);
            const bool combined = std::strchr(row.basic, '/') != nullptr;
            const auto name = [&](Action action) -> std::string {
                switch (action) {
                    case Action::Keep:
                        return "keep";
                    case Action::Clean:
                        if (isLongitudinalDate(row) && options.shiftDates)
                            return DcmTag(group, element).getEVR() == EVR_TM
                                       ? "keep (whole days move: the time of day stays)"
                                       : "shift (keyed, per patient)";
                        return "clean (the object's identifiers scrubbed)";
                    case Action::Remove:
                        return "remove";
                    case Action::Empty:
                        return "empty";
                    case Action::Dummy:
                        return "dummy";
                    case Action::ReplaceUid:
                        return "replace UIDs (keyed)";
                }
                return "remove";
            };
            if (combined && type == IodType::Unknown) {
                description.action = "as present: " + name(resolve(row, options, type, true)) + " if it has a value, " +
                                     name(resolve(row, options, type, false)) + " if empty";
            } else {
                description.action = name(resolve(row, options, type, true));
            }
        }
        rows.push_back(description);
    }
    return rows;
}

BurnedInRisk burnedInRisk(const std::string& sopClassUid, const std::string& burnedInAnnotation,
                          const std::string& conversionType)
{
    if (burnedInAnnotation == "YES") return BurnedInRisk::SaysYes;
    if (!burnedInAnnotation.empty()) return BurnedInRisk::None;
    if (sopClassUid == UID_SecondaryCaptureImageStorage || sopClassUid.rfind("1.2.840.10008.5.1.4.1.1.7.", 0) == 0)
        return BurnedInRisk::SecondaryCapture;
    if (conversionType == "DF" || conversionType == "SD" || conversionType == "SI") return BurnedInRisk::ScannedFilm;
    return BurnedInRisk::None;
}

std::string burnedInText(BurnedInRisk risk, const std::string& conversionType)
{
    switch (risk) {
        case BurnedInRisk::None:
            return {};
        case BurnedInRisk::SaysYes:
            return "Burned In Annotation is YES: the pixels may show identity";
        case BurnedInRisk::SecondaryCapture:
            return "a secondary capture without Burned In Annotation: the pixels may show identity";
        case BurnedInRisk::ScannedFilm:
            return "a digitised film or scanned document (Conversion Type " + conversionType +
                   ") without Burned In Annotation: the pixels may show identity";
    }
    return {};
}

}  // namespace pulmo::deid
