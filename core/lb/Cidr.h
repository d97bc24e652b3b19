#pragma once

// CIDR blocks of source-ip conditions, IPv4 and IPv6, parsed without exceptions.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fd::lb {

struct IpAddress
{
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{}; // IPv4 uses the first 4
};

struct Cidr
{
    IpAddress base;
    int prefix = 0;
};

// "10.0.0.1", "::1", "::ffff:10.0.0.1" (an IPv4-mapped IPv6 address parses as the IPv4 address).
std::optional<IpAddress> parseIp(std::string_view text);
// "10.0.0.0/8", "2001:db8::/32"; the prefix is required (as in ELBv2).
std::optional<Cidr> parseCidr(std::string_view text);
bool contains(const Cidr &block, const IpAddress &address);

} // namespace fd::lb
