#pragma once
// Logging set up once per program: Pulmo's categories (pulmo.dicom, pulmo.net, pulmo.index,
// pulmo.inference, pulmo.feedback, pulmo.gui, pulmo.node; each declared in its module's
// *Logging.h) and DCMTK's own log, from the same QT_LOGGING_RULES.

namespace pulmo::app {

/// Call once at start-up, after QCoreApplication (or QApplication) is constructed, before any DICOM
/// or network work; on the main thread. It
/// - makes a level enabled for a pulmo.* category enable the levels above it too, so that
///   "pulmo.net.debug=true" shows the milestones (qCInfo) as well as the chatter (Qt alone would
///   enable debug messages only);
/// - sets DCMTK's log from pulmo.dicom and pulmo.net (dicom/DcmtkLogging.h): quiet unless one of them
///   has debug or info enabled, and DCMTK's lines then go out through those categories.
void configureLogging();

}  // namespace pulmo::app
