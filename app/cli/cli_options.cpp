// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli_options.h"

#include "servers/server_profile.h"

#include <QSettings>

namespace cli {

const char *const kUsage =
    "Usage: pgsessions-cli [-d CONNINFO | --server NAME] COMMAND [OPTIONS]\n"
    "\n"
    "See and end PostgreSQL sessions from a terminal or a script, with pgsessions' safety\n"
    "checks and journal.\n"
    "\n"
    "Commands:\n"
    "  list                  the sessions of the server\n"
    "  terminate PID...      end backends (pg_terminate_backend)\n"
    "  cancel PID...         cancel their running queries (pg_cancel_backend)\n"
    "  kill-all DATABASE     end every connection of a database\n"
    "  allow-connections DATABASE\n"
    "                        let a blocked database accept connections again\n"
    "  rule NAME             the sessions a rule saved in pgsessions selects (--apply ends them)\n"
    "\n"
    "Connection:\n"
    "  -d, --dbname CONNINFO a libpq connection string, a postgresql:// URI or service=NAME,\n"
    "                        as psql's -d; without it the PG* variables and libpq's defaults apply\n"
    "  --server NAME         a server saved in pgsessions (by its name)\n"
    "\n"
    "Output: a table, or one JSON object per line with --json.\n"
    "Actions ask before they end anything; without a terminal they need --yes.\n"
    "Exit status: 0 all done, 1 some backend refused or still alive, 2 usage or connection error.\n"
    "'pgsessions-cli COMMAND --help' describes a command.\n";

QString listHelp(const QString &)
{
    return QStringLiteral("Usage: pgsessions-cli [-d CONNINFO] list [--json] [--database D] [--state S]\n\n"
                          "The server's sessions (pgsessions' own left out): pid, database, user, application,\n"
                          "client, state, wait event, blocked by, and the query's first line.\n"
                          "  --database D   only sessions of database D\n"
                          "  --state S      only sessions in state S (active, idle, 'idle in transaction', ...)\n"
                          "  --json         one JSON object per session\n");
}

QString signalHelp(const QString &command)
{
    return QStringLiteral("Usage: pgsessions-cli [-d CONNINFO] %1 PID... [--dry-run] [--yes] [--wait SECONDS] [--json]\n\n"
                          "%2 Each backend is signalled only while its pid and backend start are those\n"
                          "listed when the command started; pgsessions' own connections are never signalled.\n"
                          "  --dry-run      show what would be done, do nothing\n"
                          "  --yes          do not ask (needed without a terminal)\n"
                          "  --wait S       how long to wait for terminated backends to be gone (10)\n"
                          "  --json         one JSON object per backend, then the summary\n")
        .arg(command,
             command == QLatin1String("cancel") ? QStringLiteral("Cancels the running queries of the backends.")
                                                : QStringLiteral("Ends the backends, and waits until they are gone."));
}

QString killAllHelp(const QString &)
{
    return QStringLiteral(
        "Usage: pgsessions-cli [-d CONNINFO] kill-all DATABASE [--block] [--keep-blocked] [--include-background]\n"
        "         [--wait SECONDS] [--drop | --rename NEW | --reset-from TEMPLATE | --reset-empty] [--dry-run] [--yes] [--json]\n\n"
        "Ends every connection of DATABASE, in rounds until none is left (clients that reconnect are\n"
        "ended again), then optionally drops, renames or recreates it.\n"
        "  --block                refuse new connections first (ALLOW_CONNECTIONS false), allowed again afterwards\n"
        "  --keep-blocked         leave it refusing new connections (a reset creates it refusing them)\n"
        "  --include-background   background workers too\n"
        "  --wait S               how long to keep ending sessions (10)\n"
        "  --drop                 then DROP DATABASE (WITH (FORCE) on 13+)\n"
        "  --rename NEW           then ALTER DATABASE ... RENAME TO NEW\n"
        "  --reset-from TEMPLATE  then drop it and CREATE it again from TEMPLATE, its owner kept\n"
        "                         (the template's own sessions are ended too)\n"
        "  --reset-empty          then drop it and create it again, empty\n"
        "  --dry-run              show what would be ended, do nothing\n"
        "  --yes                  do not ask (needed without a terminal)\n"
        "  --json                 one JSON object per backend, then the summary\n");
}

QString allowConnectionsHelp(const QString &)
{
    return QStringLiteral("Usage: pgsessions-cli [-d CONNINFO] allow-connections DATABASE [--yes] [--json]\n\n"
                          "ALTER DATABASE ... ALLOW_CONNECTIONS true: the way back for a blocked database, whatever\n"
                          "blocked it.\n");
}

QString ruleHelp(const QString &)
{
    return QStringLiteral("Usage: pgsessions-cli [-d CONNINFO] rule NAME [--apply [--cancel] [--wait SECONDS]] [--dry-run] [--yes] [--json]\n\n"
                          "The sessions that the rule NAME, saved in pgsessions (Sessions > Select sessions...),\n"
                          "selects now. With --apply they are terminated (with --cancel, their queries cancelled).\n"
                          "  --wait S       how long to wait for terminated backends to be gone (10)\n");
}


Expected<Options> parse(const QStringList &args)
{
    Options o;
    const auto value = [&](int &i, const QString &flag) -> Expected<QString> {
        if (i + 1 >= args.size())
            return Error(QStringLiteral("%1 needs a value").arg(flag));
        return args[++i];
    };
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args[i];
        Expected<QString> v = QString();
        if (a == QLatin1String("-d") || a == QLatin1String("--dbname")) {
            if (!(v = value(i, a)).ok())
                return v.error();
            o.conninfo = *v;
            o.hasConninfo = true;
        } else if (a.startsWith(QLatin1String("--dbname="))) {
            o.conninfo = a.mid(9);
            o.hasConninfo = true;
        } else if (a == QLatin1String("--server")) {
            if (!(v = value(i, a)).ok())
                return v.error();
            if (v->isEmpty()) // not the defaults in its place
                return Error(QStringLiteral("--server needs the name of a server saved in pgsessions"));
            o.server = *v;
        } else if (a == QLatin1String("--database") || a == QLatin1String("--state") || a == QLatin1String("--rename")
                   || a == QLatin1String("--reset-from") || a == QLatin1String("--wait")) {
            if (!(v = value(i, a)).ok())
                return v.error();
            if (v->isEmpty() && o.emptyValue.isEmpty())
                o.emptyValue = a; // told with the command's usage
            if (a == QLatin1String("--database"))
                o.database = *v;
            else if (a == QLatin1String("--state"))
                o.state = *v;
            else if (a == QLatin1String("--rename"))
                o.rename = *v;
            else if (a == QLatin1String("--reset-from"))
                o.resetFrom = *v;
            else {
                bool ok = false;
                o.waitSeconds = v->toInt(&ok);
                if (!ok || o.waitSeconds < 0 || o.waitSeconds > 3600)
                    return Error(QStringLiteral("--wait takes seconds from 0 to 3600, not \"%1\"").arg(*v));
            }
        } else if (a == QLatin1String("--json")) {
            o.json = true;
        } else if (a == QLatin1String("--yes") || a == QLatin1String("-y")) {
            o.yes = true;
        } else if (a == QLatin1String("--dry-run")) {
            o.dryRun = true;
        } else if (a == QLatin1String("--block")) {
            o.block = true;
        } else if (a == QLatin1String("--keep-blocked")) {
            o.keepBlocked = true;
        } else if (a == QLatin1String("--include-background")) {
            o.background = true;
        } else if (a == QLatin1String("--drop")) {
            o.drop = true;
        } else if (a == QLatin1String("--reset-empty")) {
            o.resetEmpty = true;
        } else if (a == QLatin1String("--apply")) {
            o.apply = true;
        } else if (a == QLatin1String("--cancel")) {
            o.cancel = true;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            o.help = true;
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return Error(QStringLiteral("unknown option %1").arg(a));
        } else if (o.command.isEmpty()) {
            o.command = a;
        } else {
            o.positional << a;
            continue;
        }
        if (a.startsWith(QLatin1Char('-')) && a.size() > 1) { // an option known to some command
            o.given << a.section(QLatin1Char('='), 0, 0);
        }
    }
    if (!o.server.isEmpty() && o.hasConninfo)
        return Error(QStringLiteral("give either -d or --server, not both"));
    return o;
}

