// pulmo-node's metrics and operations endpoint (issue 17 item 5). The metrics' text is read back by
// prometheus_client's own parser (tests/oracle/prometheus_oracle.py, Debian's python3-prometheus-client)
// and compared with what the test put in: families, types, help, every sample's labels (escaped
// quotes, backslashes, line feeds, non-ASCII) and exact value, the histograms' cumulative buckets;
// under C and under German and French locales with a decimal comma. The endpoint is served on
// 127.0.0.1 and asked with QNetworkAccessManager, and with raw sockets for the slow and kept-alive
// clients.

#include "HttpEndpoint.h"
#include "NodeMetrics.h"

#include "support/TestLocales.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <charconv>
#include <cstring>
#include <cmath>
#include <functional>
#include <limits>
#include <locale>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace pulmo::node;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

/// A sample's identity: its name and its labels (a JSON object, keys sorted).
QString parsedKey(const QString& name, const QJsonObject& labels)
{
    return name + QString::fromUtf8(QJsonDocument(labels).toJson(QJsonDocument::Compact));
}

QString sampleKey(const std::string& name, const MetricLabels& labels)
{
    QJsonObject object;
    for (const auto& [label, value] : labels) object.insert(text(label), text(value));
    return parsedKey(text(name), object);
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

struct Family {
    QString type;
    QString help;
    QMap<QString, double> samples;  ///< sampleKey -> value
    QList<QJsonObject> sampleList;  ///< as parsed: {"name", "labels", "value"}
};
using Families = QMap<QString, Family>;  ///< the family's name as prometheus_client gives it

struct Parsed {
    Families families;
    QString error;  ///< empty when the parser read the text
};

/// The text through prometheus_client's parser (Debian's Python), under `locale`.
Parsed parseWithPrometheusClient(const std::string& exposition, const char* locale = "C")
{
    Parsed parsed;
    QProcess process;
    process.setProcessEnvironment(pulmo::test::environmentWithLocale(locale));
    process.start(QStringLiteral(PULMO_SYSTEM_PYTHON),
                  {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/prometheus_oracle.py")});
    if (!process.waitForStarted(30000)) {
        parsed.error =
            QStringLiteral("cannot start %1: %2").arg(QStringLiteral(PULMO_SYSTEM_PYTHON), process.errorString());
        return parsed;
    }
    process.write(exposition.data(), static_cast<qint64>(exposition.size()));
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        parsed.error = QStringLiteral("prometheus_oracle.py failed (exit %1): %2")
                           .arg(process.exitCode())
                           .arg(QString::fromUtf8(process.readAllStandardError()));
        return parsed;
    }
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(process.readAllStandardOutput(), &jsonError);
    if (!document.isArray()) {
        parsed.error = QStringLiteral("prometheus_oracle.py printed no JSON array: %1").arg(jsonError.errorString());
        return parsed;
    }
    for (const QJsonValue& entry : document.array()) {
        const QJsonObject object = entry.toObject();
        Family family;
        family.type = object.value(QStringLiteral("type")).toString();
        family.help = object.value(QStringLiteral("help")).toString();
        for (const QJsonValue& sampleValue : object.value(QStringLiteral("samples")).toArray()) {
            const QJsonObject sample = sampleValue.toObject();
            const QByteArray valueText = sample.value(QStringLiteral("value")).toString().toLatin1();
            double value = 0;
            const auto result = std::from_chars(valueText.constData(), valueText.constData() + valueText.size(), value);
            if (result.ec != std::errc() || result.ptr != valueText.constData() + valueText.size()) {
                parsed.error = QStringLiteral("value %1 is not a number").arg(QString::fromLatin1(valueText));
                return parsed;
            }
            const QString key = parsedKey(sample.value(QStringLiteral("name")).toString(),
                                          sample.value(QStringLiteral("labels")).toObject());
            if (family.samples.contains(key)) {
                parsed.error = QStringLiteral("sample %1 twice").arg(key);
                return parsed;
            }
            family.samples.insert(key, value);
            family.sampleList.append(sample);
        }
        const QString name = object.value(QStringLiteral("name")).toString();
        if (parsed.families.contains(name)) {
            parsed.error = QStringLiteral("family %1 twice").arg(name);
            return parsed;
        }
        parsed.families.insert(name, family);
    }
    return parsed;
}

/// What a histogram's series should be, counted by the test from the observations it made.
void expectHistogram(Family& family, const std::string& name, const MetricLabels& labels,
                     const std::vector<double>& bounds, const QStringList& leTexts, const std::vector<double>& observed)
{
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        double below = 0;
        for (const double value : observed)
            if (i == bounds.size() || value <= bounds[i]) ++below;
        MetricLabels withLe = labels;
        withLe["le"] = i == bounds.size() ? "+Inf" : leTexts.at(static_cast<int>(i)).toStdString();
        family.samples.insert(sampleKey(name + "_bucket", withLe), below);
    }
    double sum = 0;
    for (const double value : observed) sum += value;
    family.samples.insert(sampleKey(name + "_sum", labels), sum);
    family.samples.insert(sampleKey(name + "_count", labels), static_cast<double>(observed.size()));
}

/// Every family, type, help and sample the same; "" when they are, else the first difference.
QString difference(const Families& parsed, const Families& expected)
{
    if (parsed.keys() != expected.keys())
        return QStringLiteral("families %1, expected %2")
            .arg(parsed.keys().join(QLatin1Char(' ')), expected.keys().join(QLatin1Char(' ')));
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const Family& got = parsed[it.key()];
        if (got.type != it->type) return QStringLiteral("%1: type %2, expected %3").arg(it.key(), got.type, it->type);
        if (got.help != it->help)
            return QStringLiteral("%1: help \"%2\", expected \"%3\"").arg(it.key(), got.help, it->help);
        if (got.samples.keys() != it->samples.keys())
            return QStringLiteral("%1: samples\n  %2\nexpected\n  %3")
                .arg(it.key(), got.samples.keys().join(QStringLiteral("\n  ")),
                     it->samples.keys().join(QStringLiteral("\n  ")));
        for (auto sample = it->samples.begin(); sample != it->samples.end(); ++sample)
            if (!sameValue(got.samples.value(sample.key()), sample.value()))
                return QStringLiteral("%1 = %2, expected %3")
                    .arg(sample.key())
                    .arg(got.samples.value(sample.key()), 0, 'g', 17)
                    .arg(sample.value(), 0, 'g', 17);
    }
    return {};
}

