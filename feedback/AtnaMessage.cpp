#include "AtnaMessage.h"

#include <QRegularExpression>
#include <QXmlStreamWriter>

#include <algorithm>
#include <map>
#include <set>

namespace pulmo::feedback {

namespace {

const QString kDcm = QStringLiteral("DCM");

struct ActionEvent {
    const char* action;
    const char* code;
    const char* meaning;
    char actionCode;
};

// Each audit action as the DICOM audit event (PS3.15 A.5.3, CID 400) it is reported as.
const ActionEvent kEvents[] = {
    {"image.open", "110103", "DICOM Instances Accessed", 'R'},
    {"prediction.shown", "110103", "DICOM Instances Accessed", 'R'},
    {"prediction.revealed", "110103", "DICOM Instances Accessed", 'R'},
    {"ai.analysed", "110103", "DICOM Instances Accessed", 'R'},
    {"golden", "110103", "DICOM Instances Accessed", 'R'},
    {"result.queued", "110103", "DICOM Instances Accessed", 'C'},
    {"prediction.recorded", "110110", "Patient Record", 'C'},
    {"verdict.saved", "110110", "Patient Record", 'C'},
    {"verdict.withdrawn", "110110", "Patient Record", 'U'},
    {"export.retraining", "110106", "Export", 'R'},
    {"deidentify", "110106", "Export", 'R'},
    {"audit.export", "110106", "Export", 'R'},
    {"reidentify", "110107", "Import", 'C'},
    {"pacs.find", "110112", "Query", 'E'},
    {"pacs.retrieve", "110104", "DICOM Instances Transferred", 'C'},
    {"dicom.received", "110104", "DICOM Instances Transferred", 'C'},
    {"pacs.store-refused", "110104", "DICOM Instances Transferred", 'C'},
    {"pacs.store", "110104", "DICOM Instances Transferred", 'R'},
};

/// Actions whose subject is a Study Instance UID (the others name an instance, a file or a peer).
const std::set<QString>& studyLevelActions()
{
    static const std::set<QString> actions{QStringLiteral("pacs.retrieve"), QStringLiteral("pacs.find")};
    return actions;
}

bool isUid(const QString& text)
{
    static const QRegularExpression uid(QStringLiteral("^[0-9]+(\\.[0-9]+)+$"));
    return text.size() <= 64 && uid.match(text).hasMatch();
}

void codedValue(QXmlStreamWriter& xml, const QString& element, const QString& code, const QString& system,
                const QString& meaning)
{
    xml.writeEmptyElement(element);
    xml.writeAttribute(QStringLiteral("csd-code"), code);
    xml.writeAttribute(QStringLiteral("codeSystemName"), system);
    xml.writeAttribute(QStringLiteral("originalText"), meaning);
}

/// RFC 5424 header fields: printable US-ASCII without spaces, at most `maximum` characters, "-" when empty.
QByteArray headerField(const QString& value, int maximum)
{
    QByteArray out;
    for (const QChar c : value) {
        if (out.size() == maximum) break;
        const ushort u = c.unicode();
        out.append(u > 32 && u < 127 ? char(u) : '_');
    }
    return out.isEmpty() ? QByteArrayLiteral("-") : out;
}

/// A structured-data PARAM-VALUE: '"', '\' and ']' escaped (RFC 5424 6.3.3).
QByteArray paramValue(const QString& value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '"' || c == '\\' || c == ']') out.append('\\');
        out.append(c);
    }
    return out;
}

}  // namespace

AtnaEvent atnaEventFor(const QString& action)
{
    for (const ActionEvent& event : kEvents)
        if (action == QLatin1String(event.action))
            return {QString::fromLatin1(event.code), QString::fromLatin1(event.meaning),
                    QChar::fromLatin1(event.actionCode)};
    return {QStringLiteral("110100"), QStringLiteral("Application Activity"), QLatin1Char('E')};
}

int atnaOutcomeFor(const QString& outcome)
{
    if (outcome == QLatin1String("ok") || outcome == QLatin1String("passed") || outcome == QLatin1String("queued"))
        return 0;
    if (outcome == QLatin1String("refused") || outcome == QLatin1String("partial")) return 4;
    return 8;
}

