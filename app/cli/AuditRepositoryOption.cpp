#include "AuditRepositoryOption.h"

#include "AuditForwarder.h"
#include "CliSupport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSysInfo>

#include <cstdio>

namespace pulmo::cli {

namespace {

/// The value of `--name VALUE` or `--name=VALUE` in `arguments`, removed; empty when absent.
QString take(QStringList& arguments, const QString& name)
{
    QString value;
    for (int i = 0; i < arguments.size();) {
        if (arguments[i] == name) {
            if (i + 1 >= arguments.size()) throw UsageError((name + QStringLiteral(" needs a value")).toStdString());
            value = arguments[i + 1];
            arguments.remove(i, 2);
        } else if (arguments[i].startsWith(name + QLatin1Char('='))) {
            value = arguments[i].mid(name.size() + 1);
            arguments.removeAt(i);
        } else {
            ++i;
        }
    }
    return value;
}

QString valueOf(const QStringList& arguments, const QString& name)
{
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == name && i + 1 < arguments.size()) return arguments[i + 1];
        if (arguments[i].startsWith(name + QLatin1Char('='))) return arguments[i].mid(name.size() + 1);
    }
    return {};
}

}  // namespace

AuditRepositoryOption takeAuditRepositoryOption(QStringList& arguments)
{
    AuditRepositoryOption option;
    option.url = take(arguments, QStringLiteral("--audit-repository"));
    option.trustedCa = take(arguments, QStringLiteral("--audit-tls-ca"));
    option.certificate = take(arguments, QStringLiteral("--audit-tls-certificate"));
    option.privateKey = take(arguments, QStringLiteral("--audit-tls-key"));
    if (option.url.isEmpty()) return option;
    QString error;
    const std::optional<feedback::AuditRepository> repository = feedback::parseAuditRepository(option.url, &error);
    if (!repository) throw UsageError(error.toStdString());
    if (repository->transport == feedback::AuditRepository::Transport::Tls && option.trustedCa.isEmpty())
        throw UsageError("--audit-repository tls://… needs --audit-tls-ca FILE (the repository's CA certificates)");
    option.database = valueOf(arguments, QStringLiteral("--audit-db"));
    if (option.database.isEmpty()) option.database = valueOf(arguments, QStringLiteral("--db"));
    if (option.database.isEmpty())
        throw UsageError("--audit-repository needs a command that audits into a database (--db or --audit-db)");
    return option;
}

void forwardAudit(const AuditRepositoryOption& option)
{
    if (option.url.isEmpty() || !QFileInfo::exists(option.database)) return;
    std::optional<feedback::AuditRepository> repository = feedback::parseAuditRepository(option.url, nullptr);
    if (!repository) return;
    repository->trustedCaFile = option.trustedCa;
    repository->certificateFile = option.certificate;
    repository->privateKeyFile = option.privateKey;
    feedback::AuditSource source;
    source.applicationName = QStringLiteral("pulmo-cli");
    source.hostName = QSysInfo::machineHostName();
    source.processId = QString::number(QCoreApplication::applicationPid());
    source.sourceType = 9;
    feedback::AuditForwarder forwarder(option.database.toStdString(), *repository, source);
    if (forwarder.flush(5000)) return;
    std::fprintf(
        stderr,
        "pulmo-cli: the audit repository did not take every row (%s); %lld row(s) wait in %s and go with "
        "the next command that names it\n",
        qPrintable(forwarder.lastError().isEmpty() ? QStringLiteral("no answer in 5 s") : forwarder.lastError()),
        static_cast<long long>(forwarder.pending()), qPrintable(option.database));
}

}  // namespace pulmo::cli