/// Each histogram series as parsed: buckets cumulative (never fewer as le grows) and +Inf = _count.
QString histogramProblem(const QString& name, const Family& family)
{
    QMap<QString, QMap<double, double>> buckets;  // labels without le -> le -> count
    QMap<QString, double> counts;
    for (const QJsonObject& sample : family.sampleList) {
        QJsonObject labels = sample.value(QStringLiteral("labels")).toObject();
        const QString sampleName = sample.value(QStringLiteral("name")).toString();
        const double value = family.samples.value(parsedKey(sampleName, labels));
        if (sampleName == name + QStringLiteral("_bucket")) {
            const QByteArray le = labels.take(QStringLiteral("le")).toString().toLatin1();
            double bound = kInf;
            if (le != "+Inf" && std::from_chars(le.constData(), le.constData() + le.size(), bound).ec != std::errc())
                return QStringLiteral("%1: le=\"%2\" is not a number").arg(name, QString::fromLatin1(le));
            buckets[parsedKey(QString(), labels)].insert(bound, value);
        } else if (sampleName == name + QStringLiteral("_count")) {
            counts.insert(parsedKey(QString(), labels), value);
        }
    }
    if (buckets.keys() != counts.keys())
        return QStringLiteral("%1: series with buckets differ from those with _count").arg(name);
    for (auto it = buckets.begin(); it != buckets.end(); ++it) {
        double previous = 0;
        for (auto bucket = it->begin(); bucket != it->end(); ++bucket) {
            if (bucket.value() < previous) return QStringLiteral("%1%2: buckets not cumulative").arg(name, it.key());
            previous = bucket.value();
        }
        if (!it->contains(kInf) || it->value(kInf) != counts.value(it.key()))
            return QStringLiteral("%1%2: +Inf bucket is not _count").arg(name, it.key());
    }
    return {};
}

/// A registry with every kind of metric and awkward text, and what the parser should read back from it.
Families fillTestRegistry(NodeMetrics& metrics)
{
    Families expected;

    const std::string requestsHelp = "Requests; a backslash \\ and a\nline feed, \"quotes\" kept as they are.";
    metrics.addCounter("pulmo_test_requests_total", requestsHelp, {"path", "status"});
    Family& requests = expected[QStringLiteral("pulmo_test_requests")];  // prometheus_client drops _total
    requests.type = QStringLiteral("counter");
    requests.help = text(requestsHelp);
    const MetricLabels plain{{"path", "/metrics"}, {"status", "200"}};
    metrics.increment("pulmo_test_requests_total", plain, 1234567.0);
    metrics.increment("pulmo_test_requests_total", plain);
    requests.samples.insert(sampleKey("pulmo_test_requests_total", plain), 1234568.0);
    const MetricLabels tricky{{"path", "quote\" backslash\\ line\nfeed, a literal \\n, {braces}, a=b, ends with \\"},
                              {"status", "Lungenentzündung épanchement 肺炎"}};
    metrics.increment("pulmo_test_requests_total", tricky, 0.1);
    metrics.increment("pulmo_test_requests_total", tricky, 0.2);
    requests.samples.insert(sampleKey("pulmo_test_requests_total", tricky), 0.1 + 0.2);

    metrics.addCounter("pulmo_test_untouched_total", "Never incremented.");
    Family& untouched = expected[QStringLiteral("pulmo_test_untouched")];
    untouched.type = QStringLiteral("counter");
    untouched.help = QStringLiteral("Never incremented.");
    untouched.samples.insert(sampleKey("pulmo_test_untouched_total", {}), 0.0);

    metrics.addGauge("pulmo_test_temperature_celsius", "Température, en °C.");
    metrics.set("pulmo_test_temperature_celsius", -273.15);
    Family& temperature = expected[QStringLiteral("pulmo_test_temperature_celsius")];
    temperature.type = QStringLiteral("gauge");
    temperature.help = QStringLiteral("Température, en °C.");
    temperature.samples.insert(sampleKey("pulmo_test_temperature_celsius", {}), -273.15);

    metrics.addGauge("pulmo_test_values", "Values that are hard to write.", {"case"});
    Family& values = expected[QStringLiteral("pulmo_test_values")];
    values.type = QStringLiteral("gauge");
    values.help = QStringLiteral("Values that are hard to write.");
    const std::vector<std::pair<std::string, double>> cases{
        {"nan", kNaN},
        {"plus_inf", kInf},
        {"minus_inf", -kInf},
        {"smallest", std::numeric_limits<double>::denorm_min()},
        {"largest", std::numeric_limits<double>::max()},
        {"avogadro", 6.02214076e23},
        {"quarter", 0.25},
        {"thousands", 1234567.125},
        {"negative", -0.5},
        {"third", 1.0 / 3.0},
    };
    for (const auto& [name, value] : cases) {
        metrics.set("pulmo_test_values", value, {{"case", name}});
        values.samples.insert(sampleKey("pulmo_test_values", {{"case", name}}), value);
    }
    metrics.increment("pulmo_test_values", {{"case", "stepped"}}, 2.5);
    metrics.increment("pulmo_test_values", {{"case", "stepped"}}, -4.0);
    values.samples.insert(sampleKey("pulmo_test_values", {{"case", "stepped"}}), 2.5 - 4.0);

    const std::vector<double> latencyBounds{0.05, 0.25, 1, 2.5, 1e6};
    const QStringList latencyLe{QStringLiteral("0.05"), QStringLiteral("0.25"), QStringLiteral("1"),
                                QStringLiteral("2.5"), QStringLiteral("1e+06")};
    metrics.addHistogram("pulmo_test_latency_seconds", "Durée d'une requête, en secondes.", latencyBounds);
    const std::vector<double> latencies{0.01, 0.05, 0.25, 0.3, 1.0, 3.0, 2e6, 0.125};
    for (const double value : latencies) metrics.observe("pulmo_test_latency_seconds", value);
    Family& latency = expected[QStringLiteral("pulmo_test_latency_seconds")];
    latency.type = QStringLiteral("histogram");
    latency.help = QStringLiteral("Durée d'une requête, en secondes.");
    expectHistogram(latency, "pulmo_test_latency_seconds", {}, latencyBounds, latencyLe, latencies);

    const std::vector<double> modelBounds{0.5, 1, 2};
    const QStringList modelLe{QStringLiteral("0.5"), QStringLiteral("1"), QStringLiteral("2")};
    metrics.addHistogram("pulmo_test_model_seconds", "Per model.", modelBounds, {"model"});
    Family& model = expected[QStringLiteral("pulmo_test_model_seconds")];
    model.type = QStringLiteral("histogram");
    model.help = QStringLiteral("Per model.");
    const std::vector<std::pair<MetricLabels, std::vector<double>>> models{
        {{{"model", "resnet18 \"demo\""}}, {0.4, 1.5}},
        {{{"model", "other"}}, {2.0, 2.0, 5.0}},
    };
    for (const auto& [labels, observed] : models) {
        for (const double value : observed) metrics.observe("pulmo_test_model_seconds", value, labels);
        expectHistogram(model, "pulmo_test_model_seconds", labels, modelBounds, modelLe, observed);
    }

    metrics.addHistogram("pulmo_test_idle_seconds", "Never observed.", {1});
    Family& idle = expected[QStringLiteral("pulmo_test_idle_seconds")];
    idle.type = QStringLiteral("histogram");
    idle.help = QStringLiteral("Never observed.");
    expectHistogram(idle, "pulmo_test_idle_seconds", {}, {1}, {QStringLiteral("1")}, {});
    return expected;
}

