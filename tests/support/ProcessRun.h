#pragma once
// Running a program from a test and keeping what it said: the tests drive pulmo-cli, pulmo, DCMTK's
// tools and the Python oracles this way.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pulmo::test {

struct Run {
    int exitCode = -1;  ///< -1 when it did not finish normally (crash, time-out)
    QByteArray out;
    QByteArray err;
};

inline Run run(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment = {},
               int timeoutMs = 300000)
{
    QProcess process;
    if (!environment.isEmpty()) process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit) return result;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

}  // namespace pulmo::test
