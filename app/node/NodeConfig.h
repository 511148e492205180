#pragma once
// pulmo-node's configuration (issue 17 item 6): the command line, and the same options in a JSON
// file given with --config FILE (keys are the long option names without "--"; repeatable options
// are arrays; the command line wins over the file). Example, /etc/pulmo/node.json:
//   {"ae": "PULMO_AI", "port": 11112, "store": "/var/lib/pulmo-node/store",
//    "queue": "sqlite:/var/lib/pulmo-node/queue.sqlite", "send-to": ["ORTHANC@127.0.0.1:4242"],
//    "accept-from": ["ORTHANC@127.0.0.1"], "http": 8080, "min-free-disk": 2048, "max-queue": 500}

#include "deid/DeidOptions.h"
#include "net/PacsPeer.h"
#include "net/StorageScp.h"

#include <QStringList>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pulmo::node {

/// A configuration that cannot be used: what() names the option (and the file) and why.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct NodeConfig {
    std::string aeTitle;                         ///< --ae (required)
    uint16_t port = 0;                           ///< --port (required)
    std::string listenAddress;                   ///< --listen; empty: all interfaces
    std::vector<net::AllowedCaller> acceptFrom;  ///< --accept-from AET[@HOST], repeatable; empty: anyone
    std::string storeFolder;                     ///< --store (required): received images and results objects
    std::string queueUrl;                    ///< --queue sqlite:PATH or amqp[s]://USER:PASS@HOST:PORT/VHOST (required)
    std::string brokerQueue = "pulmo.jobs";  ///< --broker-queue: the jobs' queue on the broker
    std::string brokerCa, brokerCert, brokerKey;  ///< --broker-ca, --broker-cert, --broker-key (amqps)
    std::string outboxPath;             ///< --outbox: the local SQLite file with a broker; default STORE/outbox.sqlite
    std::vector<net::PacsPeer> sendTo;  ///< --send-to AET@HOST:PORT, repeatable (at least one)
    std::string callingAeTitle;         ///< --calling-ae; default: the node's own --ae
    std::optional<net::PacsPeer> deidentifyFor;  ///< --deidentify-for AET@HOST:PORT (issue 19): the outside AI server
    deid::DeidOptions deidentifyOptions;         ///< --deidentify-option NAME, repeatable
    std::string modelPath;                       ///< --model; default: $PULMO_MODEL, else the demo model
    std::string device = "auto";                 ///< --device auto|cpu|cuda
    int httpPort = 0;                            ///< --http PORT; 0: no HTTP endpoint
    std::string httpAddress = "127.0.0.1";       ///< --http-address (loopback by default)
    int64_t minFreeDiskMb = 1024;                ///< --min-free-disk MB: below it, 0xA700 and /readyz 503
    int64_t maxQueue = 1000;                     ///< --max-queue N: deeper than this, 0xA700 and /readyz 503
    std::vector<std::string> modalities = {"CR", "DX"};  ///< --modality, repeatable: accepted Modality values
    std::vector<std::string> bodyParts = {
        "CHEST"};  ///< --body-part, repeatable: accepted Body Part Examined; empty list accepts any
    bool acceptSecondaryCapture = false;  ///< --accept-secondary-capture
    int workers = 1;                      ///< --workers N (threads running the model); 0: a receiver only (broker)
    int batchSize = 0;    ///< --batch N: images per model call; 0: 8 on a GPU, 4 on the CPU (queued images batched),
                          ///< 1 on the CPU with a broker (the prefetch: a CPU node hoards no jobs)
    int maxAttempts = 3;  ///< --max-attempts N: a job failing this often is dead-lettered
    int retryHours = 72;  ///< --retry-hours H: results kept for an unreachable destination
    std::string auditDatabase;    ///< --audit-db; default: STORE/audit.sqlite
    std::string auditRepository;  ///< --audit-repository udp://|tcp://|tls://HOST:PORT; empty: none
    net::TlsSettings auditTls;    ///< --audit-tls-ca/-cert/-key, by default --ca/--cert/--key
    net::TlsSettings tls;     ///< --tls, --tls-profile, --cert, --key, --ca (as pulmo-cli's): receiver and destinations
    int timeoutSeconds = 30;  ///< --timeout: connect / association / DIMSE time-out towards destinations
    std::string configFile;   ///< --config, when given

    bool usesBroker() const { return queueUrl.rfind("amqp", 0) == 0; }
};

/// Parses pulmo-node's arguments (without the program name) and the file of --config. Throws
/// ConfigError naming the option or the file and the reason; `--help` and `--version` are the
/// caller's (they are in `arguments` unchanged: check them first with wantsHelp()).
NodeConfig parseNodeConfig(const QStringList& arguments);

/// The usage text of --help.
std::string nodeUsage();

}  // namespace pulmo::node
