#pragma once
// What the test's own process logs in "pulmo.net" (the receiver's and the sender's milestones),
// from any thread: install() in initTestCase, uninstall() in cleanupTestCase. Other messages go on
// to the handler that was there before.

#include <QByteArray>
#include <QMessageLogContext>
#include <QMutex>
#include <QMutexLocker>
#include <QStringList>

namespace pulmo::test::netlog {

inline QMutex& mutex()
{
    static QMutex instance;
    return instance;
}

inline QStringList& lines()
{
    static QStringList instance;
    return instance;
}

inline QtMessageHandler& previous()
{
    static QtMessageHandler instance = nullptr;
    return instance;
}

inline void capture(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (context.category && QByteArray(context.category) == "pulmo.net") {
        QMutexLocker lock(&mutex());
        lines() << message;
    }
    if (previous()) previous()(type, context, message);
}

inline void install()
{
    previous() = qInstallMessageHandler(capture);
}

inline void uninstall()
{
    qInstallMessageHandler(previous());
}

/// The lines so far, and forgets them.
inline QStringList take()
{
    QMutexLocker lock(&mutex());
    QStringList taken = lines();
    lines().clear();
    return taken;
}

/// The lines so far that contain `text`.
inline QStringList containing(const QString& text)
{
    QMutexLocker lock(&mutex());
    return lines().filter(text);
}

inline void clear()
{
    QMutexLocker lock(&mutex());
    lines().clear();
}

}  // namespace pulmo::test::netlog