struct HttpAnswer {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray allow;
    QString error;  ///< empty when an HTTP answer came
};

/// One request from a fresh QNetworkAccessManager (no proxy), waiting at most 10 s.
HttpAnswer httpRequest(uint16_t port, const QByteArray& verb, const QString& path,
                       const QByteArray& acceptEncoding = "identity")
{
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("text/plain"));
    // "identity": the bytes as the endpoint wrote them; empty: Qt's own gzip and deflate, decompressed by Qt.
    if (!acceptEncoding.isEmpty()) request.setRawHeader("Accept-Encoding", acceptEncoding);
    QNetworkReply* reply = verb == "GET"    ? manager.get(request)
                           : verb == "HEAD" ? manager.head(request)
                                            : manager.sendCustomRequest(request, verb, QByteArray("x"));
    QEventLoop loop;
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished()) loop.exec();
    HttpAnswer answer;
    if (!reply->isFinished()) {
        reply->abort();
        answer.error = QStringLiteral("no answer to %1 %2 within 10 s").arg(QString::fromLatin1(verb), path);
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.contentType = reply->rawHeader("Content-Type");
    answer.allow = reply->rawHeader("Allow");
    if (answer.status == 0 && answer.error.isEmpty()) answer.error = reply->errorString();
    delete reply;
    return answer;
}

/// Reads from `socket` until `marker` has come or `timeoutMs` passed; what came.
QByteArray readUntil(QTcpSocket& socket, const QByteArray& marker, int timeoutMs)
{
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (!received.contains(marker) && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(50);
        received += socket.readAll();
    }
    return received;
}

