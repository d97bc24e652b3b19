#include "lb/Cidr.h"

#include <arpa/inet.h>
#include <cstring>
#include <string>

namespace fd::lb {

std::optional<IpAddress> parseIp(std::string_view text)
{
    if (text.empty() || text.size() > INET6_ADDRSTRLEN)
        return std::nullopt;
    const std::string s(text);
    IpAddress ip;
    if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1)
        return ip;
    std::array<std::uint8_t, 16> v6{};
    if (inet_pton(AF_INET6, s.c_str(), v6.data()) != 1)
        return std::nullopt;
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6.data(), kMapped, 12) == 0) {
        std::memcpy(ip.bytes.data(), v6.data() + 12, 4);
        return ip;
    }
    ip.v6 = true;
    ip.bytes = v6;
    return ip;
}

std::optional<Cidr> parseCidr(std::string_view text)
{
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    const std::optional<IpAddress> base = parseIp(text.substr(0, slash));
    const std::string_view digits = text.substr(slash + 1);
    if (!base || digits.empty() || digits.size() > 3)
        return std::nullopt;
    int prefix = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        prefix = prefix * 10 + (c - '0');
    }
    if (prefix > (base->v6 ? 128 : 32))
        return std::nullopt;
    return Cidr{*base, prefix};
}

bool contains(const Cidr &block, const IpAddress &address)
{
    if (block.base.v6 != address.v6)
        return false;
    int bits = block.prefix;
    for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
        const std::uint8_t mask = bits >= 8 ? 0xff : std::uint8_t(0xff << (8 - bits));
        if ((block.base.bytes[i] & mask) != (address.bytes[i] & mask))
            return false;
    }
    return true;
}

} // namespace fd::lb
