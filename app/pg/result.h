// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QString>

#include <cstring>

struct pg_result;

namespace pg {

/// One statement's result, owned: its rows and values as libpq gives them, read without
/// libpq's header outside this room. Values are text (the text protocol).
class Result
{
public:
    Result() = default;
    explicit Result(pg_result *result) noexcept
        : m_result(result)
    {
    }
    Result(Result &&other) noexcept;
    Result &operator=(Result &&other) noexcept;
    Result(const Result &) = delete;
    Result &operator=(const Result &) = delete;
    ~Result();

    /// False when there is no result at all (out of memory, a broken connection).
    bool valid() const { return m_result != nullptr; }
    /// The statement ran: a command, or rows.
    bool ok() const;
    /// Empty when ok(); else the server's words (primary message, then the detail) and SQLSTATE.
    Error error() const;

    int rows() const;
    int columns() const;
    /// A column's name, as the server sent it.
    QString columnName(int column) const;
    bool isNull(int row, int column) const;
    /// The value's text; "" for NULL. Valid while this result lives.
    const char *value(int row, int column) const;
    /// Its length in bytes.
    int length(int row, int column) const;
    /// The value as text, a null QString for NULL.
    QString text(int row, int column) const;
    /// An integer value, @p null for NULL.
    qint64 integer(int row, int column, qint64 null = 0) const;
    /// A boolean value ('t'); false for NULL.
    bool flag(int row, int column) const;

    pg_result *get() const { return m_result; }

private:
    pg_result *m_result = nullptr;
};

/// Integer text as PostgreSQL prints it, the @p length bytes at @p text (no terminating
/// NUL needed), parsed without locale or allocation.
qint64 parseInteger(const char *text, int length) noexcept;
/// Reads the integer that begins at @p text (an optional '-', then digits) into @p value
/// and returns where it ends: the first byte that is not one of its digits, at most @p end.
/// (Inline: a poll reads a thousand of them from one array.)
inline const char *readInteger(const char *text, const char *end, qint64 &value) noexcept
{
    const bool negative = text < end && *text == '-';
    text += negative;
    quint64 v = 0;
    // Timestamps in microseconds have 16 digits: eight at a time, most of the way.
    if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN) {
        while (end - text >= 8) {
            quint64 bytes;
            std::memcpy(&bytes, text, sizeof bytes); // the first byte in the lowest
            // All eight are digits: adding 0x46 sets a byte's top bit when it is above '9',
            // subtracting 0x30 when it is below '0' (or has it set already). A carry or
            // borrow between bytes starts only at a byte that is not a digit, and the
            // lowest such byte is flagged before any reaches it.
            if ((((bytes + 0x4646464646464646ULL) | (bytes - 0x3030303030303030ULL)) & 0x8080808080808080ULL) != 0)
                break;
            // Their value: digit pairs, then groups of four, then all eight, each step in
            // lanes twice as wide (none carries out of its lane: 99, 9,999, 99,999,999).
            quint64 d = bytes - 0x3030303030303030ULL;
            d = (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFULL;
            d = (d * 100 + (d >> 16)) & 0x0000FFFF0000FFFFULL;
            d = (d * 10000 + (d >> 32)) & 0x00000000FFFFFFFFULL;
            v = v * 100000000 + d;
            text += 8;
        }
    }
    for (; text < end && static_cast<unsigned char>(*text - '0') < 10; ++text)
        v = v * 10 + quint64(*text - '0');
    value = negative ? qint64(0 - v) : qint64(v); // (unsigned: the most negative one too)
    return text;
}

} // namespace pg
