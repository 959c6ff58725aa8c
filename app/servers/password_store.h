// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <functional>

/// Passwords the user chose to remember, in the system keychain (Secret Service,
/// KWallet, ...) through qtkeychain; keyed by server profile id. Never on disk in plain
/// text: when no keychain answers, available() turns false and callers ask each time.
/// Every call is asynchronous; callbacks run in the caller's (the GUI's) thread.
class PasswordStore : public QObject
{
    Q_OBJECT
public:
    explicit PasswordStore(QObject *parent = nullptr);

    /// Until a keychain call has failed for want of a keychain.
    bool available() const { return m_available; }
    /// Why the keychain cannot be used, once that is known.
    QString unavailableReason() const { return m_reason; }

    /// @p done(password, error): password empty and error empty when none is stored.
    void read(const QString &profileId, std::function<void(const QString &password, const QString &error)> done);
    /// @p done(error): empty on success.
    void write(const QString &profileId, const QString &password, std::function<void(const QString &error)> done);
    void remove(const QString &profileId);

private:
    void noteError(int code, const QString &text);

    bool m_available = true;
    QString m_reason;
};