/// A client that sends `request`, reads the answer's first bytes and closes with the rest unread, so
/// that its kernel resets the connection while the server writes. What it read.
QByteArray leaveWhileAnswered(uint16_t port, const char* request)
{
    const int descriptor = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    QByteArray received;
    if (::connect(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        ::send(descriptor, request, std::strlen(request), MSG_NOSIGNAL);
        pollfd readable{descriptor, POLLIN, 0};
        char buffer[4096];
        if (::poll(&readable, 1, 5000) == 1) {
            const ssize_t got = ::recv(descriptor, buffer, sizeof buffer, 0);
            if (got > 0) received = QByteArray(buffer, static_cast<int>(got));
        }
        ::poll(nullptr, 0, 50);  // more of the answer arrives unread
    }
    ::close(descriptor);
    return received;
}

HttpHandlers simpleHandlers(std::string metricsText = "# HELP x_total x\n# TYPE x_total counter\nx_total 0\n")
{
    HttpHandlers handlers;
    handlers.live = [] { return HealthAnswer{true, "ok"}; };
    handlers.ready = [] { return HealthAnswer{true, "ok"}; };
    handlers.metrics = [metricsText] { return metricsText; };
    return handlers;
}

template <class Exception>
QString throwsWhat(const std::function<void()>& call)
{
    try {
        call();
    } catch (const Exception& error) {
        return QString::fromUtf8(error.what());
    } catch (const std::exception& error) {
        return QStringLiteral("<another exception: %1>").arg(QString::fromUtf8(error.what()));
    }
    return {};
}

#define VERIFY_THROWS(Exception, call)                                                              \
    do {                                                                                            \
        const QString what = throwsWhat<Exception>([&] { call; });                                  \
        QVERIFY2(!what.isEmpty() && !what.startsWith(QLatin1String("<another")),                    \
                 qPrintable(QStringLiteral(#call " did not throw " #Exception " (%1)").arg(what))); \
    } while (false)

}  // namespace

class TestNodeHttp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void registrationRefusesUnknownDuplicateAndInvalidNames();
    void updatesRefuseTheWrongKindLabelsAndValues();
    void expositionReadsBackExactlyInEveryLocale_data();
    void expositionReadsBackExactlyInEveryLocale();
    void forNodeRegistersTheNodesMetrics();
    void concurrentUpdatesAddUpExactly();

    void livezReadyzAndMetricsAnswerOverHttp();
    void readyzFollowsTheReadyHandler();
    void throwingHandlerAnswers500AndServingGoesOn();
    void busyPortOrForeignAddressThrowsNamingIt();
    void stopIsPromptWithKeptAliveAndHalfSentRequests();
    void silentAndSlowClientsAreDroppedAndOthersServed();
    void clientGoneWhileAnsweredLeavesTheEndpointServing();
    void stopWithoutStartTwiceAndRestart();
};

void TestNodeHttp::registrationRefusesUnknownDuplicateAndInvalidNames()
{
    NodeMetrics metrics;
    VERIFY_THROWS(std::logic_error, metrics.increment("pulmo_unknown_total"));
    VERIFY_THROWS(std::logic_error, metrics.set("pulmo_unknown", 1));
    VERIFY_THROWS(std::logic_error, metrics.observe("pulmo_unknown_seconds", 1));
    VERIFY_THROWS(std::logic_error, metrics.value("pulmo_unknown_total"));
    VERIFY_THROWS(std::logic_error, metrics.count("pulmo_unknown_seconds"));

    metrics.addCounter("pulmo_a_total", "A.");
    VERIFY_THROWS(std::logic_error, metrics.addCounter("pulmo_a_total", "Again."));
    VERIFY_THROWS(std::logic_error, metrics.addGauge("pulmo_a_total", "As a gauge."));
    VERIFY_THROWS(std::logic_error, metrics.addHistogram("pulmo_a_total", "As a histogram.", {1}));
    // A histogram's samples' names are taken, both ways round.
    metrics.addHistogram("pulmo_h_seconds", "H.", {1});
    VERIFY_THROWS(std::logic_error, metrics.addCounter("pulmo_h_seconds_count", "Clash."));
    VERIFY_THROWS(std::logic_error, metrics.addGauge("pulmo_h_seconds_sum", "Clash."));
    VERIFY_THROWS(std::logic_error, metrics.addGauge("pulmo_h_seconds_bucket", "Clash."));
    metrics.addGauge("pulmo_g_sum", "G.");
    VERIFY_THROWS(std::logic_error, metrics.addHistogram("pulmo_g", "Clash.", {1}));

    for (const char* name : {"", "1st", "with-dash", "with space", "umlaut_\xc3\xa4", "x{y}", "a.b"}) {
        VERIFY_THROWS(std::invalid_argument, metrics.addCounter(name, "Bad."));
        VERIFY_THROWS(std::invalid_argument, metrics.addGauge(name, "Bad."));
        VERIFY_THROWS(std::invalid_argument, metrics.addHistogram(name, "Bad.", {1}));
    }
    for (const char* label : {"", "1x", "with-dash", "__reserved", "a:b", "\xc3\xa4"}) {
        VERIFY_THROWS(std::invalid_argument, metrics.addCounter("pulmo_l_total", "Bad label.", {label}));
        VERIFY_THROWS(std::invalid_argument, metrics.addHistogram("pulmo_l_seconds", "Bad label.", {1}, {label}));
    }
    VERIFY_THROWS(std::invalid_argument, metrics.addCounter("pulmo_l_total", "Twice.", {"a", "a"}));
    VERIFY_THROWS(std::invalid_argument, metrics.addHistogram("pulmo_l_seconds", "le is the buckets'.", {1}, {"le"}));
    for (const std::vector<double>& bounds :
         std::vector<std::vector<double>>{{1, 0.5}, {1, 1}, {kNaN}, {-kInf, 1}, {0.5, kInf, 2}}) {
        VERIFY_THROWS(std::invalid_argument, metrics.addHistogram("pulmo_b_seconds", "Bad bounds.", bounds));
    }
    // What was refused is not half-registered: the names are free.
    metrics.addCounter("pulmo_l_total", "Good now.", {"le", "a_1"});
    metrics.addHistogram("pulmo_b_seconds", "A last +Inf is the implied one.", {0.5, 1, kInf});
    metrics.addGauge("_under:score", "Valid name.");
    const Parsed parsed = parseWithPrometheusClient(metrics.exposition());
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    const Family& bounded = parsed.families.value(QStringLiteral("pulmo_b_seconds"));
    QCOMPARE(bounded.sampleList.size(), 3 + 2);  // 0.5, 1, +Inf, _sum, _count
    QVERIFY(bounded.samples.contains(sampleKey("pulmo_b_seconds_bucket", {{"le", "+Inf"}})));
    QCOMPARE(metrics.value("_under:score"), 0.0);
}

void TestNodeHttp::updatesRefuseTheWrongKindLabelsAndValues()
{
    NodeMetrics metrics;
    metrics.addCounter("pulmo_c_total", "C.", {"reason"});
    metrics.addCounter("pulmo_plain_total", "Plain.");
    metrics.addGauge("pulmo_g", "G.");
    metrics.addHistogram("pulmo_h_seconds", "H.", {1});

    VERIFY_THROWS(std::logic_error, metrics.set("pulmo_plain_total", 5));
    VERIFY_THROWS(std::logic_error, metrics.observe("pulmo_plain_total", 5));
    VERIFY_THROWS(std::logic_error, metrics.observe("pulmo_g", 5));
    VERIFY_THROWS(std::logic_error, metrics.increment("pulmo_h_seconds"));
    VERIFY_THROWS(std::logic_error, metrics.set("pulmo_h_seconds", 1));
    VERIFY_THROWS(std::logic_error, metrics.value("pulmo_h_seconds"));
    VERIFY_THROWS(std::logic_error, metrics.count("pulmo_plain_total"));

    VERIFY_THROWS(std::invalid_argument, metrics.increment("pulmo_plain_total", {}, -1));
    VERIFY_THROWS(std::invalid_argument, metrics.increment("pulmo_plain_total", {}, kNaN));
    VERIFY_THROWS(std::invalid_argument, metrics.increment("pulmo_plain_total", {}, kInf));
    VERIFY_THROWS(std::invalid_argument, metrics.observe("pulmo_h_seconds", kNaN));
    QCOMPARE(metrics.value("pulmo_plain_total"), 0.0);
    QCOMPARE(metrics.count("pulmo_h_seconds"), 0LL);

    VERIFY_THROWS(std::invalid_argument, metrics.increment("pulmo_c_total"));
    VERIFY_THROWS(std::invalid_argument, metrics.increment("pulmo_c_total", {{"reson", "typo"}}));
    VERIFY_THROWS(std::invalid_argument, metrics.increment("pulmo_c_total", {{"reason", "x"}, {"extra", "y"}}));
    VERIFY_THROWS(std::invalid_argument, metrics.increment("pulmo_plain_total", {{"reason", "x"}}));
    VERIFY_THROWS(std::invalid_argument, metrics.value("pulmo_c_total", {{"reson", "typo"}}));
    VERIFY_THROWS(std::invalid_argument, metrics.observe("pulmo_h_seconds", 1, {{"model", "x"}}));

    metrics.increment("pulmo_c_total", {{"reason", "modality"}});
    metrics.increment("pulmo_c_total", {{"reason", "modality"}}, 2);
    QCOMPARE(metrics.value("pulmo_c_total", {{"reason", "modality"}}), 3.0);
    QCOMPARE(metrics.value("pulmo_c_total", {{"reason", "never"}}), 0.0);
    metrics.increment("pulmo_g", {}, -2.5);
    QCOMPARE(metrics.value("pulmo_g"), -2.5);
    metrics.set("pulmo_g", 7);
    QCOMPARE(metrics.value("pulmo_g"), 7.0);
    metrics.observe("pulmo_h_seconds", 0.5);
    metrics.observe("pulmo_h_seconds", -kInf);
    QCOMPARE(metrics.count("pulmo_h_seconds"), 2LL);
}

void TestNodeHttp::expositionReadsBackExactlyInEveryLocale_data()
{
    QTest::addColumn<QByteArray>("locale");
    for (const char* locale : pulmo::test::kTestLocales) QTest::newRow(locale) << QByteArray(locale);
}

void TestNodeHttp::expositionReadsBackExactlyInEveryLocale()
{
    QFETCH(QByteArray, locale);
    const QString problem = pulmo::test::localeProblem(locale.constData());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // The C library's and the C++ global locale both the user's: a stream or printf would now write "0,25".
    const pulmo::test::ScopedLocale cLocale(locale.constData());
    const std::locale previous = std::locale::global(std::locale(locale.constData()));
    const auto restore = qScopeGuard([&] { std::locale::global(previous); });
    std::ostringstream probe;
    probe << 0.25;
    QCOMPARE(probe.str() == "0.25", locale == "C");

    NodeMetrics metrics;
    const Families expected = fillTestRegistry(metrics);
    const std::string exposition = metrics.exposition();
    QVERIFY(exposition.find("0,25") == std::string::npos);

    const Parsed parsed = parseWithPrometheusClient(exposition, locale.constData());
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error + QStringLiteral("\n") + text(exposition)));
    const QString different = difference(parsed.families, expected);
    QVERIFY2(different.isEmpty(), qPrintable(different + QStringLiteral("\n") + text(exposition)));
    for (auto it = parsed.families.begin(); it != parsed.families.end(); ++it) {
        if (it->type != QLatin1String("histogram")) continue;
        const QString histogramError = histogramProblem(it.key(), *it);
        QVERIFY2(histogramError.isEmpty(), qPrintable(histogramError));
    }

    // Every line is "# HELP", "# TYPE" or a sample; nothing else, and a line feed at the end.
    QVERIFY(!exposition.empty() && exposition.back() == '\n');
    const QStringList lines = text(exposition).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^# HELP "))).size(), expected.size());
    QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^# TYPE "))).size(), expected.size());
}

