#include "NodeConfig.h"

#include "AuditForwarder.h"

#include "AmqpWorkQueue.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>
#include <map>
#include <set>

namespace pulmo::node {

namespace {

/// One option: its name, whether it takes a value, whether it repeats, and its help.
struct OptionSpec {
    const char* name;
    const char* valueName;  ///< nullptr: a flag
    bool repeatable;
    const char* help;
};

const std::vector<OptionSpec>& optionSpecs()
{
    static const std::vector<OptionSpec> specs = {
        {"config", "FILE", false, "Read options from this JSON file (keys: the long option names)."},
        {"ae", "AE", false, "The node's AE title (required)."},
        {"port", "PORT", false, "The DICOM port it listens on (required)."},
        {"listen", "ADDRESS", false, "The local address to listen on (default: all interfaces)."},
        {"accept-from", "AET[@HOST]", true, "Accept associations only from this caller (repeatable)."},
        {"store", "DIR", false, "Where received images and results objects are kept (required)."},
        {"queue", "URL", false,
         "The durable work queue (required): sqlite:PATH, or amqp://USER:PASS@HOST:PORT/VHOST (amqps:// with TLS)."},
        {"broker-queue", "NAME", false, "The jobs' queue on the broker (default pulmo.jobs)."},
        {"broker-ca", "FILE", false, "amqps: the CA certificates that signed the broker's (PEM)."},
        {"broker-cert", "FILE", false, "amqps: our client certificate (PEM), when the broker asks for one."},
        {"broker-key", "FILE", false, "amqps: its private key (PEM, unencrypted)."},
        {"outbox", "PATH", false,
         "With a broker: the node's own SQLite file for its results (default STORE/outbox.sqlite)."},
        {"send-to", "AET@HOST:PORT", true, "Where the results go (repeatable, at least one)."},
        {"calling-ae", "AE", false, "The calling AE title towards destinations (default: --ae)."},
        {"deidentify-for", "AET@HOST:PORT", false,
         "Also forward a de-identified copy of each image to this AI server outside the hospital; its answers "
         "(SR, SC) come back to the original study and go to every --send-to."},
        {"deidentify-option", "NAME", true,
         "An option of the de-identification for --deidentify-for (repeatable; as pulmo-cli deidentify names "
         "them, e.g. retain-patient-characteristics)."},
        {"model", "MODEL", false, "The model (default: $PULMO_MODEL, else the demo model)."},
        {"device", "auto|cpu|cuda", false, "Where the model runs (default: auto)."},
        {"http", "PORT", false, "Serve /livez, /readyz and /metrics on this port (default: none)."},
        {"http-address", "ADDRESS", false, "The address of the HTTP endpoint (default: 127.0.0.1)."},
        {"min-free-disk", "MB", false, "Below this much free space in --store, refuse new images (default 1024)."},
        {"max-queue", "N", false, "With more jobs than this waiting, refuse new images (default 1000)."},
        {"modality", "MODALITY", true, "Accepted Modality values (repeatable; default CR and DX)."},
        {"body-part", "PART", true, "Accepted Body Part Examined values (repeatable; default CHEST; ANY: any)."},
        {"accept-secondary-capture", nullptr, false, "Accept Secondary Capture images too."},
        {"workers", "N", false, "Threads running the model (default 1; 0 with a broker: a receiver only)."},
        {"batch", "N", false, "Images per model call (default: 8 on a GPU, 4 on the CPU; fewer when fewer wait)."},
        {"max-attempts", "N", false, "A job failing this often is dead-lettered (default 3)."},
        {"retry-hours", "H", false, "How long results are kept for an unreachable destination (default 72)."},
        {"audit-db", "PATH", false, "The audit database (default: STORE/audit.sqlite)."},
        {"audit-repository", "URL", false,
         "Also send every audit row as an IHE ATNA syslog message to this audit record repository: "
         "udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT. Rows it cannot take wait and go in order later."},
        {"audit-tls-ca", "FILE", false,
         "tls:// repository: the CA certificates its certificate is checked against (default: --ca with --tls)."},
        {"audit-tls-cert", "FILE", false,
         "tls:// repository: our certificate, when it asks for one (default: --cert)."},
        {"audit-tls-key", "FILE", false, "tls:// repository: its private key (default: --key)."},
        {"timeout", "SECONDS", false, "Network time-out towards destinations (default 30)."},
        {"tls", nullptr, false, "Use DICOM TLS, receiving and sending."},
        {"tls-profile", "NAME", false, "bcp195 (default) or aes."},
        {"cert", "FILE", false, "Our TLS certificate (PEM)."},
        {"key", "FILE", false, "Its private key (PEM, unencrypted)."},
        {"ca", "FILE", false, "Certificates to verify peers against (PEM)."},
    };
    return specs;
}

const OptionSpec* findSpec(const QString& name)
{
    for (const OptionSpec& spec : optionSpecs())
        if (name == QLatin1String(spec.name)) return &spec;
    return nullptr;
}

/// The option values: JSON file first, then the command line over it.
using Values = std::map<QString, QStringList>;

Values readConfigFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError(
            (path + QStringLiteral(": cannot read the configuration file: ") + file.errorString()).toStdString());
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw ConfigError(
            (path + QStringLiteral(": not valid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()))
                .toStdString());
    if (!document.isObject())
        throw ConfigError((path + QStringLiteral(": the configuration must be a JSON object")).toStdString());
    Values values;
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const OptionSpec* spec = findSpec(key);
        const auto fail = [&](const QString& why) {
            throw ConfigError((path + QStringLiteral(": \"") + key + QStringLiteral("\": ") + why).toStdString());
        };
        if (!spec || key == QLatin1String("config")) fail(QStringLiteral("not an option of pulmo-node"));
        const QJsonValue value = it.value();
        QStringList list;
        const auto scalar = [&](const QJsonValue& item) {
            if (item.isString()) return item.toString();
            if (item.isDouble()) {
                const double number = item.toDouble();
                if (!(std::fabs(number) < 9e15) || number != double(qint64(number)))
                    fail(QStringLiteral("a whole number is expected"));
                return QString::number(qint64(number));
            }
            fail(QStringLiteral("a string or a number is expected"));
            return QString();
        };
        if (!spec->valueName) {
            if (!value.isBool()) fail(QStringLiteral("true or false is expected"));
            if (value.toBool()) list << QStringLiteral("true");
        } else if (value.isArray()) {
            if (!spec->repeatable) fail(QStringLiteral("one value is expected, not a list"));
            for (const QJsonValue& item : value.toArray()) list << scalar(item);
        } else {
            list << scalar(value);
        }
        values[key] = list;
    }
    return values;
}

int64_t number(const Values& values, const char* name, int64_t fallback, int64_t minimum, int64_t maximum)
{
    const auto it = values.find(QLatin1String(name));
    if (it == values.end() || it->second.isEmpty()) return fallback;
    bool ok = false;
    const qint64 parsed = it->second.last().toLongLong(&ok);  // QString's own conversion: locale-free
    if (!ok || parsed < minimum || parsed > maximum)
        throw ConfigError(std::string("--") + name + ": \"" + it->second.last().toStdString() +
                          "\" is not a whole number from " + std::to_string(minimum) + " to " +
                          std::to_string(maximum));
    return parsed;
}

QString text(const Values& values, const char* name, const QString& fallback = {})
{
    const auto it = values.find(QLatin1String(name));
    return it == values.end() || it->second.isEmpty() ? fallback : it->second.last();
}

QStringList list(const Values& values, const char* name)
{
    const auto it = values.find(QLatin1String(name));
    return it == values.end() ? QStringList() : it->second;
}

bool validAeTitle(const QString& ae)
{
    if (ae.isEmpty() || ae.size() > 16 || ae.trimmed() != ae) return false;
    for (const QChar c : ae)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('\\')) return false;
    return true;
}

std::string required(const Values& values, const char* name)
{
    const QString value = text(values, name);
    if (value.isEmpty()) throw ConfigError(std::string("--") + name + " is required");
    return value.toStdString();
}

}  // namespace

