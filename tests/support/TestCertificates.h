#pragma once
// Test certificates made by openssl (Debian's): a CA, and certificates it signs, valid for
// 127.0.0.1 and localhost, for server and client use, two days. Files NAME.pem and NAME.key in
// `folder`. Each returns openssl's complaint, empty when it succeeded.

#include "PeerProcess.h"
#include "ProcessRun.h"

#include <QDir>
#include <QFile>

namespace pulmo::test {

inline QString runOpenssl(const QStringList& arguments)
{
    const Run done = run(program(QStringLiteral("openssl")), arguments);
    return done.exitCode == 0 ? QString() : QString::fromUtf8(done.out + done.err);
}

inline QString makeAuthority(const QString& folder, const QString& name)
{
    const QDir dir(folder);
    return runOpenssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.filePath(name + ".key"), "-out",
                       dir.filePath(name + ".pem"), "-days", "2", "-subj", "/CN=" + name});
}

inline QString makeCertificate(const QString& folder, const QString& ca, const QString& name)
{
    const QDir dir(folder);
    QFile extensions(dir.filePath(name + ".ext"));
    if (!extensions.open(QIODevice::WriteOnly)) return extensions.fileName() + ": cannot write";
    extensions.write(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
    extensions.close();
    QString error = runOpenssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.filePath(name + ".key"), "-out",
                                dir.filePath(name + ".csr"), "-subj", "/CN=" + name});
    if (!error.isEmpty()) return error;
    return runOpenssl({"x509", "-req", "-in", dir.filePath(name + ".csr"), "-CA", dir.filePath(ca + ".pem"), "-CAkey",
                       dir.filePath(ca + ".key"), "-CAcreateserial", "-out", dir.filePath(name + ".pem"), "-days", "2",
                       "-extfile", extensions.fileName()});
}

}  // namespace pulmo::test
