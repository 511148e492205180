#include "dicom/DcmtkLogging.h"

#include <QLoggingCategory>

#include <dcmtk/oflog/appender.h>
#include <dcmtk/oflog/oflog.h>
#include <dcmtk/oflog/spi/logevent.h>

#include <cstring>
#include <mutex>
#include <string>

namespace pulmo::dicom {
namespace {

std::mutex configurationMutex;
bool configured = false;  // guarded by configurationMutex: routeDcmtkLog or ensureDcmtkLogQuiet ran

constexpr const char* kNetworkLoggers[] = {"dcmtk.dcmnet", "dcmtk.dcmtls"};

OFLogger::LogLevel levelFor(const QLoggingCategory& category)
{
    if (category.isDebugEnabled()) return OFLogger::DEBUG_LOG_LEVEL;
    if (category.isInfoEnabled()) return OFLogger::INFO_LOG_LEVEL;
    return OFLogger::FATAL_LOG_LEVEL;
}

/// Hands DCMTK's log events to Qt's message handler, in the category of the DCMTK module they come from.
/// DCMTK calls it on whichever thread logged; QMessageLogger is thread-safe.
class QtCategoryAppender : public dcmtk::log4cplus::Appender {
public:
    QtCategoryAppender(const QLoggingCategory& dicom, const QLoggingCategory& network)
        : m_dicom(dicom), m_network(network)
    {
    }
    ~QtCategoryAppender() override { destructorImpl(); }

    void close() override {}

protected:
    void append(const dcmtk::log4cplus::spi::InternalLoggingEvent& event) override
    {
        const char* logger = event.getLoggerName().c_str();
        bool network = false;
        for (const char* prefix : kNetworkLoggers)
            if (std::strncmp(logger, prefix, std::strlen(prefix)) == 0) network = true;
        const QLoggingCategory& category = network ? m_network : m_dicom;
        std::string text = event.getMessage().c_str();
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        // DCMTK's own level, then its module, so that a line says where it came from.
        const char* module = std::strncmp(logger, "dcmtk.", 6) == 0 ? logger + 6 : logger;
        const int level = event.getLogLevel();
        if (level <= OFLogger::DEBUG_LOG_LEVEL)
            qCDebug(category, "DCMTK %s: %s", module, text.c_str());
        else if (level <= OFLogger::INFO_LOG_LEVEL)
            qCInfo(category, "DCMTK %s: %s", module, text.c_str());
        else if (level <= OFLogger::WARN_LOG_LEVEL)
            qCWarning(category, "DCMTK %s: %s", module, text.c_str());
        else
            qCCritical(category, "DCMTK %s: %s", module, text.c_str());
    }

private:
    const QLoggingCategory& m_dicom;
    const QLoggingCategory& m_network;
};

}  // namespace

void routeDcmtkLog(const QLoggingCategory& dicom, const QLoggingCategory& network)
{
    std::lock_guard<std::mutex> lock(configurationMutex);
    // OFLog::configure sets the root level and DCMTK's internal quiet mode; its console appender is then
    // replaced by ours.
    OFLog::configure(levelFor(dicom));
    dcmtk::log4cplus::Logger root = dcmtk::log4cplus::Logger::getRoot();
    root.removeAllAppenders();
    root.addAppender(dcmtk::log4cplus::SharedAppenderPtr(new QtCategoryAppender(dicom, network)));
    for (const char* name : kNetworkLoggers) OFLog::getLogger(name).setLogLevel(levelFor(network));
    configured = true;
}

void ensureDcmtkLogQuiet()
{
    std::lock_guard<std::mutex> lock(configurationMutex);
    if (configured) return;
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    configured = true;
}

bool dcmtkDebugEnabled(const char* name)
{
    return OFLog::getLogger(name).isEnabledFor(OFLogger::DEBUG_LOG_LEVEL);
}

}  // namespace pulmo::dicom