void TestNodeHttp::forNodeRegistersTheNodesMetrics()
{
    const std::unique_ptr<NodeMetrics> metrics = NodeMetrics::forNode();
    const Parsed parsed = parseWithPrometheusClient(metrics->exposition());
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));

    // The contract (NodeMetrics.h, issue 17 item 5): the names, kinds and what each series is at the start.
    Families expected;
    const auto counter = [&](const std::string& name, bool labelled) {
        Family& family = expected[text(name.substr(0, name.size() - 6))];
        family.type = QStringLiteral("counter");
        if (!labelled) family.samples.insert(sampleKey(name, {}), 0.0);
        return &family;
    };
    const auto gauge = [&](const std::string& name) {
        Family& family = expected[text(name)];
        family.type = QStringLiteral("gauge");
        family.samples.insert(sampleKey(name, {}), 0.0);
    };
    const auto histogram = [&](const std::string& name, const std::vector<double>& bounds, const QStringList& le) {
        Family& family = expected[text(name)];
        family.type = QStringLiteral("histogram");
        expectHistogram(family, name, {}, bounds, le, {});
    };
    counter("pulmo_node_received_total", false);
    counter("pulmo_node_refused_total", true);
    counter("pulmo_node_processed_total", true);
    counter("pulmo_node_failed_total", false);
    counter("pulmo_node_results_sent_total", false);
    gauge("pulmo_node_queue_depth");
    gauge("pulmo_node_outbox_pending");
    Family* deadLetters = counter("pulmo_node_dead_letters_total", true);
    for (const char* kind : {"job", "outbox"})
        deadLetters->samples.insert(sampleKey("pulmo_node_dead_letters_total", {{"kind", kind}}), 0.0);
    histogram("pulmo_node_inference_seconds", {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10},
              QStringList{"0.05", "0.1", "0.25", "0.5", "1", "2", "5", "10"});
    histogram("pulmo_node_end_to_end_seconds", {0.5, 1, 2, 3, 5, 10, 30, 60, 300},
              QStringList{"0.5", "1", "2", "3", "5", "10", "30", "60", "300"});
    gauge("pulmo_node_ready");

    // Help is the registry's own wording: every family has some, one line.
    Families withHelp = expected;
    for (auto it = withHelp.begin(); it != withHelp.end(); ++it) {
        const QString help = parsed.families.value(it.key()).help;
        QVERIFY2(help.size() > 10 && !help.contains(QLatin1Char('\n')),
                 qPrintable(it.key() + QStringLiteral(": ") + help));
        it->help = help;
    }
    const QString different = difference(parsed.families, withHelp);
    QVERIFY2(different.isEmpty(), qPrintable(different + QStringLiteral("\n") + text(metrics->exposition())));

    // The labels the node uses are the declared ones.
    metrics->increment("pulmo_node_refused_total", {{"reason", "sop_class"}});
    metrics->increment("pulmo_node_processed_total", {{"label", "Pneumonia"}});
    metrics->increment("pulmo_node_dead_letters_total", {{"kind", "outbox"}});
    metrics->observe("pulmo_node_inference_seconds", 0.3);
    metrics->observe("pulmo_node_end_to_end_seconds", 2.5);
    metrics->set("pulmo_node_ready", 1);
    metrics->set("pulmo_node_queue_depth", 3);
    QCOMPARE(metrics->value("pulmo_node_refused_total", {{"reason", "sop_class"}}), 1.0);
    QCOMPARE(metrics->value("pulmo_node_dead_letters_total", {{"kind", "outbox"}}), 1.0);
    QCOMPARE(metrics->count("pulmo_node_end_to_end_seconds"), 1LL);
    const Parsed after = parseWithPrometheusClient(metrics->exposition());
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QCOMPARE(after.families.value(QStringLiteral("pulmo_node_inference_seconds"))
                 .samples.value(sampleKey("pulmo_node_inference_seconds_bucket", {{"le", "0.25"}})),
             0.0);
    QCOMPARE(after.families.value(QStringLiteral("pulmo_node_inference_seconds"))
                 .samples.value(sampleKey("pulmo_node_inference_seconds_bucket", {{"le", "0.5"}})),
             1.0);
    QCOMPARE(after.families.value(QStringLiteral("pulmo_node_processed"))
                 .samples.value(sampleKey("pulmo_node_processed_total", {{"label", "Pneumonia"}})),
             1.0);
}

