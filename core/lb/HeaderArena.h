#pragma once

// Memory for the header fields of one client connection's exchange in flight (internal): the parsed
// request, its rewrite and the target's answer. Beast's basic_fields allocates every field, and the
// method and target, separately; with the default allocator that is about a dozen malloc/free pairs
// per proxied request. Here they are carved from a block that belongs to the connection, freeing is
// a no-op, and the block is reused from the start once the exchange's parsers are gone (reset()).
// A header larger than the block takes the rest from the heap and gives it back as usual.
//
// ArenaAllocator<T> is the allocator Beast gets; one made without an arena is the plain heap, so a
// parser constructed without arguments still works.

#include <boost/beast/http/fields.hpp>
#include <cstddef>
#include <cstdint>
#include <new>

namespace fd::lb::detail {

class HeaderArena
{
public:
    // A typical exchange (a browser's request of ~10 fields, the X-Forwarded-* fields, an answer of
    // ~10 fields, each field ~50 bytes of bookkeeping plus its text) fits in 4 KiB.
    static constexpr std::size_t kBytes = 4096;

    HeaderArena() = default;
    HeaderArena(const HeaderArena &) = delete;
    HeaderArena &operator=(const HeaderArena &) = delete;

    void *allocate(std::size_t bytes, std::size_t alignment)
    {
        const std::size_t at = (m_used + alignment - 1) & ~(alignment - 1);
        if (alignment <= alignof(std::max_align_t) && at <= kBytes && bytes <= kBytes - at) {
            m_used = at + bytes;
            return m_storage + at;
        }
        return ::operator new(bytes);
    }

    void deallocate(void *p) noexcept
    {
        if (!owns(p))
            ::operator delete(p);
    }

    // Makes the whole block available again. Only when nothing allocated from it is alive.
    void reset() noexcept { m_used = 0; }

private:
    bool owns(const void *p) const noexcept
    {
        const auto at = reinterpret_cast<std::uintptr_t>(p);
        const auto begin = reinterpret_cast<std::uintptr_t>(m_storage);
        return at >= begin && at < begin + kBytes;
    }

    alignas(std::max_align_t) unsigned char m_storage[kBytes];
    std::size_t m_used = 0;
};

template<class T> class ArenaAllocator
{
public:
    using value_type = T;

    ArenaAllocator() noexcept = default;
    explicit ArenaAllocator(HeaderArena *arena) noexcept : m_arena(arena) {}
    template<class U> ArenaAllocator(const ArenaAllocator<U> &other) noexcept : m_arena(other.arena()) {}

    T *allocate(std::size_t n)
    {
        if (!m_arena)
            return static_cast<T *>(::operator new(n * sizeof(T)));
        return static_cast<T *>(m_arena->allocate(n * sizeof(T), alignof(T)));
    }

    void deallocate(T *p, std::size_t) noexcept
    {
        if (m_arena)
            m_arena->deallocate(p);
        else
            ::operator delete(p);
    }

    HeaderArena *arena() const noexcept { return m_arena; }

    template<class U> bool operator==(const ArenaAllocator<U> &other) const noexcept
    {
        return m_arena == other.arena();
    }
    template<class U> bool operator!=(const ArenaAllocator<U> &other) const noexcept
    {
        return m_arena != other.arena();
    }

private:
    HeaderArena *m_arena = nullptr;
};

// The fields of the proxy's requests and answers in flight.
using ArenaFields = boost::beast::http::basic_fields<ArenaAllocator<char>>;

} // namespace fd::lb::detail
