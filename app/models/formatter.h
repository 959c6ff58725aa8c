// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

struct LockWait;
struct ServerStatus;
struct Session;

/// How values read, in one place: the table, the tree, the details pane, dialogs, banners
/// and the status bar all say a duration, a client or a server's state the same way.
namespace format {

/// "59 s", "1:01", "2:03:04", "2 d 03:04:05"; empty for no time.
QString duration(qint64 micros);
/// What duration() shows of @p micros, as a number (its whole seconds, 0 for a negative
/// one; -1 for no time): two durations read the same exactly when these are equal, found
/// without writing them.
qint64 durationShown(qint64 micros);
/// The characters duration() and a count are written in: digits, the colon, the space
/// and the units s and d. Views that show a new age at every poll draw such texts from
/// these characters laid out once (the sessions table's cells, the status line).
inline constexpr char16_t kAgeCharacters[] = u"0123456789: sd";
/// "10.1.2.3:5000", "[::1]:5000", "web1.example:5000", "local socket"; empty for none.
QString client(const Session &session);
/// "yyyy-MM-dd HH:mm:ss" in local time; empty for no time. @p millis adds ".zzz".
QString timestamp(qint64 micros, bool millis = false);
/// A server's state in a few words, the same on its node and in the status bar:
/// "PostgreSQL 15.4", "PostgreSQL 15.4, standby", "connecting…", "paused",
/// "password needed", "error: <reason>".
QString serverState(const ServerStatus &status);
/// The lock a session waits for: "ShareLock on transaction 745", "ExclusiveLock on tuple
/// (0,1) of public.scores", "AccessExclusiveLock on relation 16385 in database games" (the
/// name when it is known for sure), "ExclusiveLock on advisory key 42".
/// @p database: the name of the lock's database, for a relation without a name.
QString lock(const LockWait &lock, const QString &database);
/// @p text as it can be read safely on one line: control characters as their pictures
/// ("␍" for a carriage return), the marks that reorder text (U+202E and kin) as
/// "⟨U+202E⟩" so they reorder nothing, and bytes that were not UTF-8 as "\xe9". The same
/// text when there is nothing to show (no copy). @p multiline keeps line breaks and tabs.
QString visible(const QString &text, bool multiline = false);

} // namespace format
