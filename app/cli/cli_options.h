// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// pgsessions-cli's command line: its usage texts, and what a command line asks for.

#include "base/error.h"
#include "pg/connection_spec.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace cli {

/// The program's usage, as --help and a mistake print it.
extern const char *const kUsage;
/// Each command's usage (the command's name given).
QString listHelp(const QString &command);
QString signalHelp(const QString &command);
QString killAllHelp(const QString &command);
QString allowConnectionsHelp(const QString &command);
QString ruleHelp(const QString &command);

/// What a command line asks for.
struct Options {
    QString serverName; ///< for the log and the journal
    QString serverKey;  ///< the server across runs, as the app's journal knows it
    QString conninfo;
    bool hasConninfo = false;
    QString server;
    QString command;
    QStringList positional;
    QString emptyValue; ///< the first option given an empty value
    QStringList given; ///< the options given, as written (without a value after '='), for the command to check
    QString database, state, rename, resetFrom;
    std::vector<int> pids; ///< terminate and cancel: the positional arguments, checked
    bool json = false, yes = false, dryRun = false, block = false, keepBlocked = false, background = false, drop = false,
         resetEmpty = false, apply = false, cancel = false, help = false;
    int waitSeconds = 10;
};

/// Parses the command line; on a mistake, what is wrong.
Expected<Options> parse(const QStringList &args);
/// The server to connect to: a saved one by name, a connection string, or libpq's
/// defaults (@p o gets a saved server's name and journal key).
Expected<ConnectionSpec> specOf(Options &o);

} // namespace cli
