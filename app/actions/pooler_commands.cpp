// SPDX-License-Identifier: GPL-3.0-or-later
#include "actions/pooler_commands.h"

#include "monitor/pooler_state.h"
#include "pg/connection.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

PoolerCommands::PoolerCommands(const pg::Connection &console, QString where, OutcomeSink sink)
    : m_console(console)
    , m_where(std::move(where))
    , m_sink(std::move(sink))
{
}

Expected<QString> PoolerCommands::quoted(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[0-9a-z_]+$"));
    if (name.isEmpty())
        return Error(tr("A pooler database needs a name."));
    if (plain.match(name).hasMatch())
        return name;
    // The console's parser reads a double-quoted word; a name with a quote, a line break
    // or a semicolon cannot travel through it intact.
    if (name.contains(QLatin1Char('"')) || name.contains(QLatin1Char('\n')) || name.contains(QLatin1Char('\r')) || name.contains(QLatin1Char(';')))
        return Error(tr("The pooler's console cannot take the name \"%1\" (a quote, a semicolon or a line break in it).").arg(name));
    return QLatin1Char('"') + name + QLatin1Char('"');
}

bool PoolerCommands::isDatabaseCommand(const QString &command)
{
    static const QStringList commands{QStringLiteral("PAUSE"), QStringLiteral("RESUME"),  QStringLiteral("DISABLE"),
                                      QStringLiteral("ENABLE"), QStringLiteral("KILL"), QStringLiteral("RECONNECT")};
    return commands.contains(command);
}

Outcome PoolerCommands::run(const QString &command, const QString &argument)
{
    Outcome o;
    o.database = command == QLatin1String("KILL_CLIENT") ? QString() : argument;
    o.step = m_where.isEmpty() ? QStringLiteral("%1 %2").arg(command, argument).trimmed()
                               : tr("%1 %2 on %3").arg(command, argument, m_where).simplified();
    Expected<QString> arg = argument.isEmpty() || command == QLatin1String("KILL_CLIENT") ? Expected<QString>(argument) : quoted(argument);
    if (!arg.ok()) {
        o.result = Outcome::Failed;
        o.message = arg.error().message();
    } else if (PoolerState::kAdminDatabase == argument && command != QLatin1String("KILL_CLIENT")) {
        o.result = Outcome::Failed;
        o.message = tr("The pooler's own admin database cannot be paused, disabled or killed.");
    } else {
        const pg::Result r = m_console.exec((command + (arg->isEmpty() ? QString() : QLatin1Char(' ') + *arg)).toUtf8());
        const Error e = r.valid() ? r.error() : m_console.lastError();
        if (!e) {
            o.result = Outcome::Done;
        } else {
            o.message = e.message();
            o.sqlState = e.sqlState();
            // Every error of the console is 08P01: a user who is only in stats_users is
            // told by the words.
            if (e.message().contains(QLatin1String("admin access needed"))) {
                o.result = Outcome::PermissionDenied;
                o.message = tr("%1 (the pooler's user must be in admin_users; stats_users can only watch)").arg(e.message());
            } else {
                o.result = Outcome::Failed;
            }
        }
    }
    if (m_sink)
        m_sink(o);
    return o;
}

int PoolerCommands::clientsOf(const QString &database) const
{
    const pg::Result r = m_console.exec(QByteArrayLiteral("SHOW CLIENTS"));
    if (!r.ok())
        return -1;
    int column = -1;
    for (int c = 0; c < r.columns(); ++c) {
        if (r.columnName(c) == QLatin1String("database"))
            column = c;
    }
    int n = 0;
    for (int row = 0; column >= 0 && row < r.rows(); ++row)
        n += r.text(row, column) == database;
    return column >= 0 ? n : -1;
}

QString PoolerCommands::where() const
{
    return m_where.isEmpty() ? tr("the pooler") : m_where;
}

void PoolerCommands::count(const Outcome &o, ActionSummary &summary) const
{
    ++summary.counts[o.result];
    if (o.isFailure() && !summary.error)
        summary.error = Error(o.step + QStringLiteral(": ") + o.message, o.sqlState);
}

