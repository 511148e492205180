#pragma once
// Private to viewer/net: which storage SOP classes and transfer syntaxes Pulmo accepts (Storage
// SCP) and proposes with the SCP role (C-GET). Chest radiographs come first.

#include <string>
#include <vector>

namespace pulmo::net::detail {

/// Transfer syntaxes in our order of preference when a peer offers several in one presentation
/// context: uncompressed first (nothing to decode), then lossless codecs, then lossy ones (kept
/// as sent; converting them would lose more).
const std::vector<std::string>& acceptedTransferSyntaxes();

/// Every storage SOP class DCMTK knows, radiography first.
std::vector<std::string> acceptedStorageSopClasses();

/// One presentation context to propose: a SOP class and the transfer syntaxes it may use.
struct ProposedContext {
    std::string sopClass;
    std::vector<std::string> transferSyntaxes;
};

/// Storage contexts for a C-GET association, at most `budget` of them (an association carries 128
/// contexts in all). Radiography classes get one context per transfer syntax so that the peer can
/// send each instance as it stores it; the rest get uncompressed contexts while the budget lasts.
std::vector<ProposedContext> getStorageContexts(size_t budget);

}  // namespace pulmo::net::detail
