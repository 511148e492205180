#pragma once
// C-STORE as a service class user (issue 16 item 5): sends DICOM files to a peer, all of them on
// one association (one presentation context per SOP class and transfer syntax found in the files,
// TLS as for query/retrieve), and reports every response status. DCMTK stays in StoreScu.cpp.

#include "net/Cancellation.h"
#include "net/PacsPeer.h"

#include <optional>
#include <string>
#include <vector>

namespace pulmo::net {

/// What became of one file.
struct StoreOutcome {
    enum class State {
        Stored,   ///< status 0x0000
        Warning,  ///< 0xBxxx, 0x0001, ... (DCMTK's DICOM_WARNING_STATUS): stored, with a warning (logged)
        Failed,   ///< any other status: not stored
        NotSent,  ///< never sent: SOP class or transfer syntax refused by the peer, unreadable file,
                  ///< association ended before its turn
    };
    std::string filePath;
    std::string sopClassUid;     ///< empty when the file could not be read
    std::string sopInstanceUid;  ///< empty when the file could not be read
    State state = State::NotSent;
    unsigned status = 0;  ///< the DIMSE status, when a response came
    std::string reason;   ///< English, for logs and the CLI (describeStatus, or why not sent)

    bool stored() const { return state == State::Stored || state == State::Warning; }
};

/// Sends `files` to `peer` on one association, in order. Throws NetworkError when no association
/// can be made (peer down, rejected, TLS failure) or when it breaks; the outcomes of files already
/// answered are then lost to the caller, who must treat the whole batch as not sent (re-sending a
/// stored instance is harmless: same UIDs). `cancellation` may be null.
std::vector<StoreOutcome> storeFiles(const PacsPeer& peer, const std::string& callingAeTitle,
                                     const NetworkTimeouts& timeouts, const std::vector<std::string>& files,
                                     const Cancellation* cancellation = nullptr);

/// The UIDs of a file that C-STORE needs, and its study (added with the implementation).
struct StoreIdentity {
    std::string sopClassUid;
    std::string sopInstanceUid;
    std::string studyInstanceUid;  ///< may be empty
};
/// Reads them as storeFiles() does; nothing, and the English reason naming the file in `reason`,
/// when the file is no readable DICOM file or lacks its SOP Class or Instance UID.
std::optional<StoreIdentity> readStoreIdentity(const std::string& path, std::string& reason);

/// "stored" / "warning" / "failed" / "not_sent" (JSON).
const char* toString(StoreOutcome::State state);

}  // namespace pulmo::net