void TestNodeHttp::concurrentUpdatesAddUpExactly()
{
    NodeMetrics metrics;
    metrics.addCounter("pulmo_test_events_total", "Events.");
    metrics.addCounter("pulmo_test_by_thread_total", "Events by thread.", {"thread"});
    metrics.addGauge("pulmo_test_level", "Level.");
    metrics.addHistogram("pulmo_test_seconds", "Seconds.", {0.5, 1.5});
    constexpr int kThreads = 4;
    constexpr int kEach = 50000;

    std::atomic<bool> go{false};
    std::atomic<bool> done{false};
    std::atomic<bool> wentBack{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            while (!go) std::this_thread::yield();
            const MetricLabels mine{{"thread", std::to_string(t)}};
            for (int i = 0; i < kEach; ++i) {
                metrics.increment("pulmo_test_events_total");
                metrics.increment("pulmo_test_by_thread_total", mine);
                metrics.increment("pulmo_test_level");
                metrics.observe("pulmo_test_seconds", t % 2 ? 1.0 : 2.0);
            }
        });
    }
    // A scraper reading all the while: what it sees never goes back.
    std::thread reader([&] {
        double last = 0;
        while (!done) {
            const std::string text = metrics.exposition();
            const double now = metrics.value("pulmo_test_events_total");
            if (now < last || text.empty()) wentBack = true;
            last = now;
        }
    });
    go = true;
    for (std::thread& thread : threads) thread.join();
    done = true;
    reader.join();

    QVERIFY(!wentBack);
    QCOMPARE(metrics.value("pulmo_test_events_total"), double(kThreads * kEach));
    QCOMPARE(metrics.value("pulmo_test_level"), double(kThreads * kEach));
    for (int t = 0; t < kThreads; ++t)
        QCOMPARE(metrics.value("pulmo_test_by_thread_total", {{"thread", std::to_string(t)}}), double(kEach));
    QCOMPARE(metrics.count("pulmo_test_seconds"), static_cast<long long>(kThreads * kEach));

    const Parsed parsed = parseWithPrometheusClient(metrics.exposition());
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    const Family histogram = parsed.families.value(QStringLiteral("pulmo_test_seconds"));
    QCOMPARE(histogram.samples.value(sampleKey("pulmo_test_seconds_bucket", {{"le", "0.5"}})), 0.0);
    QCOMPARE(histogram.samples.value(sampleKey("pulmo_test_seconds_bucket", {{"le", "1.5"}})),
             double(kThreads / 2 * kEach));
    QCOMPARE(histogram.samples.value(sampleKey("pulmo_test_seconds_bucket", {{"le", "+Inf"}})),
             double(kThreads * kEach));
    QCOMPARE(histogram.samples.value(sampleKey("pulmo_test_seconds_sum", {})), 1.5 * kThreads * kEach);
}

void TestNodeHttp::livezReadyzAndMetricsAnswerOverHttp()
{
    NodeMetrics metrics;
    Families expected = fillTestRegistry(metrics);
    HttpHandlers handlers = simpleHandlers();
    handlers.metrics = [&metrics] { return metrics.exposition(); };
    HttpEndpoint endpoint("127.0.0.1", 0, handlers);
    endpoint.start();
    const uint16_t port = endpoint.port();
    QVERIFY(port != 0);

    HttpAnswer answer = httpRequest(port, "GET", QStringLiteral("/livez"));
    QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray("ok\n"));
    QCOMPARE(answer.contentType, QByteArray("text/plain; charset=utf-8"));
    answer = httpRequest(port, "GET", QStringLiteral("/readyz?verbose=1"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray("ok\n"));

    answer = httpRequest(port, "GET", QStringLiteral("/metrics"));
    QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QCOMPARE(answer.body, QByteArray::fromStdString(metrics.exposition()));
    const Parsed parsed = parseWithPrometheusClient(answer.body.toStdString());
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    const QString different = difference(parsed.families, expected);
    QVERIFY2(different.isEmpty(), qPrintable(different));

    // Compressed as a Prometheus server asks for it (gzip), the same text.
    answer = httpRequest(port, "GET", QStringLiteral("/metrics"), QByteArray());
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray::fromStdString(metrics.exposition()));

    answer = httpRequest(port, "HEAD", QStringLiteral("/metrics"));
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.body.isEmpty());
    QCOMPARE(answer.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));

    for (const QString& path : {QStringLiteral("/"), QStringLiteral("/nothing"), QStringLiteral("/metrics/extra"),
                                QStringLiteral("/livez.html"), QStringLiteral("/LIVEZ")}) {
        answer = httpRequest(port, "GET", path);
        QVERIFY2(answer.status == 404, qPrintable(path + QStringLiteral(": %1").arg(answer.status)));
        QCOMPARE(answer.body, QByteArray("not found\n"));
    }
    for (const QByteArray& verb : {QByteArray("POST"), QByteArray("PUT"), QByteArray("DELETE"), QByteArray("PATCH")}) {
        answer = httpRequest(port, verb, QStringLiteral("/metrics"));
        QVERIFY2(answer.status == 405,
                 qPrintable(QString::fromLatin1(verb) + QStringLiteral(": %1").arg(answer.status)));
        QCOMPARE(answer.allow, QByteArray("GET, HEAD"));
    }
    // Still serving after all that.
    QCOMPARE(httpRequest(port, "GET", QStringLiteral("/livez")).status, 200);
}