Expected<ConnectionSpec> specOf(Options &o)
{
    if (!o.server.isEmpty()) {
        QSettings settings;
        QStringList names;
        for (const ServerProfile &p : ServerProfile::load(settings)) {
            if (p.displayName() == o.server || p.name == o.server) {
                // A cluster has no address of its own: which member is meant is the user's call.
                if (p.kind == ServerKind::PatroniCluster)
                    return Error(QStringLiteral("\"%1\" is a Patroni cluster (REST API %2), not one server: name the member with "
                                                "-d \"host=... port=...\"")
                                     .arg(p.displayName(), p.patroniUrl));
                o.serverName = p.displayName();
                o.serverKey = QStringLiteral("profile:") + p.id; // as the app's journal knows it
                return p.spec();
            }
            names << p.displayName();
        }
        return Error(names.isEmpty() ? QStringLiteral("no server is saved in pgsessions, so there is no \"%1\"").arg(o.server)
                                     : QStringLiteral("there is no saved server \"%1\"; the saved ones are: %2").arg(o.server, names.join(QStringLiteral(", "))));
    }
    if (o.hasConninfo) {
        // As psql's -d: a bare name is a database name.
        const bool bare = !o.conninfo.contains(QLatin1Char('=')) && !o.conninfo.startsWith(QLatin1String("postgresql://"))
                          && !o.conninfo.startsWith(QLatin1String("postgres://"));
        return ConnectionSpec::parse(bare ? QStringLiteral("dbname='%1'").arg(QString(o.conninfo).replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'")))
                                          : o.conninfo);
    }
    return ConnectionSpec();
}

} // namespace cli
