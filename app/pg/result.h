// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"

#include <QString>

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

/// Integer text as PostgreSQL prints it, parsed without locale or allocation.
qint64 parseInteger(const char *text) noexcept;

} // namespace pg