void TestNodeHttp::readyzFollowsTheReadyHandler()
{
    std::atomic<int> state{0};
    HttpHandlers handlers = simpleHandlers();
    handlers.ready = [&state]() -> HealthAnswer {
        switch (state.load()) {
            case 0:
                return {true, "ok"};
            case 1:
                return {false, "queue is full (500 jobs, limit 500)"};
            case 2:
                return {false, "free disk space 80 MB is below 100 MB\nsecond line"};
            default:
                return {false, ""};
        }
    };
    handlers.live = [&state]() -> HealthAnswer {
        return state == 3 ? HealthAnswer{false, "worker stalled"} : HealthAnswer{true, "ok"};
    };
    HttpEndpoint endpoint("127.0.0.1", 0, handlers);
    endpoint.start();

    const struct {
        int state;
        int status;
        QByteArray body;
    } steps[] = {
        {0, 200, "ok\n"},          {1, 503, "queue is full (500 jobs, limit 500)\n"},
        {0, 200, "ok\n"},          {2, 503, "free disk space 80 MB is below 100 MB second line\n"},  // one line
        {3, 503, "unavailable\n"}, {0, 200, "ok\n"},
    };
    for (const auto& step : steps) {
        state = step.state;
        const HttpAnswer answer = httpRequest(endpoint.port(), "GET", QStringLiteral("/readyz"));
        QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
        QCOMPARE(answer.status, step.status);
        QCOMPARE(answer.body, step.body);
        QCOMPARE(answer.contentType, QByteArray("text/plain; charset=utf-8"));
        const HttpAnswer live = httpRequest(endpoint.port(), "GET", QStringLiteral("/livez"));
        QCOMPARE(live.status, step.state == 3 ? 503 : 200);
        QCOMPARE(live.body, step.state == 3 ? QByteArray("worker stalled\n") : QByteArray("ok\n"));
    }
}

