#include "net/PacsPeer.h"

#include <cctype>
#include <charconv>

namespace pulmo::net {

bool parsePeerAddress(const std::string& text, PacsPeer& peer)
{
    const size_t at = text.find('@');
    const size_t colon = text.rfind(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at) return false;
    const std::string aeTitle = text.substr(0, at);
    const std::string host = text.substr(at + 1, colon - at - 1);
    const std::string portText = text.substr(colon + 1);
    if (aeTitle.empty() || aeTitle.size() > 16 || host.empty() || portText.empty() || portText.size() > 5) return false;
    for (const char c : aeTitle)
        if (c == '\\' || !std::isprint(static_cast<unsigned char>(c))) return false;
    for (const char c : portText)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    int port = 0;
    std::from_chars(portText.data(), portText.data() + portText.size(), port);  // 1-5 digits, checked above
    if (port < 1 || port > 65535) return false;
    peer.aeTitle = aeTitle;
    peer.host = host;
    peer.port = uint16_t(port);
    return true;
}

std::string peerAddress(const PacsPeer& peer)
{
    return peer.aeTitle + "@" + peer.host + ":" + std::to_string(peer.port);
}

}  // namespace pulmo::net