NodeConfig parseNodeConfig(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    std::map<QString, QCommandLineOption> options;
    for (const OptionSpec& spec : optionSpecs()) {
        QCommandLineOption option(QString::fromLatin1(spec.name), QString::fromLatin1(spec.help));
        if (spec.valueName) option.setValueName(QString::fromLatin1(spec.valueName));
        parser.addOption(option);
        options.emplace(QString::fromLatin1(spec.name), option);
    }
    if (!parser.parse(QStringList{QStringLiteral("pulmo-node")} + arguments))
        throw ConfigError(parser.errorText().toStdString());
    if (!parser.positionalArguments().isEmpty())
        throw ConfigError("unexpected argument \"" + parser.positionalArguments().front().toStdString() + "\"");

    NodeConfig config;
    Values values;
    if (parser.isSet(options.at(QStringLiteral("config")))) {
        config.configFile = parser.value(options.at(QStringLiteral("config"))).toStdString();
        values = readConfigFile(QString::fromStdString(config.configFile));
    }
    for (const OptionSpec& spec : optionSpecs()) {
        const QCommandLineOption& option = options.at(QString::fromLatin1(spec.name));
        if (!parser.isSet(option)) continue;
        values[QString::fromLatin1(spec.name)] =
            spec.valueName ? parser.values(option) : QStringList{QStringLiteral("true")};
    }
    const auto flag = [&](const char* name) { return !list(values, name).isEmpty(); };

    const QString ae = QString::fromStdString(required(values, "ae"));
    if (!validAeTitle(ae)) throw ConfigError("--ae: \"" + ae.toStdString() + "\" is not an AE title (1-16 characters)");
    config.aeTitle = ae.toStdString();
    config.port = uint16_t(number(values, "port", 0, 1, 65535));
    if (config.port == 0) throw ConfigError("--port is required");
    config.listenAddress = text(values, "listen").toStdString();
    for (const QString& caller : list(values, "accept-from")) {
        net::AllowedCaller allowed;
        const int at = caller.indexOf(QLatin1Char('@'));
        const QString callerAe = at < 0 ? caller : caller.left(at);
        if (!validAeTitle(callerAe))
            throw ConfigError("--accept-from: \"" + caller.toStdString() + "\" is not AET or AET@HOST");
        allowed.aeTitle = callerAe.toStdString();
        if (at >= 0) {
            allowed.host = caller.mid(at + 1).toStdString();
            if (allowed.host.empty())
                throw ConfigError("--accept-from: \"" + caller.toStdString() + "\" has no host after @");
        }
        config.acceptFrom.push_back(allowed);
    }
    config.storeFolder = required(values, "store");
    config.queueUrl = required(values, "queue");
    if (config.usesBroker()) {
        try {
            (void)parseBrokerUrl(config.queueUrl);
        } catch (const QueueError& error) {
            throw ConfigError(std::string("--queue: ") + error.what());
        }
    } else if (config.queueUrl.rfind("sqlite:", 0) != 0 || config.queueUrl.size() <= 7) {
        throw ConfigError("--queue: \"" + maskCredentials(config.queueUrl) + "\" is not sqlite:PATH or amqp://...");
    }
    config.brokerQueue = text(values, "broker-queue", QStringLiteral("pulmo.jobs")).toStdString();
    if (config.brokerQueue.empty() || config.brokerQueue.size() > 200)
        throw ConfigError("--broker-queue: a queue name of 1 to 200 characters");
    config.brokerCa = text(values, "broker-ca").toStdString();
    config.brokerCert = text(values, "broker-cert").toStdString();
    config.brokerKey = text(values, "broker-key").toStdString();
    const bool brokerTls = config.queueUrl.rfind("amqps://", 0) == 0;
    if (!brokerTls && (!config.brokerCa.empty() || !config.brokerCert.empty() || !config.brokerKey.empty()))
        throw ConfigError("--broker-ca, --broker-cert and --broker-key need an amqps:// --queue");
    if (config.brokerCert.empty() != config.brokerKey.empty())
        throw ConfigError("--broker-cert and --broker-key go together");
    config.outboxPath = text(values, "outbox").toStdString();
    if (!config.outboxPath.empty() && !config.usesBroker())
        throw ConfigError("--outbox needs an amqp:// --queue (the SQLite queue keeps its outbox in its own file)");
    if (config.usesBroker() && config.outboxPath.empty()) config.outboxPath = config.storeFolder + "/outbox.sqlite";

    config.tls.enabled = flag("tls");
    const QString profile = text(values, "tls-profile", QStringLiteral("bcp195"));
    if (profile == QLatin1String("bcp195"))
        config.tls.profile = net::TlsProfile::Bcp195;
    else if (profile == QLatin1String("aes"))
        config.tls.profile = net::TlsProfile::Aes;
    else
        throw ConfigError("--tls-profile takes bcp195 or aes, not \"" + profile.toStdString() + "\"");
    config.tls.certificateFile = text(values, "cert").toStdString();
    config.tls.privateKeyFile = text(values, "key").toStdString();
    config.tls.trustedCaFile = text(values, "ca").toStdString();
    if (!config.tls.enabled && (!config.tls.certificateFile.empty() || !config.tls.privateKeyFile.empty() ||
                                !config.tls.trustedCaFile.empty()))
        throw ConfigError("--cert, --key and --ca need --tls");
    if (config.tls.enabled && (config.tls.certificateFile.empty() || config.tls.privateKeyFile.empty()))
        throw ConfigError("--tls needs --cert and --key (the node is a TLS server)");

    const QStringList destinations = list(values, "send-to");
    if (destinations.isEmpty()) throw ConfigError("--send-to is required (where the results go)");
    std::set<std::string> seen;
    for (const QString& destination : destinations) {
        net::PacsPeer peer;
        if (!net::parsePeerAddress(destination.toStdString(), peer))
            throw ConfigError("--send-to: \"" + destination.toStdString() + "\" is not AET@HOST:PORT");
        peer.tls = config.tls;
        peer.receivesResults = true;
        if (!seen.insert(net::peerAddress(peer)).second)
            throw ConfigError("--send-to: \"" + destination.toStdString() + "\" is given twice");
        config.sendTo.push_back(peer);
    }
    const QString outside = text(values, "deidentify-for");
    if (!outside.isEmpty()) {
        net::PacsPeer peer;
        if (!net::parsePeerAddress(outside.toStdString(), peer))
            throw ConfigError("--deidentify-for: \"" + outside.toStdString() + "\" is not AET@HOST:PORT");
        peer.tls = config.tls;
        if (seen.count(net::peerAddress(peer)))
            throw ConfigError("--deidentify-for: \"" + outside.toStdString() +
                              "\" is a --send-to too: the results would go out with the identity");
        config.deidentifyFor = peer;
    }
    for (const QString& name : list(values, "deidentify-option")) {
        if (!config.deidentifyFor)
            throw ConfigError("--deidentify-option needs --deidentify-for (where the de-identified copies go)");
        if (!config.deidentifyOptions.set(name.toStdString()))
            throw ConfigError("--deidentify-option: \"" + name.toStdString() + "\" is not an option (" +
                              "retain-safe-private, retain-device-identity, retain-institution-identity, "
                              "retain-patient-characteristics, retain-dates, shift-dates, clean-descriptors, "
                              "clean-structured-content, clean-graphics, allow-burned-in)");
        // Under the Retain UIDs Option the copy keeps the original Study Instance UID, and the node
        // could not tell the answers from new images of the study.
        if (name == QLatin1String("retain-uids"))
            throw ConfigError(
                "--deidentify-option retain-uids: the answers could not be told from the study's own "
                "images (the node maps them back by the replaced UIDs)");
    }
    if (const std::string conflict = config.deidentifyOptions.conflict(); !conflict.empty())
        throw ConfigError("--deidentify-option: " + conflict);
    const QString callingAe = text(values, "calling-ae", ae);
    if (!validAeTitle(callingAe))
        throw ConfigError("--calling-ae: \"" + callingAe.toStdString() + "\" is not an AE title");
    config.callingAeTitle = callingAe.toStdString();
    config.modelPath = text(values, "model").toStdString();
    config.device = text(values, "device", QStringLiteral("auto")).toStdString();
    if (config.device != "auto" && config.device != "cpu" && config.device != "cuda")
        throw ConfigError("--device takes auto, cpu or cuda, not \"" + config.device + "\"");
    config.httpPort = int(number(values, "http", 0, 0, 65535));
    config.httpAddress = text(values, "http-address", QStringLiteral("127.0.0.1")).toStdString();
    config.minFreeDiskMb = number(values, "min-free-disk", config.minFreeDiskMb, 0, int64_t(1) << 40);
    config.maxQueue = number(values, "max-queue", config.maxQueue, 1, int64_t(1) << 40);
    if (values.count(QStringLiteral("modality"))) {
        config.modalities.clear();
        for (const QString& modality : list(values, "modality"))
            config.modalities.push_back(modality.toUpper().toStdString());  // received values are compared upper-case
    }
    if (values.count(QStringLiteral("body-part"))) {
        config.bodyParts.clear();
        for (const QString& part : list(values, "body-part"))
            if (part.compare(QLatin1String("ANY"), Qt::CaseInsensitive) != 0)
                config.bodyParts.push_back(part.toUpper().toStdString());
    }
    config.acceptSecondaryCapture = flag("accept-secondary-capture");
    config.workers = int(number(values, "workers", config.workers, 0, 64));
    if (config.workers == 0 && !config.usesBroker())
        throw ConfigError("--workers 0 (a receiver only) needs an amqp:// --queue: other nodes do the analysis");
    config.batchSize = int(number(values, "batch", config.batchSize, 0, 256));
    config.maxAttempts = int(number(values, "max-attempts", config.maxAttempts, 1, 1000));
    config.retryHours = int(number(values, "retry-hours", config.retryHours, 1, 24 * 365));
    config.timeoutSeconds = int(number(values, "timeout", config.timeoutSeconds, 1, 3600));
    config.auditDatabase =
        text(values, "audit-db", QString::fromStdString(config.storeFolder) + QStringLiteral("/audit.sqlite"))
            .toStdString();
    config.auditRepository = text(values, "audit-repository", QString()).toStdString();
    // The TLS settings of the node's DICOM associations, unless the repository has its own.
    config.auditTls.trustedCaFile =
        text(values, "audit-tls-ca", QString::fromStdString(config.tls.trustedCaFile)).toStdString();
    config.auditTls.certificateFile =
        text(values, "audit-tls-cert", QString::fromStdString(config.tls.certificateFile)).toStdString();
    config.auditTls.privateKeyFile =
        text(values, "audit-tls-key", QString::fromStdString(config.tls.privateKeyFile)).toStdString();
    if (!config.auditRepository.empty()) {
        QString error;
        const std::optional<feedback::AuditRepository> repository =
            feedback::parseAuditRepository(QString::fromStdString(config.auditRepository), &error);
        if (!repository) throw ConfigError("--audit-repository: " + error.toStdString());
        if (repository->transport == feedback::AuditRepository::Transport::Tls && config.auditTls.trustedCaFile.empty())
            throw ConfigError(
                "--audit-repository tls://... needs --audit-tls-ca (or --tls with --ca): the CA "
                "certificates the repository's is checked against");
    }
    return config;
}

std::string nodeUsage()
{
    std::string usage =
        "Usage: pulmo-node --ae AE --port PORT --store DIR --queue sqlite:PATH|amqp://... --send-to AET@HOST:PORT "
        "[options]\n"
        "The headless AI node: receives chest radiographs by C-STORE, analyses each once per model, and sends "
        "a TID 1500 SR and a heatmap Secondary Capture to every --send-to.\n\nOptions:\n";
    for (const OptionSpec& spec : optionSpecs()) {
        std::string left = std::string("  --") + spec.name;
        if (spec.valueName) left += std::string(" ") + spec.valueName;
        if (left.size() < 34) left.resize(34, ' ');
        usage += left + " " + spec.help + "\n";
    }
    usage += "  --help                             This text.\n  --version                          The version.\n";
    return usage;
}

}  // namespace pulmo::node
