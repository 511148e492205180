#include "MonitoringStore.h"

#include "Statement.h"

#include <QDateTime>
#include <QtEndian>

#include <iterator>
#include <map>
#include <stdexcept>

namespace pulmo::feedback {

namespace {

constexpr const char* kObservationColumns =
    "prediction_id, observed_utc, source, model_sha256, sop_instance_uid, label, probability, manufacturer, "
    "manufacturer_model, modality, view_position, body_part, pixel_spacing, bits_stored, photometric, station, "
    "institution, input_mean, input_sd, input_p01, input_p50, input_p99, input_histogram, positive, indeterminate";

template <typename Count, size_t N>
QByteArray packed(const std::array<Count, N>& counts)
{
    QByteArray bytes(int(N * sizeof(Count)), Qt::Uninitialized);
    for (size_t i = 0; i < N; ++i) qToLittleEndian<Count>(counts[i], bytes.data() + i * sizeof(Count));
    return bytes;
}

template <typename Count, size_t N>
std::array<Count, N> unpacked(const QByteArray& bytes)
{
    std::array<Count, N> counts{};
    if (size_t(bytes.size()) != N * sizeof(Count)) return counts;
    for (size_t i = 0; i < N; ++i) counts[i] = qFromLittleEndian<Count>(bytes.constData() + i * sizeof(Count));
    return counts;
}

}  // namespace

bool MonitoringStore::record(const MonitoringObservation& o)
{
    const QDateTime when = QDateTime::fromString(o.observedUtc, Qt::ISODateWithMs);
    if (!when.isValid() || !o.observedUtc.endsWith(QLatin1Char('Z')))
        throw std::invalid_argument("monitoring: \"" + o.observedUtc.toStdString() + "\" is not an ISO 8601 UTC time");
    if (o.source != QLatin1String("workstation") && o.source != QLatin1String("cli") &&
        o.source != QLatin1String("node"))
        throw std::invalid_argument("monitoring: unknown source \"" + o.source.toStdString() + "\"");
    if (!(o.probability >= 0 && o.probability <= 1))
        throw std::invalid_argument("monitoring: the probability is outside 0..1");
    const QString day = when.toUTC().date().toString(Qt::ISODate);
    Transaction transaction(m_database);
    Statement insert(m_database,
                     (std::string("INSERT INTO monitoring_observations(day, ") + kObservationColumns +
                      ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT(sop_instance_uid, model_sha256) DO NOTHING")
                         .c_str());
    insert.bind(1, day);
    if (o.predictionId > 0)
        insert.bind(2, o.predictionId);
    else
        insert.bindNull(2);
    insert.bind(3, when.toUTC().toString(Qt::ISODateWithMs))
        .bind(4, o.source)
        .bind(5, o.modelSha256)
        .bind(6, o.sopInstanceUid)
        .bind(7, o.label)
        .bind(8, o.probability)
        .bind(9, o.manufacturer)
        .bind(10, o.manufacturerModel)
        .bind(11, o.modality)
        .bind(12, o.viewPosition)
        .bind(13, o.bodyPart)
        .bind(14, o.pixelSpacing)
        .bind(15, qint64(o.bitsStored))
        .bind(16, o.photometric)
        .bind(17, o.station)
        .bind(18, o.institution)
        .bind(19, o.inputMean)
        .bind(20, o.inputSd)
        .bind(21, o.inputP01)
        .bind(22, o.inputP50)
        .bind(23, o.inputP99)
        .bind(24, packed(o.inputHistogram))
        .bind(25, qint64(o.positive ? 1 : 0))
        .bind(26, qint64(o.indeterminate ? 1 : 0));
    insert.run();
    if (m_database.changes() != 1) {
        // Recorded before, perhaps without its prediction (pulmo-cli results --audit-db): link it
        // now, so that this prediction's verdicts count for agreement.
        if (o.predictionId > 0) {
            Statement link(m_database,
                           "UPDATE monitoring_observations SET prediction_id = ? WHERE sop_instance_uid = ? AND "
                           "model_sha256 = ? AND prediction_id IS NULL");
            link.bind(1, o.predictionId).bind(2, o.sopInstanceUid).bind(3, o.modelSha256);
            link.run();
            transaction.commit();
        }
        return false;
    }

    std::array<uint64_t, kInputHistogramBins> histogram{};
    MonitoringDay current;
    {
        Statement read(m_database,
                       "SELECT images, positive, indeterminate, probability_sum, input_histogram FROM monitoring_days "
                       "WHERE model_sha256 = ? AND day = ?");
        read.bind(1, o.modelSha256).bind(2, day);
        if (read.step()) {
            current.images = read.integer(0);
            current.positive = read.integer(1);
            current.indeterminate = read.integer(2);
            current.probabilitySum = read.real(3);
            histogram = unpacked<uint64_t, kInputHistogramBins>(read.blob(4));
        }
    }
    for (int i = 0; i < kInputHistogramBins; ++i) histogram[size_t(i)] += o.inputHistogram[size_t(i)];
    Statement upsert(m_database,
                     "INSERT INTO monitoring_days(model_sha256, day, images, positive, indeterminate, probability_sum, "
                     "input_histogram) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(model_sha256, day) DO UPDATE SET "
                     "images = excluded.images, positive = excluded.positive, indeterminate = excluded.indeterminate, "
                     "probability_sum = excluded.probability_sum, input_histogram = excluded.input_histogram");
    upsert.bind(1, o.modelSha256)
        .bind(2, day)
        .bind(3, current.images + 1)
        .bind(4, current.positive + (o.positive ? 1 : 0))
        .bind(5, current.indeterminate + (o.indeterminate ? 1 : 0))
        .bind(6, current.probabilitySum + o.probability)
        .bind(7, packed(histogram));
    upsert.run();
    transaction.commit();
    return true;
}

std::vector<MonitoringDay> MonitoringStore::days(const QString& modelSha256) const
{
    Statement query(
        m_database,
        "SELECT day, images, positive, indeterminate, probability_sum, input_histogram FROM monitoring_days "
        "WHERE model_sha256 = ? ORDER BY day");
    query.bind(1, modelSha256);
    std::vector<MonitoringDay> days;
    while (query.step()) {
        MonitoringDay day;
        day.day = query.text(0);
        day.images = query.integer(1);
        day.positive = query.integer(2);
        day.indeterminate = query.integer(3);
        day.probabilitySum = query.real(4);
        day.inputHistogram = unpacked<uint64_t, kInputHistogramBins>(query.blob(5));
        days.push_back(day);
    }
    return days;
}

std::vector<MonitoringObservation> MonitoringStore::observations(const QString& modelSha256, const QString& firstDay,
                                                                 const QString& lastDay) const
{
    Statement query(m_database, (std::string("SELECT ") + kObservationColumns +
                                 " FROM monitoring_observations WHERE model_sha256 = ? AND day >= ? AND day <= ? "
                                 "ORDER BY observed_utc, id")
                                    .c_str());
    query.bind(1, modelSha256).bind(2, firstDay).bind(3, lastDay);
    std::vector<MonitoringObservation> out;
    while (query.step()) {
        MonitoringObservation o;
        o.predictionId = query.isNull(0) ? 0 : query.integer(0);
        o.observedUtc = query.text(1);
        o.source = query.text(2);
        o.modelSha256 = query.text(3);
        o.sopInstanceUid = query.text(4);
        o.label = query.text(5);
        o.probability = query.real(6);
        o.manufacturer = query.text(7);
        o.manufacturerModel = query.text(8);
        o.modality = query.text(9);
        o.viewPosition = query.text(10);
        o.bodyPart = query.text(11);
        o.pixelSpacing = query.text(12);
        o.bitsStored = int(query.integer(13));
        o.photometric = query.text(14);
        o.station = query.text(15);
        o.institution = query.text(16);
        o.inputMean = query.real(17);
        o.inputSd = query.real(18);
        o.inputP01 = query.real(19);
        o.inputP50 = query.real(20);
        o.inputP99 = query.real(21);
        o.inputHistogram = unpacked<uint32_t, kInputHistogramBins>(query.blob(22));
        o.positive = query.integer(23) != 0;
        o.indeterminate = query.integer(24) != 0;
        out.push_back(o);
    }
    return out;
}

std::vector<QString> MonitoringStore::models() const
{
    Statement query(
        m_database,
        "SELECT model_sha256 FROM monitoring_observations GROUP BY model_sha256 ORDER BY max(observed_utc) DESC");
    std::vector<QString> out;
    while (query.step()) out.push_back(query.text(0));
    return out;
}

monitoring::ImageRecord MonitoringStore::imageRecord(const MonitoringObservation& o, monitoring::Verdict verdict)
{
    monitoring::ImageRecord record;
    int day = 0;
    if (!monitoring::dayFromIso(o.observedUtc.left(10).toStdString(), day))
        throw std::invalid_argument("monitoring: an observation's time is not ISO 8601: " +
                                    o.observedUtc.toStdString());
    record.day = day;
    record.positive = o.positive;
    record.indeterminate = o.indeterminate;
    record.probability = o.probability;
    const QString* categories[] = {&o.manufacturer, &o.manufacturerModel, &o.modality, &o.viewPosition,
                                   &o.bodyPart,     &o.pixelSpacing,      nullptr,     &o.photometric,
                                   &o.station,      &o.institution};
    static_assert(std::size(categories) == monitoring::kCategories.size());
    for (size_t i = 0; i < std::size(categories); ++i)
        record.categories[i] = categories[i] ? categories[i]->toStdString()
                                             : (o.bitsStored > 0 ? std::to_string(o.bitsStored) : std::string());
    record.input = {o.inputMean, o.inputSd, o.inputP01, o.inputP50, o.inputP99};
    record.histogram = o.inputHistogram;
    record.verdict = verdict;
    return record;
}

monitoring::Stream MonitoringStore::stream(const QString& modelSha256) const
{
    // One read transaction: the days, the verdicts and the observations of one snapshot, whatever
    // a writer does meanwhile.
    struct ReadSnapshot {
        FeedbackDatabase& database;
        explicit ReadSnapshot(FeedbackDatabase& d) : database(d) { database.executeSql("BEGIN"); }
        ~ReadSnapshot()
        {
            try {
                database.executeSql("COMMIT");
            } catch (...) {  // a read transaction has nothing to lose
            }
        }
    } snapshot(m_database);
    monitoring::Stream out;
    for (const MonitoringDay& day : days(modelSha256)) {
        monitoring::DayRecord record;
        if (!monitoring::dayFromIso(day.day.toStdString(), record.day))
            throw std::invalid_argument("monitoring: a day is not ISO 8601: " + day.day.toStdString());
        record.images = long(day.images);
        record.positive = long(day.positive);
        record.indeterminate = long(day.indeterminate);
        for (int i = 0; i < kInputHistogramBins; ++i)
            record.histogram[size_t(i)] = double(day.inputHistogram[size_t(i)]);
        out.days.push_back(record);
    }
    std::map<qint64, monitoring::Verdict> verdicts;
    {
        Statement query(m_database,
                        "SELECT v.prediction_id, v.verdict FROM verdicts v JOIN monitoring_observations o ON "
                        "o.prediction_id = v.prediction_id WHERE o.model_sha256 = ? AND v.verdict IN ('agree', "
                        "'disagree') AND NOT EXISTS (SELECT 1 FROM verdicts w WHERE w.withdraws_verdict_id = v.id) "
                        "ORDER BY v.id");
        query.bind(1, modelSha256);
        while (query.step())
            verdicts[query.integer(0)] =
                query.text(1) == QLatin1String("agree") ? monitoring::Verdict::Agree : monitoring::Verdict::Disagree;
    }
    for (const MonitoringObservation& o :
         observations(modelSha256, QStringLiteral("0000-01-01"), QStringLiteral("9999-12-31"))) {
        const auto verdict = o.predictionId > 0 ? verdicts.find(o.predictionId) : verdicts.end();
        out.images.push_back(imageRecord(o, verdict == verdicts.end() ? monitoring::Verdict::None : verdict->second));
    }
    // Observations come in time order, so their days are in order too.
    return out;
}

}  // namespace pulmo::feedback
