// pulmo-cli find: Study Root C-FIND at STUDY level, or the series of one study.
#include "CliSupport.h"
#include "NetworkOptions.h"

#include "net/PacsQuery.h"

#include <cstdio>

namespace pulmo::cli {
namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QJsonObject toJson(const net::StudyRecord& study)
{
    QJsonObject object;
    object["study_instance_uid"] = text(study.studyInstanceUid);
    object["patient_name"] = text(study.patientName);
    object["patient_id"] = text(study.patientId);
    object["patient_birth_date"] = text(study.patientBirthDate);
    object["patient_sex"] = text(study.patientSex);
    object["study_date"] = text(study.studyDate);
    object["study_time"] = text(study.studyTime);
    object["accession_number"] = text(study.accessionNumber);
    object["study_description"] = text(study.studyDescription);
    object["modalities_in_study"] = text(study.modalitiesInStudy);
    object["study_id"] = text(study.studyId);
    if (study.numberOfSeries >= 0) object["number_of_series"] = study.numberOfSeries;
    if (study.numberOfInstances >= 0) object["number_of_instances"] = study.numberOfInstances;
    return object;
}

QJsonObject toJson(const net::SeriesRecord& series)
{
    QJsonObject object;
    object["study_instance_uid"] = text(series.studyInstanceUid);
    object["series_instance_uid"] = text(series.seriesInstanceUid);
    object["modality"] = text(series.modality);
    object["series_number"] = text(series.seriesNumber);
    object["series_description"] = text(series.seriesDescription);
    object["body_part_examined"] = text(series.bodyPartExamined);
    if (series.numberOfInstances >= 0) object["number_of_instances"] = series.numberOfInstances;
    return object;
}

/// "CR,DX" -> "CR\DX"; "any", "*" or "" -> no filter.
std::string modalityFilter(const QString& value)
{
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty() || trimmed == QLatin1String("*") ||
        trimmed.compare(QLatin1String("any"), Qt::CaseInsensitive) == 0)
        return {};
    QString list = trimmed;
    list.replace(QLatin1Char(','), QLatin1Char('\\'));
    return list.toStdString();
}

}  // namespace

int runFind(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Find studies on a DICOM peer (Study Root C-FIND). Names and descriptions take * and ? wildcards; "
        "dates take YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD. One study a line, or one JSON object "
        "a line with --json."));
    parser.addHelpOption();
    const NetworkOptions network(parser);
    const QCommandLineOption patientName(QStringLiteral("patient-name"), QStringLiteral("Patient's Name, e.g. DOE*."),
                                         QStringLiteral("P"));
    const QCommandLineOption patientId(QStringLiteral("patient-id"), QStringLiteral("Patient ID."),
                                       QStringLiteral("ID"));
    const QCommandLineOption accession(QStringLiteral("accession"), QStringLiteral("Accession Number."),
                                       QStringLiteral("A"));
    const QCommandLineOption studyDate(QStringLiteral("study-date"), QStringLiteral("Study Date or range FROM-TO."),
                                       QStringLiteral("FROM-TO"));
    const QCommandLineOption modality(
        QStringLiteral("modality"),
        QStringLiteral("Modalities in Study, comma-separated (default CR,DX: chest radiographs); 'any' for all."),
        QStringLiteral("M"), QStringLiteral("CR,DX"));
    const QCommandLineOption description(QStringLiteral("description"), QStringLiteral("Study Description."),
                                         QStringLiteral("D"));
    const QCommandLineOption series(QStringLiteral("series"), QStringLiteral("List the series of this study instead."),
                                    QStringLiteral("STUDYUID"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
    parser.addOptions({patientName, patientId, accession, studyDate, modality, description, series, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) throw UsageError("no positional arguments expected");
    const net::PacsPeer peer = network.peer(parser);
    const net::PacsQuery query(peer, network.callingAeTitle(parser).toStdString(), network.timeouts(parser));

    if (parser.isSet(series)) {
        for (const net::SeriesRecord& record : query.findSeries(parser.value(series).toStdString())) {
            if (parser.isSet(json)) {
                printJsonLine(toJson(record));
            } else {
                std::printf("%s\t%s\t%s\t%s\t%d\n", record.seriesInstanceUid.c_str(), record.modality.c_str(),
                            record.seriesNumber.c_str(), record.seriesDescription.c_str(), record.numberOfInstances);
            }
        }
        return ExitSuccess;
    }

    net::StudyQuery keys;
    keys.patientName = parser.value(patientName).toStdString();
    keys.patientId = parser.value(patientId).toStdString();
    keys.accessionNumber = parser.value(accession).toStdString();
    keys.studyDate = parser.value(studyDate).toStdString();
    keys.modalities = modalityFilter(parser.value(modality));
    keys.studyDescription = parser.value(description).toStdString();
    for (const net::StudyRecord& record : query.findStudies(keys)) {
        if (parser.isSet(json)) {
            printJsonLine(toJson(record));
        } else {
            std::printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", record.studyDate.c_str(), record.patientId.c_str(),
                        record.patientName.c_str(), record.modalitiesInStudy.c_str(), record.accessionNumber.c_str(),
                        record.studyDescription.c_str(), record.studyInstanceUid.c_str());
        }
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
