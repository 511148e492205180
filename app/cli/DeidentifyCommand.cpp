// pulmo-cli deidentify: DICOM files without their patients' identity, by the PS3.15 Basic
// Application Level Confidentiality Profile and its options, each file audited.
#include "CliSupport.h"

#include "DeidentifyRun.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"

#include <QFileInfo>
#include <QJsonArray>

#include <cstdio>

namespace pulmo::cli {

namespace {

QString statusName(deid::DeidOutcome::Status status)
{
    switch (status) {
        case deid::DeidOutcome::Status::Written:
            return QStringLiteral("written");
        case deid::DeidOutcome::Status::Refused:
            return QStringLiteral("refused");
        case deid::DeidOutcome::Status::Failed:
            return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

QJsonObject toJson(const deid::DeidOutcome& outcome, const QString& status, const QJsonArray& options)
{
    QJsonObject object{{"input", QString::fromStdString(outcome.inputPath)}, {"status", status}, {"options", options}};
    if (!outcome.reason.empty()) object.insert("reason", QString::fromStdString(outcome.reason));
    if (outcome.status != deid::DeidOutcome::Status::Written) return object;
    const deid::DeidCounts& counts = outcome.counts;
    object.insert("output", QString::fromStdString(outcome.outputPath));
    object.insert("patient", QString::fromStdString(outcome.patientPseudonym));
    object.insert("study_uid", QString::fromStdString(outcome.studyInstanceUid));
    object.insert("series_uid", QString::fromStdString(outcome.seriesInstanceUid));
    object.insert("sop_uid", QString::fromStdString(outcome.sopInstanceUid));
    object.insert("sop_class", QString::fromStdString(outcome.sopClassUid));
    object.insert("removed", counts.removed);
    object.insert("emptied", counts.emptied);
    object.insert("dummied", counts.dummied);
    object.insert("uids_replaced", counts.uidsReplaced);
    object.insert("dates_shifted", counts.datesShifted);
    object.insert("cleaned", counts.cleaned);
    object.insert("private_removed", counts.privateRemoved);
    object.insert("private_kept", counts.privateKept);
    object.insert("overlays_removed", counts.overlayGroups);
    object.insert("curves_removed", counts.curveGroups);
    return object;
}

}  // namespace

int runDeidentify(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "De-identify DICOM files by the PS3.15 Basic Application Level Confidentiality Profile.\n"
        "  deidentify INPUT... --out DIR --db FEEDBACK.sqlite [options] [--json]\n"
        "  deidentify --rules [options] [--sop-class UID] [--json]   what each attribute of Table E.1-1 gets\n"
        "INPUT: files and folders (searched recursively). Each file becomes DIR/<new SOP Instance UID>.dcm.\n"
        "UIDs and patient pseudonyms are keyed by the installation's secret in the feedback database, which\n"
        "also audits every file (what, for whom, which options; not the identities)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("INPUT"), QStringLiteral("DICOM files or folders."),
                                 QStringLiteral("INPUT..."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output folder."), QStringLiteral("DIR"));
    const QCommandLineOption db(QStringLiteral("db"),
                                QStringLiteral("Feedback database: the installation's key and the audit trail."),
                                QStringLiteral("PATH"));
    const QCommandLineOption recipient(QStringLiteral("recipient"),
                                       QStringLiteral("For whom the copies are (audited; default: unspecified)."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption reader(QStringLiteral("reader"), QStringLiteral("Who exports (default: the OS user)."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per file."));
    const QCommandLineOption rules(
        QStringLiteral("rules"),
        QStringLiteral(
            "Print what happens to each attribute of PS3.15 Table E.1-1 under the options given, and exit."));
    const QCommandLineOption sopClass(
        QStringLiteral("sop-class"),
        QStringLiteral("With --rules: the IOD whose Types resolve combined actions (default: DX for presentation)."),
        QStringLiteral("UID"), QStringLiteral("1.2.840.10008.5.1.4.1.1.1.1"));
    struct Flag {
        QCommandLineOption option;
        bool deid::DeidOptions::*member;
    };
    const std::vector<Flag> flags = {
        {{QStringLiteral("retain-safe-private"), QStringLiteral("Keep the private attributes known to be safe.")},
         &deid::DeidOptions::retainSafePrivate},
        {{QStringLiteral("retain-uids"), QStringLiteral("Keep the original UIDs.")}, &deid::DeidOptions::retainUids},
        {{QStringLiteral("retain-device-identity"), QStringLiteral("Keep device names and serial numbers.")},
         &deid::DeidOptions::retainDeviceIdentity},
        {{QStringLiteral("retain-institution-identity"), QStringLiteral("Keep the institution's name and address.")},
         &deid::DeidOptions::retainInstitutionIdentity},
        {{QStringLiteral("retain-patient-characteristics"),
          QStringLiteral("Keep sex, age, size, weight and the like.")},
         &deid::DeidOptions::retainPatientCharacteristics},
        {{QStringLiteral("retain-dates"), QStringLiteral("Keep dates and times as they are.")},
         &deid::DeidOptions::retainDates},
        {{QStringLiteral("shift-dates"),
          QStringLiteral("Move each patient's dates back by a keyed offset of their own (intervals kept).")},
         &deid::DeidOptions::shiftDates},
        {{QStringLiteral("clean-descriptors"),
          QStringLiteral("Keep descriptions and comments, with the object's identifiers scrubbed out.")},
         &deid::DeidOptions::cleanDescriptors},
        {{QStringLiteral("clean-structured-content"),
          QStringLiteral("Keep an SR's content, with names replaced and identifiers scrubbed.")},
         &deid::DeidOptions::cleanStructuredContent},
        {{QStringLiteral("clean-graphics"),
          QStringLiteral("Keep graphic annotations, with their text scrubbed (overlays are always removed).")},
         &deid::DeidOptions::cleanGraphics},
        {{QStringLiteral("allow-burned-in"),
          QStringLiteral("Export images that may show identity in their pixels too.")},
         &deid::DeidOptions::allowBurnedIn},
    };
    parser.addOptions({out, db, recipient, reader, json, rules, sopClass});
    for (const Flag& flag : flags) parser.addOption(flag.option);
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    deid::DeidOptions options;
    for (const Flag& flag : flags) options.*flag.member = parser.isSet(flag.option);
    if (const std::string conflict = options.conflict(); !conflict.empty()) throw UsageError(conflict);
    if (parser.isSet(rules)) {
        for (const deid::RuleDescription& rule : deid::describeRules(options, parser.value(sopClass).toStdString())) {
            if (parser.isSet(json))
                printJsonLine({{"tag", QString::fromStdString(rule.tag)},
                               {"name", QString::fromStdString(rule.name)},
                               {"basic", QString::fromStdString(rule.basic)},
                               {"action", QString::fromStdString(rule.action)}});
            else
                std::printf("%-12s %-7s %-45s %s\n", rule.tag.c_str(), rule.basic.c_str(), rule.action.c_str(),
                            rule.name.c_str());
        }
        return ExitSuccess;
    }
    if (!parser.isSet(out)) throw UsageError("--out DIR is required");
    if (!parser.isSet(db)) throw UsageError("--db PATH (the feedback database: key and audit) is required");
    if (parser.positionalArguments().isEmpty()) throw UsageError("no INPUT given");

    // A new database is a new installation key: every UID and pseudonym then differs from what an
    // earlier run wrote. Said, since a mistyped path is the usual reason.
    if (!QFileInfo::exists(parser.value(db)))
        std::fprintf(stderr,
                     "pulmo-cli deidentify: %s did not exist: a new feedback database with a new installation key "
                     "(UIDs and pseudonyms differ from those of any other database)\n",
                     qPrintable(parser.value(db)));
    feedback::FeedbackDatabase database(parser.value(db).toStdString());
    const QString who = parser.isSet(reader) ? parser.value(reader) : feedback::FeedbackStore::defaultReader();
    QJsonArray optionNames;
    for (const std::string& name : options.names()) optionNames.append(QString::fromStdString(name));
    const QString outFolder = parser.value(out);

    QStringList refusedFiles;
    const auto report = [&](const app::DeidItem& item) {
        const deid::DeidOutcome& outcome = item.outcome;
        const QString status = item.skipped ? QStringLiteral("skipped") : statusName(outcome.status);
        if (outcome.status == deid::DeidOutcome::Status::Refused)
            refusedFiles << QString::fromStdString(outcome.inputPath);
        if (parser.isSet(json))
            printJsonLine(toJson(outcome, status, optionNames));
        else if (outcome.status == deid::DeidOutcome::Status::Written)
            std::printf("%s -> %s\n", outcome.inputPath.c_str(), outcome.outputPath.c_str());
        else if (outcome.status != deid::DeidOutcome::Status::Refused)
            std::fprintf(stderr, "pulmo-cli deidentify: %s: %s\n", qPrintable(status), outcome.reason.c_str());
    };
    const app::DeidSummary summary =
        app::deidentifyAndAudit(database, app::collectDeidInputs(parser.positionalArguments()), outFolder, options,
                                parser.value(recipient), who, report);
    if (!refusedFiles.isEmpty()) {
        std::fprintf(stderr,
                     "pulmo-cli deidentify: %d image(s) not exported: they may show identity in their pixels "
                     "(--allow-burned-in exports them anyway):\n",
                     summary.refused);
        for (const QString& file : refusedFiles) std::fprintf(stderr, "  %s\n", qPrintable(file));
    }
    if (!parser.isSet(json))
        std::printf("de-identified %d file(s) into %s; %d refused, %d failed\n", summary.written, qPrintable(outFolder),
                    summary.refused, summary.failed);
    return summary.failed > 0 ? ExitFailure : ExitSuccess;
}

}  // namespace pulmo::cli
