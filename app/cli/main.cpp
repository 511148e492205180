// pulmo-cli: the headless tool. One sub-command per job; `--json` prints one object per line;
// failures print one line to stderr and exit non-zero.
#include "AuditRepositoryOption.h"
#include "CliSupport.h"

#include "Logging.h"
#include "NumericLocale.h"
#include "dicom/DicomError.h"

#include <QCoreApplication>
#include <QApplication>
#include <QGuiApplication>

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

namespace {

const char* const kUsage =
    "usage: pulmo-cli <command> [options]\n"
    "\n"
    "Every command that audits (--db or --audit-db) also takes --audit-repository udp://|tcp://|tls://HOST:PORT\n"
    "(with TLS: --audit-tls-ca FILE [--audit-tls-certificate FILE --audit-tls-key FILE]): its audit rows go there\n"
    "as IHE ATNA syslog messages; rows that cannot be sent wait and go, in order, with a later command.\n"
    "commands:\n"
    "  audit verify|export --db PATH [-o OUT.csv] [--json]\n"
    "                                            check the audit chain, or write it as CSV\n"
    "  deidentify INPUT... --out DIR --db PATH [--retain-safe-private] [--retain-uids] [--retain-device-identity]\n"
    "       [--retain-institution-identity] [--retain-patient-characteristics] [--retain-dates|--shift-dates]\n"
    "       [--clean-descriptors] [--clean-structured-content] [--clean-graphics] [--allow-burned-in]\n"
    "       [--recipient NAME] [--json]\n"
    "                                            DICOM copies without identity (PS3.15 Basic Profile), audited\n"
    "  deidentify --rules [options] [--sop-class UID] [--json]\n"
    "                                            what each attribute of PS3.15 Table E.1-1 gets under the options\n"
    "  echo --peer AET@HOST:PORT [--calling-ae AE] [--timeout S] [TLS] [--json]\n"
    "                                            C-ECHO: is the PACS there and does it talk to us\n"
    "  feedback --db PATH add --file DICOM --verdict agree|disagree [--label L] [--reader R] [--comment C] [--model "
    "M]\n"
    "  feedback --db PATH list [--json]           the reader's verdicts\n"
    "  export --db PATH --out DIR [--split 70/15/15] [--seed N] [--format png|dicom] [--json]\n"
    "                                            reviewed images as a de-identified ImageFolder tree\n"
    "  evaluate --model MODEL DATA [--device auto|cpu|cuda[:N]] [--roc OUT.png] [--predictions CSV] [--json]\n"
    "                                            metrics, ROC AUC and Grad-CAM pointing game on labelled images\n"
    "  find --peer AET@HOST:PORT [--patient-name P] [--patient-id ID] [--accession A] [--study-date FROM-TO]\n"
    "       [--modality M] [--description D] [--series STUDYUID] [--calling-ae AE] [TLS] [--json]\n"
    "                                            studies (or a study's series) on a PACS, by C-FIND\n"
    "  golden --set DIR --db PATH --min-sensitivity S --min-specificity S [--model MODEL] [--target-sensitivity T]\n"
    "         [--report DIR] [--predictions CSV] [--json]\n"
    "                                            the model on a labelled golden set: a safety gate, runs stored\n"
    "  info FILE [--json]                        what a DICOM file says about itself\n"
    "  index FOLDER... [--db PATH] [--json]      index the DICOM images under folders into the study index\n"
    "  infer [--model PATH] [--device auto|cpu|cuda[:N]] [--dump-dir DIR] [--cam-class LABEL] [--json] INPUT...\n"
    "                                            classify images and explain them with Grad-CAM\n"
    "  monitor --db PATH [--model SHA256] [--report DIR] [--json] [settings]\n"
    "                                            model monitoring: drift and agreement alarms per model\n"
    "  phantom --out DIR --patients N [--seed S] [--pneumonia-fraction F] [--size PIXELS] [--scanner PROFILE]\n"
    "          [--transfer-syntax explicit|jpeg-ls|jpeg-lossless|rle] [--json]\n"
    "                                            synthetic chest radiographs with label sidecars\n"
    "  render FILE -o OUT.png [--frame N] [--window CENTER,WIDTH] [--invert] [--json]\n"
    "                                            the 8-bit display image\n"
    "  results INPUT... --out DIR [--model M] [--device D] [--send AET@HOST:PORT ...] [--audit-db PATH] [--json]\n"
    "                                            analyse images, write each result as a TID 1500 SR and a heatmap\n"
    "                                            Secondary Capture, and C-STORE them\n"
    "  retrieve --peer AET@HOST:PORT --study UID [--method move|get] [--port N] [--out DIR] [--calling-ae AE]\n"
    "           [TLS] [--json]                   fetch a study by C-MOVE (to our Storage SCP) or C-GET\n"
    "  send --peer AET@HOST:PORT [--peer ...] [--calling-ae AE] [--timeout S] [TLS] [--audit-db PATH] [--json]\n"
    "       FILE...\n"
    "                                            C-STORE files to PACS, one association per peer, each status\n"
    "  train --data DIR --out MODEL [--epochs E] [--batch 16] [--lr 0.001] [--init MODEL] [--seed S]\n"
    "        [--device auto|cpu|cuda[:N]] [--half] [--json]\n"
    "                                            train the ResNet18 classifier (phantoms or an ImageFolder export)\n"
    "  version [--json]                          versions, and the inference plugin's devices\n"
    "  --version                                 the program's version alone\n"
    "\n"
    "TLS options of echo, find, retrieve and send: --tls --tls-profile bcp195|aes --cert FILE --key FILE --ca FILE\n"
    "\n"
    "Run 'pulmo-cli <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char* argv[])
{
    // `results` draws the Secondary Capture's banner (fonts: Qt Gui); every other command stays Core-only.
    // Without a display the Gui application runs on the offscreen platform.
    // `monitor --report` and `golden --report` draw QtCharts charts, which are Qt Widgets' graphics items.
    bool needsWidgets = false;
    if (argc > 1 && (std::strcmp(argv[1], "monitor") == 0 || std::strcmp(argv[1], "golden") == 0))
        for (int i = 2; i < argc; ++i)
            needsWidgets |= std::strcmp(argv[i], "--report") == 0 || std::strncmp(argv[i], "--report=", 9) == 0;
    const bool needsGui = needsWidgets || (argc > 1 && std::strcmp(argv[1], "results") == 0);
    if (needsGui && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> application;
    if (needsWidgets)
        application = std::make_unique<QApplication>(argc, argv);
    else if (needsGui)
        application = std::make_unique<QGuiApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
    pulmo::app::useCNumericLocale();  // the C library's numbers in "C" again, after Qt set them from the user's locale
    pulmo::app::configureLogging();   // QT_LOGGING_RULES read by now; DCMTK's log follows pulmo.dicom and pulmo.net
    QCoreApplication::setApplicationName(QStringLiteral("pulmo-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PULMO_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    if (arguments.isEmpty() || arguments.first() == QLatin1String("--help") ||
        arguments.first() == QLatin1String("-h") || arguments.first() == QLatin1String("help")) {
        std::fputs(kUsage, arguments.isEmpty() ? stderr : stdout);
        return arguments.isEmpty() ? pulmo::cli::ExitUsage : pulmo::cli::ExitSuccess;
    }
    if (arguments.first() == QLatin1String("--version")) {  // the short form; `version` says more
        std::printf("pulmo-cli %s\n", PULMO_VERSION);
        return pulmo::cli::ExitSuccess;
    }
    const QString command = arguments.takeFirst();
    const std::map<QString, int (*)(const QStringList&)> commands = {
        {QStringLiteral("deidentify"), pulmo::cli::runDeidentify},
        {QStringLiteral("echo"), pulmo::cli::runEcho},
        {QStringLiteral("evaluate"), pulmo::cli::runEvaluate},
        {QStringLiteral("find"), pulmo::cli::runFind},
        {QStringLiteral("golden"), pulmo::cli::runGolden},
        {QStringLiteral("index"), pulmo::cli::runIndex},
        {QStringLiteral("audit"), pulmo::cli::runAudit},
        {QStringLiteral("export"), pulmo::cli::runExport},
        {QStringLiteral("feedback"), pulmo::cli::runFeedback},
        {QStringLiteral("info"), pulmo::cli::runInfo},
        {QStringLiteral("infer"), pulmo::cli::runInfer},
        {QStringLiteral("monitor"), pulmo::cli::runMonitor},
        {QStringLiteral("phantom"), pulmo::cli::runPhantom},
        {QStringLiteral("render"), pulmo::cli::runRender},
        {QStringLiteral("retrieve"), pulmo::cli::runRetrieve},
        {QStringLiteral("results"), pulmo::cli::runResults},
        {QStringLiteral("send"), pulmo::cli::runSend},
        {QStringLiteral("train"), pulmo::cli::runTrain},
        {QStringLiteral("version"), pulmo::cli::runVersion},
    };
    const auto found = commands.find(command);
    if (found == commands.end()) {
        std::fprintf(stderr, "pulmo-cli: unknown command '%s'\n%s", qPrintable(command), kUsage);
        return pulmo::cli::ExitUsage;
    }
    try {
        // Every command that audits may send its rows to an audit record repository (IHE ATNA).
        const pulmo::cli::AuditRepositoryOption repository = pulmo::cli::takeAuditRepositoryOption(arguments);
        const int status = found->second(arguments);
        pulmo::cli::forwardAudit(repository);
        return status;
    } catch (const pulmo::cli::UsageError& error) {
        std::fprintf(stderr, "pulmo-cli %s: %s\n", qPrintable(command), error.what());
        return pulmo::cli::ExitUsage;
    } catch (const pulmo::dicom::DicomError& error) {
        std::fprintf(stderr, "pulmo-cli %s: %s\n", qPrintable(command), error.what());
        return pulmo::cli::ExitFailure;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "pulmo-cli %s: %s\n", qPrintable(command), error.what());
        return pulmo::cli::ExitFailure;
    }
}
