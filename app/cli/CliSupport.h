#pragma once
// What every pulmo-cli sub-command shares: argument parsing, one-line errors, JSON lines.

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

#include <stdexcept>
#include <string>

namespace pulmo::dicom {
struct ImageInfo;
struct VoiPreset;
}  // namespace pulmo::dicom

namespace pulmo::cli {

/// Exit codes: 0 success, 1 the job failed (bad file, ...), 2 the command line was wrong, 3 a safety
/// gate failed (golden: a lower bound below its floor, or the outputs changed).
enum ExitCode { ExitSuccess = 0, ExitFailure = 1, ExitUsage = 2, ExitGateFailed = 3 };

/// Thrown for command-line mistakes; main prints it and exits with ExitUsage.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Parses `arguments` (the sub-command's own, program and command name removed) or throws UsageError.
void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments);
/// The value of a --device option, checked by the one device-name parser (inference/api/DeviceName.h:
/// auto, cpu, cuda or cuda:N); throws UsageError naming what was given otherwise.
std::string deviceOption(const QCommandLineParser& parser, const QCommandLineOption& option);
/// A --device option (default "auto") with the same help text in every sub-command.
QCommandLineOption makeDeviceOption();
/// `value` with `decimals` digits after a '.', whatever the C library's locale says (pulmo-cli's text output is
/// read by scripts as well as people, so it stays the same in every locale; std::to_chars, not printf's %f).
std::string fixed(double value, int decimals);
/// `value` in the shortest form that reads back as itself ("0.5", "1e-07"), locale-independent as fixed().
std::string shortest(double value);
/// A DIMSE status as the CLI prints it: "0x0000", "0xA700".
std::string dimseStatus(unsigned status);
/// Prints one JSON object on one line to stdout.
void printJsonLine(const QJsonObject& object);

QJsonObject toJson(const dicom::ImageInfo& info);
QJsonObject toJson(const dicom::VoiPreset& voi);

int runDeidentify(const QStringList& arguments);
int runEcho(const QStringList& arguments);
int runEvaluate(const QStringList& arguments);
int runFind(const QStringList& arguments);
int runGolden(const QStringList& arguments);
int runIndex(const QStringList& arguments);
int runAudit(const QStringList& arguments);
int runExport(const QStringList& arguments);
int runFeedback(const QStringList& arguments);
int runInfo(const QStringList& arguments);
int runInfer(const QStringList& arguments);
int runMonitor(const QStringList& arguments);
int runPhantom(const QStringList& arguments);
int runRender(const QStringList& arguments);
int runResults(const QStringList& arguments);
int runRetrieve(const QStringList& arguments);
int runSend(const QStringList& arguments);
int runTrain(const QStringList& arguments);
int runVersion(const QStringList& arguments);

}  // namespace pulmo::cli