QByteArray auditMessageXml(const AuditEntry& entry, const AuditSource& source)
{
    const AtnaEvent event = atnaEventFor(entry.action);
    const int outcome = atnaOutcomeFor(entry.outcome);
    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(false);  // one line: attribute values escape their own line breaks
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("AuditMessage"));

    xml.writeStartElement(QStringLiteral("EventIdentification"));
    xml.writeAttribute(QStringLiteral("EventActionCode"), QString(event.actionCode));
    xml.writeAttribute(QStringLiteral("EventDateTime"), entry.occurredUtc);
    xml.writeAttribute(QStringLiteral("EventOutcomeIndicator"), QString::number(outcome));
    codedValue(xml, QStringLiteral("EventID"), event.eventId, kDcm, event.eventMeaning);
    // The action itself, as Pulmo names it.
    codedValue(xml, QStringLiteral("EventTypeCode"), entry.action, QStringLiteral("99PULMO"), entry.action);
    if (outcome != 0) xml.writeTextElement(QStringLiteral("EventOutcomeDescription"), entry.outcome);
    xml.writeEndElement();

    // The person (or the node) on whose behalf the row was written: the requestor.
    xml.writeStartElement(QStringLiteral("ActiveParticipant"));
    xml.writeAttribute(QStringLiteral("UserID"), entry.reader.isEmpty() ? QStringLiteral("unknown") : entry.reader);
    xml.writeAttribute(QStringLiteral("UserIsRequestor"), QStringLiteral("true"));
    xml.writeEndElement();
    // The application that did it.
    xml.writeStartElement(QStringLiteral("ActiveParticipant"));
    xml.writeAttribute(QStringLiteral("UserID"), source.aeTitle.isEmpty() ? source.applicationName : source.aeTitle);
    if (!source.processId.isEmpty()) xml.writeAttribute(QStringLiteral("AlternativeUserID"), source.processId);
    xml.writeAttribute(QStringLiteral("UserName"), source.applicationName);
    xml.writeAttribute(QStringLiteral("UserIsRequestor"), QStringLiteral("false"));
    if (!source.hostName.isEmpty()) {
        xml.writeAttribute(QStringLiteral("NetworkAccessPointID"), source.hostName);
        xml.writeAttribute(QStringLiteral("NetworkAccessPointTypeCode"), QStringLiteral("1"));
    }
    codedValue(xml, QStringLiteral("RoleIDCode"), QStringLiteral("110150"), kDcm, QStringLiteral("Application"));
    xml.writeEndElement();

    xml.writeStartElement(QStringLiteral("AuditSourceIdentification"));
    if (!source.enterpriseSite.isEmpty())
        xml.writeAttribute(QStringLiteral("AuditEnterpriseSiteID"), source.enterpriseSite);
    xml.writeAttribute(QStringLiteral("AuditSourceID"),
                       source.applicationName + QLatin1Char('@') +
                           (source.hostName.isEmpty() ? QStringLiteral("localhost") : source.hostName));
    static const char* const kSourceTypes[] = {"",
                                               "End-user display device, diagnostic device",
                                               "Data acquisition device or instrument",
                                               "Web Server process or thread",
                                               "Application Server process or thread",
                                               "Database Server process or thread",
                                               "Security server",
                                               "ISO level 1-3 network component",
                                               "ISO level 4-6 operating software",
                                               "other"};
    const int type = std::clamp(source.sourceType, 1, 9);
    codedValue(xml, QStringLiteral("AuditSourceTypeCode"), QString::number(type), kDcm,
               QString::fromLatin1(kSourceTypes[type]));
    xml.writeEndElement();

    if (!entry.subject.isEmpty()) {
        xml.writeStartElement(QStringLiteral("ParticipantObjectIdentification"));
        const bool uid = isUid(entry.subject);
        const bool study = uid && studyLevelActions().count(entry.action) > 0;
        xml.writeAttribute(QStringLiteral("ParticipantObjectID"),
                           uid && !study ? QStringLiteral("urn:oid:") + entry.subject : entry.subject);
        xml.writeAttribute(QStringLiteral("ParticipantObjectTypeCode"), QStringLiteral("2"));      // system object
        xml.writeAttribute(QStringLiteral("ParticipantObjectTypeCodeRole"), QStringLiteral("3"));  // report
        if (study)
            codedValue(xml, QStringLiteral("ParticipantObjectIDTypeCode"), QStringLiteral("110180"), kDcm,
                       QStringLiteral("Study Instance UID"));
        else
            codedValue(xml, QStringLiteral("ParticipantObjectIDTypeCode"), QStringLiteral("12"),
                       QStringLiteral("RFC-3881"), QStringLiteral("URI"));
        // The schema asks for a name or a query after the type: the subject as the row names it.
        xml.writeTextElement(QStringLiteral("ParticipantObjectName"), entry.subject);
        if (!entry.detail.isEmpty()) {
            // Free text travels base64-encoded (PS3.15 A.5.1's ValuePair), as the standard asks of
            // anything that may hold markup.
            xml.writeEmptyElement(QStringLiteral("ParticipantObjectDetail"));
            xml.writeAttribute(QStringLiteral("type"), QStringLiteral("detail"));
            xml.writeAttribute(QStringLiteral("value"), QString::fromLatin1(entry.detail.toUtf8().toBase64()));
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    bytes.replace('\n', "");  // writeStartDocument's own line break: the message is one line
    return bytes;
}

QByteArray syslogMessage(const AuditEntry& entry, const AuditSource& source)
{
    QByteArray message = "<85>1 ";  // facility 10 (security/authorization), severity 5 (notice)
    message += headerField(entry.occurredUtc, 32) + ' ';
    message += headerField(source.hostName, 255) + ' ';
    message += headerField(source.applicationName, 48) + ' ';
    message += headerField(source.processId, 128) + ' ';
    message += "IHE+RFC-3881 ";
    message += "[pulmo-audit@32473 row=\"" + QByteArray::number(entry.id) + "\" hash=\"" + paramValue(entry.rowHash) +
               "\" previous=\"" + paramValue(entry.previousHash) + "\"] ";
    message += "\xEF\xBB\xBF";
    message += auditMessageXml(entry, source);
    return message;
}

std::optional<AuditAnchor> parseAnchor(const QByteArray& line)
{
    static const QByteArray kElement = "[pulmo-audit@32473 ";
    const qsizetype start = line.indexOf(kElement);
    if (start < 0) return std::nullopt;
    AuditAnchor anchor;
    std::map<QByteArray, QByteArray> params;
    qsizetype at = start + kElement.size();
    while (at < line.size() && line[at] != ']') {
        while (at < line.size() && line[at] == ' ') ++at;
        const qsizetype equals = line.indexOf("=\"", at);
        if (equals < 0) return std::nullopt;
        const QByteArray name = line.mid(at, equals - at);
        QByteArray value;
        at = equals + 2;
        while (at < line.size() && line[at] != '"') {
            if (line[at] == '\\' && at + 1 < line.size()) ++at;
            value.append(line[at++]);
        }
        if (at >= line.size()) return std::nullopt;
        ++at;  // the closing quote
        params[name] = value;
    }
    bool ok = false;
    anchor.rowId = params[QByteArrayLiteral("row")].toLongLong(&ok);
    if (!ok || anchor.rowId <= 0) return std::nullopt;
    anchor.rowHash = QString::fromUtf8(params[QByteArrayLiteral("hash")]);
    anchor.previousHash = QString::fromUtf8(params[QByteArrayLiteral("previous")]);
    return anchor;
}

RepositoryComparison compareWithRepository(const std::vector<AuditEntry>& entries,
                                           const std::vector<AuditAnchor>& anchors)
{
    RepositoryComparison comparison;
    comparison.anchors = int(anchors.size());
    std::map<qint64, const AuditAnchor*> received;
    for (const AuditAnchor& anchor : anchors) {
        received[anchor.rowId] = &anchor;  // a message sent twice (a resend) counts once
        comparison.newestReceived = std::max(comparison.newestReceived, anchor.rowId);
    }
    std::map<qint64, const AuditEntry*> here;
    for (const AuditEntry& entry : entries) {
        here[entry.id] = &entry;
        comparison.newestInDatabase = std::max(comparison.newestInDatabase, entry.id);
    }
    for (const auto& [id, anchor] : received) {
        const auto found = here.find(id);
        if (found == here.end())
            comparison.missingFromDatabase.push_back(id);
        else if (found->second->rowHash != anchor->rowHash || found->second->previousHash != anchor->previousHash)
            comparison.differing.push_back(id);
    }
    for (const auto& [id, entry] : here)
        if (!received.count(id)) comparison.missingFromRepository.push_back(id);
    return comparison;
}

}  // namespace pulmo::feedback
