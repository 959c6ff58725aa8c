// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/result.h"

#include "pg/error_text.h"
#include "pg/text_codec.h"

#include <libpq-fe.h>

#include <utility>

namespace pg {

Result::Result(Result &&other) noexcept
    : m_result(std::exchange(other.m_result, nullptr))
{
}

Result &Result::operator=(Result &&other) noexcept
{
    if (this != &other) {
        PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

Result::~Result()
{
    PQclear(m_result);
}

bool Result::ok() const
{
    const ExecStatusType status = PQresultStatus(m_result);
    return m_result && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
}

Error Result::error() const
{
    if (ok())
        return {};
    return resultError(m_result);
}

int Result::rows() const
{
    return PQntuples(m_result);
}

int Result::columns() const
{
    return PQnfields(m_result);
}

bool Result::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

const char *Result::value(int row, int column) const
{
    const char *v = PQgetvalue(m_result, row, column);
    return v ? v : "";
}

int Result::length(int row, int column) const
{
    return PQgetlength(m_result, row, column);
}

QString Result::columnName(int column) const
{
    return m_result ? QString::fromUtf8(PQfname(m_result, column)) : QString();
}

QString Result::text(int row, int column) const
{
    if (isNull(row, column))
        return {};
    return decodeText(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

qint64 Result::integer(int row, int column, qint64 null) const
{
    // A null reads as "": only an empty value needs asking whether it is null.
    const char *v = PQgetvalue(m_result, row, column);
    if (!v || (*v == '\0' && isNull(row, column)))
        return null;
    return parseInteger(v, PQgetlength(m_result, row, column));
}

bool Result::flag(int row, int column) const
{
    return !isNull(row, column) && *PQgetvalue(m_result, row, column) == 't';
}

qint64 parseInteger(const char *s, int length) noexcept
{
    qint64 value = 0;
    readInteger(s, s + length, value);
    return value;
}

} // namespace pg
