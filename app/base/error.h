// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>
#include <utility>

/// The core's one way of saying that something failed (ARCHITECTURE.md, "Errors").
///
/// A fallible operation returns an Error (empty when it succeeded) or an Expected<T> (a
/// value or an Error). An Error is a value: the words a user can read (libpq's, the
/// server's, or ours, translated), the SQLSTATE when the server sent one, and what kind of
/// failure it is, so callers decide without parsing text. Nothing keeps a "last error".
class [[nodiscard]] Error
{
public:
    enum class Kind {
        None,           ///< no error
        Failed,         ///< anything not below
        NeedsPassword,  ///< the server wants a password that was not given, or refused the one given
        ConnectionLost, ///< the connection broke, or the server could not be reached
        Stopped,        ///< the caller asked to stop
    };

    Error() = default;
    explicit Error(QString message, QString sqlState = {}, Kind kind = Kind::Failed)
        : m_message(std::move(message))
        , m_sqlState(std::move(sqlState))
        , m_kind(kind)
    {
    }
    static Error connectionLost(QString message) { return Error(std::move(message), {}, Kind::ConnectionLost); }

    /// True when something failed: `if (const Error error = journal.recordStart(r))`.
    explicit operator bool() const { return m_kind != Kind::None; }
    Kind kind() const { return m_kind; }
    const QString &message() const { return m_message; }
    const QString &sqlState() const { return m_sqlState; }

    /// The same error, its message after @p context ("Could not block new connections: …").
    Error withContext(const QString &context) const
    {
        Error e = *this;
        e.m_message = context + QStringLiteral(": ") + m_message;
        return e;
    }

    friend bool operator==(const Error &a, const Error &b)
    {
        return a.m_kind == b.m_kind && a.m_message == b.m_message && a.m_sqlState == b.m_sqlState;
    }
    friend bool operator!=(const Error &a, const Error &b) { return !(a == b); }

private:
    QString m_message;
    QString m_sqlState;
    Kind m_kind = Kind::None;
};

/// A value, or the Error that kept it from being made.
template<typename T>
class [[nodiscard]] Expected
{
public:
    Expected(T value)
        : m_value(std::move(value))
    {
    }
    Expected(Error error)
        : m_error(std::move(error))
    {
        if (!m_error)
            m_error = Error(QStringLiteral("unknown error"));
    }

    bool ok() const { return m_value.has_value(); }
    const Error &error() const { return m_error; }
    T &value() & { return *m_value; }
    const T &value() const & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }
    T &operator*() & { return *m_value; }
    const T &operator*() const & { return *m_value; }

private:
    std::optional<T> m_value;
    Error m_error;
};
