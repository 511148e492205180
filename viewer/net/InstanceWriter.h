#pragma once
// Private to viewer/net: writes one received dataset under its sanitised name, atomically. Used by
// the Storage SCP (C-MOVE) and by the C-GET association, so both store alike.

#include "net/RetrieveResult.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <memory>
#include <string>

namespace pulmo::net::detail {

class InstanceWriter {
public:
    /// `root` is created when missing. `syncToDisk`: fsync the file (and its folder) before and after
    /// the rename, so that not even a power cut leaves a short file under a final name.
    InstanceWriter(std::string root, bool syncToDisk);

    /// Writes `dataset` (received in `transferSyntax`) as a Part 10 file to a temporary file in its
    /// study folder, then renames it to its final name. Takes ownership of the dataset. Throws
    /// NetworkError(Local) when the dataset lacks its UIDs or the file cannot be written; then no
    /// file is left behind. Any thread; two writers may share a root.
    ReceivedInstance write(std::unique_ptr<DcmDataset> dataset, E_TransferSyntax transferSyntax) const;

    const std::string& root() const { return m_root; }

private:
    std::string m_root;
    bool m_syncToDisk;
};

}  // namespace pulmo::net::detail
