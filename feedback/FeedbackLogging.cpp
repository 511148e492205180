#include "FeedbackLogging.h"

namespace pulmo::feedback {

Q_LOGGING_CATEGORY(lcFeedback, "pulmo.feedback", QtWarningMsg)

}  // namespace pulmo::feedback
