#include "JsonLog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <mutex>

namespace pulmo::node {

namespace {

const char* levelName(QtMsgType type)
{
    switch (type) {
        case QtDebugMsg:
            return "debug";
        case QtInfoMsg:
            return "info";
        case QtWarningMsg:
            return "warning";
        case QtCriticalMsg:
            return "error";
        case QtFatalMsg:
            return "fatal";
    }
    return "info";
}

void writeLine(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const QJsonObject line{
        {"time", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {"level", QString::fromLatin1(levelName(type))},
        {"category", QString::fromLatin1(context.category ? context.category : "default")},
        {"message", message},
    };
    const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    static std::mutex mutex;  // whole lines, whichever thread logs
    std::lock_guard<std::mutex> lock(mutex);
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

}  // namespace

void installJsonLog()
{
    qInstallMessageHandler(writeLine);
}

}  // namespace pulmo::node
