#include "net/StoragePaths.h"

#include <QCryptographicHash>
#include <QDir>

namespace pulmo::net {

bool isValidUid(const std::string& uid)
{
    if (uid.empty() || uid.size() > 64) return false;
    if (uid.front() == '.' || uid.back() == '.') return false;
    char previous = '.';
    for (const char c : uid) {
        if (c == '.') {
            if (previous == '.') return false;
        } else if (c < '0' || c > '9') {
            return false;
        }
        previous = c;
    }
    return true;
}

std::string uidKey(const std::string& uid)
{
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray::fromStdString(uid), QCryptographicHash::Sha256).toHex();
    return digest.left(32).toStdString();
}

std::string studyFolder(const std::string& root, const std::string& studyInstanceUid)
{
    return QDir(QString::fromStdString(root)).filePath(QString::fromStdString(uidKey(studyInstanceUid))).toStdString();
}

std::string instancePath(const std::string& root, const std::string& studyInstanceUid,
                         const std::string& sopInstanceUid)
{
    const QDir folder(QString::fromStdString(studyFolder(root, studyInstanceUid)));
    return folder.filePath(QString::fromStdString(uidKey(sopInstanceUid) + ".dcm")).toStdString();
}

}  // namespace pulmo::net