PoolerCommands::ShutOut PoolerCommands::shutOut(const QStringList &databases, ActionSummary &summary, const BeforeDisable &before)
{
    ShutOut done;
    for (const QString &db : databases) {
        if (before) {
            if (const Error e = before(db)) {
                summary.error = e;
                break;
            }
        }
        done.journaled << db;
        const int clients = clientsOf(db);
        const Outcome off = run(QStringLiteral("DISABLE"), db);
        count(off, summary);
        if (off.result != Outcome::Done)
            break;
        done.disabled << db;
        const Outcome kill = run(QStringLiteral("KILL"), db);
        count(kill, summary);
        if (kill.result != Outcome::Done)
            break;
        done.killed << db;
        if (clients > 0)
            summary.notes << tr("%n pooler client(s) of \"%1\" were disconnected at %2.", nullptr, clients).arg(db, where());
    }
    return done;
}

Expected<QHash<QString, PoolerCommands::DatabaseState>> PoolerCommands::states() const
{
    const Expected<PoolerTable> table = pooler_query::databases(m_console);
    if (!table.ok())
        return table.error();
    if (!table->has(QLatin1String("name")))
        return Error(tr("SHOW DATABASES of %1 has no name column.").arg(where()));
    QHash<QString, DatabaseState> out;
    for (size_t row = 0; row < table->rows.size(); ++row)
        out.insert(table->value(row, QLatin1String("name")),
                   {table->number(row, QLatin1String("paused")) != 0, table->number(row, QLatin1String("disabled")) != 0});
    return out;
}

QStringList PoolerCommands::letIn(const ShutOut &done, bool keepDisabled, ActionSummary &summary)
{
    // As the pooler has it now: a PgBouncer restarted meanwhile has forgotten the KILL and
    // the DISABLE, and a RESUME of a database that is not paused is an error.
    const Expected<QHash<QString, DatabaseState>> read = states();
    const bool known = read.ok();
    const QHash<QString, DatabaseState> state = known ? *read : QHash<QString, DatabaseState>();
    bool forgotten = false;
    QSet<QString> stillShut; // a RESUME or ENABLE that failed
    // A killed database has a fresh pool, which logs in to the server at once (no wait
    // for server_login_retry, which a failed login during a block would have started).
    for (const QString &db : done.killed) {
        if (known && state.contains(db) && !state.value(db).paused) {
            forgotten = true;
            continue;
        }
        const Outcome o = run(QStringLiteral("RESUME"), db);
        count(o, summary);
        if (o.result != Outcome::Done)
            stillShut << db;
    }
    for (const QString &db : done.disabled) {
        if (keepDisabled) {
            summary.notes << tr("\"%1\" stays disabled at %2: run ENABLE %1 there to let clients in.").arg(db, where());
        } else if (known && state.contains(db) && !state.value(db).disabled) {
            forgotten = true;
        } else {
            const Outcome o = run(QStringLiteral("ENABLE"), db);
            count(o, summary);
            if (o.result != Outcome::Done)
                stillShut << db;
        }
    }
    if (forgotten)
        summary.notes << tr("%1 had already let its clients in again (it was restarted meanwhile).").arg(where());
    QStringList open;
    for (const QString &db : done.journaled) {
        if (!stillShut.contains(db) && !(keepDisabled && done.disabled.contains(db)))
            open << db;
    }
    return open;
}

void PoolerCommands::letInAgain(const QString &database, ActionSummary &summary)
{
    const Expected<QHash<QString, DatabaseState>> read = states();
    if (!read.ok()) {
        summary.error = read.error().withContext(tr("Could not read the databases of %1").arg(where()));
        return;
    }
    const QHash<QString, DatabaseState> &state = *read;
    if (!state.contains(database)) {
        summary.error = Error(tr("%1 has no database \"%2\" any more.").arg(where(), database));
        return;
    }
    const DatabaseState now = state.value(database);
    if (now.paused)
        count(run(QStringLiteral("RESUME"), database), summary);
    if (now.disabled && !summary.error)
        count(run(QStringLiteral("ENABLE"), database), summary);
    if (!now.paused && !now.disabled)
        summary.notes << tr("\"%1\" already lets its clients in at %2.").arg(database, where());
}

QStringList PoolerCommands::killAll(const QString &database, bool keepDisabled, ActionSummary &summary, const BeforeDisable &before)
{
    return letIn(shutOut({database}, summary, before), keepDisabled, summary);
}
