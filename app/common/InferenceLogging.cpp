#include "InferenceLogging.h"

namespace pulmo::app {

Q_LOGGING_CATEGORY(lcInference, "pulmo.inference", QtWarningMsg)

inference::LogSink inferenceLogSink()
{
    return [](inference::LogLevel level, const std::string& message) {
        switch (level) {
            case inference::LogLevel::Debug:
                qCDebug(lcInference, "%s", message.c_str());
                break;
            case inference::LogLevel::Info:
                qCInfo(lcInference, "%s", message.c_str());
                break;
            case inference::LogLevel::Warning:
                qCWarning(lcInference, "%s", message.c_str());
                break;
        }
    };
}

}  // namespace pulmo::app