void TestNodeHttp::throwingHandlerAnswers500AndServingGoesOn()
{
    std::atomic<int> throwWhat{0};
    HttpHandlers handlers = simpleHandlers();
    handlers.ready = [&throwWhat]() -> HealthAnswer {
        if (throwWhat == 1) throw std::runtime_error("queue database is locked");
        if (throwWhat == 2) throw 42;
        return {true, "ok"};
    };
    handlers.metrics = [&throwWhat]() -> std::string {
        if (throwWhat != 0) throw std::logic_error("metric pulmo_x is not registered");
        return "# TYPE x gauge\nx 1\n";
    };
    HttpEndpoint endpoint("127.0.0.1", 0, handlers);
    endpoint.start();
    const uint16_t port = endpoint.port();

    throwWhat = 1;
    HttpAnswer answer = httpRequest(port, "GET", QStringLiteral("/readyz"));
    QCOMPARE(answer.status, 500);
    QCOMPARE(answer.body, QByteArray("internal error: queue database is locked\n"));
    answer = httpRequest(port, "GET", QStringLiteral("/metrics"));
    QCOMPARE(answer.status, 500);
    QCOMPARE(answer.body, QByteArray("internal error: metric pulmo_x is not registered\n"));
    QCOMPARE(httpRequest(port, "GET", QStringLiteral("/livez")).status, 200);
    throwWhat = 2;
    answer = httpRequest(port, "GET", QStringLiteral("/readyz"));
    QCOMPARE(answer.status, 500);
    QCOMPARE(answer.body, QByteArray("internal error\n"));

    throwWhat = 0;
    QCOMPARE(httpRequest(port, "GET", QStringLiteral("/readyz")).status, 200);
    answer = httpRequest(port, "GET", QStringLiteral("/metrics"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray("# TYPE x gauge\nx 1\n"));
}

void TestNodeHttp::busyPortOrForeignAddressThrowsNamingIt()
{
    // A port another program listens on.
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const uint16_t taken = occupant.serverPort();
    HttpEndpoint onTaken("127.0.0.1", taken, simpleHandlers());
    QString what = throwsWhat<std::runtime_error>([&] { onTaken.start(); });
    QVERIFY2(what.contains(QStringLiteral("127.0.0.1:%1").arg(taken)), qPrintable(what));
    QVERIFY2(what.contains(QLatin1String("in use")), qPrintable(what));
    HttpEndpoint onAny("0.0.0.0", taken, simpleHandlers());
    what = throwsWhat<std::runtime_error>([&] { onAny.start(); });
    QVERIFY2(what.contains(QStringLiteral("0.0.0.0:%1").arg(taken)), qPrintable(what));

    // A port another endpoint serves: refused too (no SO_REUSEPORT sharing), and the first serves on.
    HttpEndpoint first("127.0.0.1", 0, simpleHandlers());
    first.start();
    HttpEndpoint second("127.0.0.1", first.port(), simpleHandlers());
    what = throwsWhat<std::runtime_error>([&] { second.start(); });
    QVERIFY2(what.contains(QStringLiteral("127.0.0.1:%1").arg(first.port())), qPrintable(what));
    QCOMPARE(httpRequest(first.port(), "GET", QStringLiteral("/livez")).status, 200);

    // An address that is not this machine's (TEST-NET-3).
    HttpEndpoint foreign("203.0.113.7", 0, simpleHandlers());
    what = throwsWhat<std::runtime_error>([&] { foreign.start(); });
    QVERIFY2(what.contains(QLatin1String("203.0.113.7:0: not an address of this machine")), qPrintable(what));

    VERIFY_THROWS(std::invalid_argument, HttpEndpoint("127.0.0.1", 0, HttpHandlers{}));
}

void TestNodeHttp::stopIsPromptWithKeptAliveAndHalfSentRequests()
{
    HttpEndpoint endpoint("127.0.0.1", 0, simpleHandlers());
    endpoint.start();

    // A client that keeps its connection open after two requests on it.
    QTcpSocket kept;
    kept.connectToHost(QHostAddress::LocalHost, endpoint.port());
    QVERIFY(kept.waitForConnected(5000));
    for (int i = 0; i < 2; ++i) {
        kept.write("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        const QByteArray received = readUntil(kept, "\r\n\r\nok\n", 5000);
        QVERIFY2(received.startsWith("HTTP/1.1 200") && received.endsWith("\r\n\r\nok\n"), received.constData());
        QVERIFY2(!received.contains("Connection: close"), received.constData());
    }
    // And one that sent half a request.
    QTcpSocket half;
    half.connectToHost(QHostAddress::LocalHost, endpoint.port());
    QVERIFY(half.waitForConnected(5000));
    half.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    QVERIFY(half.waitForBytesWritten(5000));
    QTest::qWait(100);
    QCOMPARE(kept.state(), QAbstractSocket::ConnectedState);

    QElapsedTimer timer;
    timer.start();
    endpoint.stop();
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed < 2000, qPrintable(QStringLiteral("stop() took %1 ms").arg(elapsed)));
    qInfo("stop() with a kept-alive and a half-sent request took %lld ms", static_cast<long long>(elapsed));
    QVERIFY(kept.state() == QAbstractSocket::UnconnectedState || kept.waitForDisconnected(1000));
}

void TestNodeHttp::silentAndSlowClientsAreDroppedAndOthersServed()
{
    HttpEndpoint endpoint("127.0.0.1", 0, simpleHandlers());
    endpoint.start();
    // As many stalling clients as the endpoint has threads: one silent, one that stops half-way.
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, endpoint.port());
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, endpoint.port());
    QVERIFY(silent.waitForConnected(5000) && slow.waitForConnected(5000));
    slow.write("GET /readyz HTTP/1.1\r\nHo");
    QVERIFY(slow.waitForBytesWritten(5000));

    QElapsedTimer timer;
    timer.start();
    const HttpAnswer answer = httpRequest(endpoint.port(), "GET", QStringLiteral("/livez"));
    const qint64 served = timer.elapsed();
    QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
    QCOMPARE(answer.status, 200);
    QVERIFY2(served < 3000, qPrintable(QStringLiteral("served after %1 ms").arg(served)));
    QVERIFY2(silent.state() == QAbstractSocket::UnconnectedState || silent.waitForDisconnected(3000),
             "the silent client was not dropped");
    QVERIFY2(slow.state() == QAbstractSocket::UnconnectedState || slow.waitForDisconnected(3000),
             "the slow client was not dropped");
    const qint64 dropped = timer.elapsed();
    QVERIFY2(dropped < 4000, qPrintable(QStringLiteral("dropped after %1 ms").arg(dropped)));
    qInfo("with both threads held by stalling clients, /livez answered after %lld ms; both dropped after %lld ms",
          static_cast<long long>(served), static_cast<long long>(dropped));
}

void TestNodeHttp::clientGoneWhileAnsweredLeavesTheEndpointServing()
{
    // A large answer, and clients that go away while it is written: the server's sends fail (ECONNRESET,
    // or EPIPE with SIGPIPE, blocked in the endpoint's threads), and it serves on.
    const std::string large(16 * 1024 * 1024, '#');
    HttpEndpoint endpoint("127.0.0.1", 0, simpleHandlers(large));
    endpoint.start();
    for (int i = 0; i < 3; ++i) {
        const QByteArray begun =
            leaveWhileAnswered(endpoint.port(), "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY2(begun.startsWith("HTTP/1.1 200"), begun.left(200).constData());
        QTest::qWait(200);
    }
    const HttpAnswer answer = httpRequest(endpoint.port(), "GET", QStringLiteral("/livez"));
    QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
    QCOMPARE(answer.status, 200);
    const HttpAnswer all = httpRequest(endpoint.port(), "GET", QStringLiteral("/metrics"));
    QVERIFY2(all.error.isEmpty(), qPrintable(all.error));
    QCOMPARE(all.status, 200);
    QCOMPARE(all.body.size(), qsizetype(large.size()));
}

void TestNodeHttp::stopWithoutStartTwiceAndRestart()
{
    {
        HttpEndpoint never("127.0.0.1", 0, simpleHandlers());
        never.stop();
        never.stop();
        QCOMPARE(never.port(), uint16_t(0));
    }
    HttpEndpoint endpoint("127.0.0.1", 0, simpleHandlers());
    endpoint.start();
    VERIFY_THROWS(std::logic_error, endpoint.start());
    QCOMPARE(httpRequest(endpoint.port(), "GET", QStringLiteral("/livez")).status, 200);
    QElapsedTimer timer;
    timer.start();
    endpoint.stop();
    endpoint.stop();
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
    const uint16_t stoppedPort = endpoint.port();
    QVERIFY(!httpRequest(stoppedPort, "GET", QStringLiteral("/livez")).error.isEmpty());

    // Started again (the same object), and stopped right after starting.
    endpoint.start();
    QCOMPARE(httpRequest(endpoint.port(), "GET", QStringLiteral("/livez")).status, 200);
    endpoint.stop();
    for (int i = 0; i < 20; ++i) {
        HttpEndpoint quick("127.0.0.1", 0, simpleHandlers());
        quick.start();
        timer.restart();
        quick.stop();
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
    }
}

QTEST_GUILESS_MAIN(TestNodeHttp)
#include "tst_nodehttp.moc"
