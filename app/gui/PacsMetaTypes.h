#pragma once
// The networking layer's progress and result values as Qt meta-types, for the signals of the
// PACS controller and window (and QSignalSpy in tests). Include this, not net/RetrieveResult.h,
// in a header that declares such a signal.

#include "net/RetrieveResult.h"

#include <QMetaType>

Q_DECLARE_METATYPE(pulmo::net::RetrieveProgress)
Q_DECLARE_METATYPE(pulmo::net::RetrieveResult)
