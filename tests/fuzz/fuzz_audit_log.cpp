// fuzz_audit_log: bytes -> what `pulmo-cli audit verify --against LOG` reads of an audit record
// repository's file (any collector's lines, one message each) -> the anchors, compared with a chain.
// A finding: an anchor without a positive row id, or a comparison that loses or invents a row.

#include "FuzzSupport.h"

#include "AtnaMessage.h"

#include <QByteArray>
#include <QList>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace pulmo;
    fuzz::setUp();
    const QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));
    std::vector<feedback::AuditAnchor> anchors;
    for (const QByteArray& line : text.split('\n'))
        if (std::optional<feedback::AuditAnchor> anchor = feedback::parseAnchor(line)) {
            if (anchor->rowId <= 0) fuzz::finding("an anchor without a positive row id");
            anchors.push_back(*anchor);
        }
    std::vector<feedback::AuditEntry> chain(3);
    for (size_t i = 0; i < chain.size(); ++i) {
        chain[i].id = qint64(i) + 1;
        chain[i].rowHash = QStringLiteral("h%1").arg(i + 1);
        chain[i].previousHash = i == 0 ? QStringLiteral("genesis") : QStringLiteral("h%1").arg(i);
    }
    const feedback::RepositoryComparison comparison = feedback::compareWithRepository(chain, anchors);
    // Every row here is either received (equal or differing) or missing from the repository.
    size_t receivedHere = 0;
    for (const feedback::AuditEntry& entry : chain)
        for (const feedback::AuditAnchor& anchor : anchors)
            if (anchor.rowId == entry.id) {
                ++receivedHere;
                break;
            }
    if (receivedHere + comparison.missingFromRepository.size() != chain.size())
        fuzz::finding("a comparison that loses or invents a row");
    return 0;
}
