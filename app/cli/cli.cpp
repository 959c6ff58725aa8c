// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include "cli/cli_options.h"
#include "cli/cli_output.h"

#include "actions/action.h"
#include "actions/action_executor.h"
#include "actions/database_changes.h"
#include "actions/action_journal.h"
#include "actions/session_rule.h"
#include "monitor/activity_query.h"
#include "pg/connection.h"
#include "pg/connection_spec.h"
#include "pg/text_codec.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QSettings>

#include <cerrno>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

namespace cli {
namespace {

std::atomic<bool> g_stop{false};

void onInterrupt(int)
{
    g_stop = true; // waiting ends; restores still happen
}

QString readPassword(const Io &io, const QString &prompt)
{
    print(io.err, prompt);
    termios old{};
    const bool terminal = ::tcgetattr(fileno(io.in), &old) == 0;
    if (terminal) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(fileno(io.in), TCSANOW, &quiet);
    }
    char buffer[1024] = {};
    const bool read = std::fgets(buffer, sizeof buffer, io.in) != nullptr;
    if (terminal)
        ::tcsetattr(fileno(io.in), TCSANOW, &old);
    print(io.err, QStringLiteral("\n"));
    return read ? QString::fromUtf8(buffer).chopped(QString::fromUtf8(buffer).endsWith(QLatin1Char('\n')) ? 1 : 0) : QString();
}

Expected<pg::Connection> connect(const ConnectionSpec &spec, const Options &o, const Io &io)
{
    pg::ConnectOptions options;
    options.purpose = QStringLiteral("cli");
    // A database the command blocks, drops, renames or recreates cannot hold its own
    // connection: another one is used (postgres, then template1).
    const bool changesTarget = o.command == QLatin1String("kill-all") && o.positional.size() == 1
                               && (o.block || o.drop || !o.rename.isEmpty() || !o.resetFrom.isEmpty() || o.resetEmpty);
    if (changesTarget)
        options.avoidDatabase = o.positional.front();
    // As psql: a database (or service) the user named is that one or an error, unless it
    // is the one to avoid.
    const QString named = spec.value(QStringLiteral("dbname"));
    if ((!named.isEmpty() && named != options.avoidDatabase) || (named.isEmpty() && spec.has(QStringLiteral("service"))))
        options.fallback = false;
    options.statementTimeoutMs = 60000;
    options.stopped = [] { return g_stop.load(); };
    Expected<pg::Connection> conn = pg::Connection::open(spec, options);
    if (!conn.ok() && conn.error().kind() == Error::Kind::NeedsPassword && io.interactive) {
        options.password = readPassword(io, QStringLiteral("Password for %1: ").arg(spec.displayName()));
        conn = pg::Connection::open(spec, options);
    }
    return conn;
}

Expected<Snapshot> readSessions(const pg::Connection &conn)
{
    const int version = conn.serverVersion();
    if (version < activity_query::kMinimumServerVersion)
        return Error(QStringLiteral("PostgreSQL %1 is not supported: pgsessions needs PostgreSQL 10 or later").arg(conn.parameter("server_version")));
    const pg::Result r = conn.exec(activity_query::sql(version));
    if (!r.ok())
        return r.valid() ? r.error() : conn.lastError();
    Snapshot snapshot;
    if (const Error e = activity_query::read(r, version, snapshot))
        return e;
    return snapshot;
}

/// Asks "y/N" on the terminal; refuses without one unless --yes.
Expected<bool> confirm(const Io &io, const Options &o, const QString &question)
{
    if (o.yes)
        return true;
    if (!io.interactive)
        return Error(QStringLiteral("no terminal to ask: nothing was done (add --yes to go ahead without asking)"));
    print(io.err, question + QStringLiteral(" [y/N] "));
    // The answer is read a byte at a time between looks at Ctrl+C: one pressed just
    // before the read began would otherwise leave the read waiting.
    QByteArray answer;
    const int fd = fileno(io.in);
    bool eof = false;
    while (!g_stop) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 100) <= 0)
            continue;
        char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            eof = true;
            break;
        }
        if (c == '\n')
            break;
        if (answer.size() < 64)
            answer.append(c);
    }
    if (g_stop || (eof && answer.isEmpty())) {
        g_stop = false; // a "no", not a stop for what follows
        print(io.err, QStringLiteral("\nnothing was done\n"));
        return false;
    }
    const QString a = QString::fromUtf8(answer).trimmed().toLower();
    return a == QLatin1String("y") || a == QLatin1String("yes");
}

/// Runs a confirmed action with the app's journal; prints each outcome and the summary.
int act(const Io &io, const Options &o, const pg::Connection &conn, ActionRequest request)
{
    ActionJournal journal;
    request.id = ActionRequest::nextId();
    request.serverName = o.serverName;
    request.serverKey = o.serverKey;
    if (const Error e = journal.recordStart(request)) {
        print(io.err, QStringLiteral("pgsessions-cli: nothing was done: %1\n").arg(e.message()));
        return SomeRefused;
    }
    std::vector<QStringList> rows;
    const auto onOutcome = [&](const Outcome &outcome) {
        if (o.json) {
            QJsonObject line = outcome.toJson();
            line.insert(QStringLiteral("outcome"), line.take(QStringLiteral("result")));
            if (outcome.step.isEmpty()) // as list --json says it; the exact microseconds stay in backend_start_us
                line.insert(QStringLiteral("backend_start"),
                            outcome.backendStart == kNoTime ? QJsonValue(QJsonValue::Null) : QJsonValue(micros(outcome.backendStart)));
            jsonLine(io.out, line);
        } else {
            rows.push_back({outcome.step.isEmpty() ? QString::number(outcome.pid) : outcome.step, outcome.user, outcome.database, outcome.application,
                            Outcome::resultText(outcome.result) + (outcome.sqlState.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(outcome.sqlState))
                                + (outcome.message.isEmpty() ? QString() : QStringLiteral(": ") + outcome.message)});
        }
    };
    const ActionSummary summary = ActionExecutor::runJournaled(journal, &conn, {}, request, g_stop, onOutcome, [&](const QString &text) {
        if (!o.json && io.interactive)
            print(io.err, text + QLatin1Char('\n'));
    });
    bool failed = bool(summary.error);
    for (int r = 0; r <= Outcome::Failed; ++r)
        failed = failed || (summary.counts[r] && Outcome{0, 0, Outcome::Result(r), {}, {}, {}, {}, {}, {}}.isFailure());
    if (o.json) {
        QJsonObject line = summary.toJson();
        line.insert(QStringLiteral("summary"), summary.describe());
        line.insert(QStringLiteral("journal"), journal.path());
        jsonLine(io.out, line);
    } else {
        if (!rows.empty())
            table(io.out, {QStringLiteral("PID"), QStringLiteral("USER"), QStringLiteral("DATABASE"), QStringLiteral("APPLICATION"), QStringLiteral("OUTCOME")},
                  rows);
        print(io.out, request.describe() + QStringLiteral(": ") + summary.describe() + QLatin1Char('\n'));
    }
    return failed ? SomeRefused : AllDone;
}

int list(const Io &io, const Options &o, const pg::Connection &conn)
{
    const Expected<Snapshot> snapshot = readSessions(conn);
    if (!snapshot.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(snapshot.error().message()));
        return UsageOrConnection;
    }
    std::vector<Session> shown;
    for (const Session &s : snapshot->sessions) {
        if (s.own || (!o.database.isEmpty() && s.database != o.database) || (!o.state.isEmpty() && s.state != o.state))
            continue;
        shown.push_back(s);
    }
    printSessions(io, o, shown);
    return AllDone;
}

int signalPids(const Io &io, const Options &o, const pg::Connection &conn, bool cancel)
{
    const std::vector<int> &pids = o.pids;
    const Expected<Snapshot> snapshot = readSessions(conn);
    if (!snapshot.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(snapshot.error().message()));
        return UsageOrConnection;
    }
    ActionRequest request;
    request.kind = cancel ? ActionRequest::Cancel : ActionRequest::Terminate;
    request.waitMs = o.waitSeconds * 1000;
    std::vector<Session> chosen;
    int missing = 0;
    for (int pid : pids) {
        const auto it = std::find_if(snapshot->sessions.begin(), snapshot->sessions.end(), [pid](const Session &s) { return s.key.pid == pid; });
        if (it == snapshot->sessions.end()) {
            print(io.err, QStringLiteral("pgsessions-cli: there is no backend with PID %1\n").arg(pid));
            ++missing;
        } else if (it->own) {
            print(io.err, QStringLiteral("pgsessions-cli: PID %1 is pgsessions' own connection: left alone\n").arg(pid));
            ++missing;
        } else {
            chosen.push_back(*it);
            request.targets.push_back(BackendTarget::fromSession(*it));
        }
    }
    if (chosen.empty())
        return SomeRefused;
    const QString question = cancel ? QStringLiteral("Cancel the queries of these %1 session(s)?").arg(chosen.size())
                                    : QStringLiteral("Terminate these %1 session(s)?").arg(chosen.size());
    if (o.dryRun || (!o.yes && io.interactive))
        printSessions(io, o, chosen);
    if (o.dryRun) {
        print(io.err, QStringLiteral("dry run: nothing was done\n"));
        return missing ? SomeRefused : AllDone;
    }
    const Expected<bool> go = confirm(io, o, question);
    if (!go.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(go.error().message()));
        return UsageOrConnection;
    }
    if (!*go)
        return AllDone;
    const int status = act(io, o, conn, request);
    return missing && status == AllDone ? SomeRefused : status;
}

int killAll(const Io &io, const Options &o, const pg::Connection &conn)
{
    ActionRequest request;
    request.kind = ActionRequest::KillAll;
    request.database = o.positional.front();
    request.blockNewConnections = o.block;
    request.keepBlocked = o.keepBlocked;
    request.includeBackgroundWorkers = o.background;
    request.waitMs = o.waitSeconds * 1000;
    if (o.drop)
        request.after = ActionRequest::Drop;
    else if (!o.rename.isEmpty())
        request.after = ActionRequest::Rename, request.newName = o.rename;
    else if (!o.resetFrom.isEmpty() || o.resetEmpty)
        request.after = ActionRequest::Reset, request.templateName = o.resetFrom;
    // The sessions there now are read for a person to see (a question, a dry run); a
    // script's --yes goes straight to the action, which lists them itself.
    const bool shown = o.dryRun || (!o.yes && io.interactive);
    if (!shown && conn.serverVersion() < activity_query::kMinimumServerVersion) {
        print(io.err, QStringLiteral("pgsessions-cli: PostgreSQL %1 is not supported: pgsessions needs PostgreSQL 10 or later\n")
                          .arg(conn.parameter("server_version")));
        return UsageOrConnection;
    }
    const Expected<Snapshot> snapshot = shown ? readSessions(conn) : Expected<Snapshot>(Snapshot());
    if (!snapshot.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(snapshot.error().message()));
        return UsageOrConnection;
    }
    std::vector<Session> now;
    for (const Session &s : snapshot->sessions) {
        if (!s.own && (s.database == request.database || (request.after == ActionRequest::Reset && s.database == request.templateName))
            && (s.isClientBackend() || o.background))
            now.push_back(s);
    }
    const Expected<QString> exists =
        conn.value(QByteArrayLiteral("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1"), {pg::encodeText(request.database)});
    if (!exists.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(exists.error().message()));
        return UsageOrConnection;
    }
    if (exists->isNull()) {
        print(io.err, QStringLiteral("pgsessions-cli: there is no database \"%1\"\n").arg(request.database));
        return SomeRefused;
    }
    if (o.dryRun || (!o.yes && io.interactive))
        printSessions(io, o, now);
    if (o.dryRun) {
        // What the real run would refuse before ending anything, a dry run says too.
        if (const Error e = DatabaseChanges(conn).precheck(request)) {
            print(io.err, QStringLiteral("dry run: %1 — it would be refused: %2\n").arg(request.describe(), e.message()));
            return SomeRefused;
        }
        print(io.err, QStringLiteral("dry run: %1 — %2 session(s) now; nothing was done\n").arg(request.describe()).arg(now.size()));
        return AllDone;
    }
    const Expected<bool> go = confirm(io, o, request.describe() + QStringLiteral(" (%1 session(s) now)?").arg(now.size()));
    if (!go.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(go.error().message()));
        return UsageOrConnection;
    }
    return *go ? act(io, o, conn, request) : AllDone;
}

int allowConnections(const Io &io, const Options &o, const pg::Connection &conn)
{
    ActionRequest request;
    request.kind = ActionRequest::AllowConnections;
    request.database = o.positional.front();
    // Giving connections back is never the dangerous direction: no question asked.
    return act(io, o, conn, request);
}

int rule(const Io &io, const Options &o, const pg::Connection &conn)
{
    QSettings settings;
    const Expected<SessionRule> found = SessionRule::find(settings, o.positional.front());
    if (!found.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(found.error().message()));
        return UsageOrConnection;
    }
    const Expected<Snapshot> snapshot = readSessions(conn);
    if (!snapshot.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(snapshot.error().message()));
        return UsageOrConnection;
    }
    std::vector<Session> matched;
    for (const Session &s : snapshot->sessions) {
        if (found->matches(s, snapshot->serverTime))
            matched.push_back(s);
    }
    if (!o.apply || o.dryRun || (!o.yes && io.interactive))
        printSessions(io, o, matched);
    if (!o.apply || o.dryRun) {
        print(io.err, QStringLiteral("rule \"%1\" (%2): %3 session(s)%4\n")
                          .arg(found->name, found->describe())
                          .arg(matched.size())
                          .arg(o.dryRun ? QStringLiteral("; dry run: nothing was done") : QString()));
        return AllDone;
    }
    if (matched.empty()) {
        print(io.err, QStringLiteral("rule \"%1\" selects no session now: nothing to do\n").arg(found->name));
        return AllDone;
    }
    ActionRequest request;
    request.kind = o.cancel ? ActionRequest::Cancel : ActionRequest::Terminate;
    request.ruleName = found->name;
    request.waitMs = o.waitSeconds * 1000;
    for (const Session &s : matched)
        request.targets.push_back(BackendTarget::fromSession(s));
    const Expected<bool> go = confirm(io, o, request.describe() + QLatin1Char('?'));
    if (!go.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(go.error().message()));
        return UsageOrConnection;
    }
    return *go ? act(io, o, conn, request) : AllDone;
}

/// What a command takes besides its options.
enum class Takes { Nothing, Pids, Database, RuleName };

struct Command {
    QLatin1String name;
    Takes takes;
    QLatin1String options; ///< its own options, as its usage lists them
    QString (*help)(const QString &name);
    int (*run)(const Io &io, const Options &o, const pg::Connection &conn);
};

const Command kCommands[] = {
    {QLatin1String("list"), Takes::Nothing, QLatin1String("--json --database --state"), listHelp, list},
    {QLatin1String("terminate"), Takes::Pids, QLatin1String("--dry-run --yes --wait --json"), signalHelp,
     [](const Io &io, const Options &o, const pg::Connection &conn) { return signalPids(io, o, conn, false); }},
    {QLatin1String("cancel"), Takes::Pids, QLatin1String("--dry-run --yes --wait --json"), signalHelp,
     [](const Io &io, const Options &o, const pg::Connection &conn) { return signalPids(io, o, conn, true); }},
    {QLatin1String("kill-all"), Takes::Database,
     QLatin1String("--block --keep-blocked --include-background --wait --drop --rename --reset-from --reset-empty --dry-run --yes --json"),
     killAllHelp, killAll},
    {QLatin1String("allow-connections"), Takes::Database, QLatin1String("--yes --json"), allowConnectionsHelp, allowConnections},
    {QLatin1String("rule"), Takes::RuleName, QLatin1String("--apply --cancel --wait --dry-run --yes --json"), ruleHelp, rule},
};

const Command *commandNamed(const QString &name)
{
    for (const Command &c : kCommands) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

/// What is wrong with the command's arguments and options, before any server is reached:
/// a mistake in them is told as such, not after a connection error or a password prompt.
Error checkArguments(const Command &command, Options &o)
{
    static const QHash<QString, QString> longForms{{QStringLiteral("-d"), QStringLiteral("--dbname")},
                                                   {QStringLiteral("-y"), QStringLiteral("--yes")},
                                                   {QStringLiteral("-h"), QStringLiteral("--help")}};
    const QStringList own = QString(command.options).split(QLatin1Char(' '))
                            + QStringList{QStringLiteral("--dbname"), QStringLiteral("--server"), QStringLiteral("--help")};
    for (const QString &option : std::as_const(o.given)) {
        if (!own.contains(longForms.value(option, option)))
            return Error(QStringLiteral("%1 does not take %2").arg(o.command, option));
    }
    if (!o.emptyValue.isEmpty()) // an unset variable in a script: not the option left out
        return Error(QStringLiteral("%1 needs a value, not an empty one").arg(o.emptyValue));
    const QStringList &args = o.positional;
    switch (command.takes) {
    case Takes::Nothing:
        if (!args.isEmpty())
            return Error(QStringLiteral("%1 takes no arguments, not \"%2\" (--database and --state filter it)").arg(o.command, args.join(QLatin1Char(' '))));
        break;
    case Takes::Pids:
        if (args.isEmpty())
            return Error(QStringLiteral("%1 needs at least one PID").arg(o.command));
        for (const QString &p : args) {
            bool ok = false;
            const int pid = p.toInt(&ok);
            if (!ok || pid <= 0)
                return Error(QStringLiteral("\"%1\" is not a PID").arg(p));
            o.pids.push_back(pid);
        }
        break;
    case Takes::Database:
        if (args.size() != 1 || args.front().isEmpty())
            return Error(QStringLiteral("%1 needs one DATABASE").arg(o.command));
        break;
    case Takes::RuleName:
        if (args.size() != 1 || args.front().isEmpty())
            return Error(QStringLiteral("%1 needs the NAME of a rule saved in pgsessions").arg(o.command));
        break;
    }
    if (int(o.drop) + int(!o.rename.isEmpty()) + int(!o.resetFrom.isEmpty()) + int(o.resetEmpty) > 1)
        return Error(QStringLiteral("--drop, --rename, --reset-from and --reset-empty exclude each other"));
    if (o.keepBlocked && !o.block)
        return Error(QStringLiteral("--keep-blocked needs --block"));
    if ((o.cancel || o.given.contains(QLatin1String("--wait"))) && command.takes == Takes::RuleName && !o.apply)
        return Error(QStringLiteral("%1 needs --apply: without it nothing is signalled").arg(o.cancel ? QStringLiteral("--cancel") : QStringLiteral("--wait")));
    return {};
}

} // namespace

int run(const QStringList &arguments, const Io &io)
{
    // Without SA_RESTART: Ctrl+C at a prompt ends the read (the answer is "no"), and
    // during an action it ends the waiting (blocks are lifted all the same).
    struct sigaction interrupt {};
    interrupt.sa_handler = onInterrupt;
    sigemptyset(&interrupt.sa_mask);
    interrupt.sa_flags = 0;
    ::sigaction(SIGINT, &interrupt, nullptr);
    ::sigaction(SIGTERM, &interrupt, nullptr);
    const Expected<Options> parsed = parse(arguments);
    if (!parsed.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n\n").arg(parsed.error().message()) + QString::fromLatin1(kUsage));
        return UsageOrConnection;
    }
    Options o = *parsed;
    if (o.command.isEmpty() || o.command == QLatin1String("help")) {
        print(o.help || o.command == QLatin1String("help") ? io.out : io.err, QString::fromLatin1(kUsage));
        return o.help || o.command == QLatin1String("help") ? AllDone : UsageOrConnection;
    }
    const Command *command = commandNamed(o.command);
    if (!command) {
        print(io.err, QStringLiteral("pgsessions-cli: unknown command \"%1\"\n\n").arg(o.command) + QString::fromLatin1(kUsage));
        return UsageOrConnection;
    }
    if (o.help) {
        print(io.out, command->help(o.command));
        return AllDone;
    }
    if (const Error mistake = checkArguments(*command, o)) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n\n").arg(mistake.message()) + command->help(o.command));
        return UsageOrConnection;
    }
    const Expected<ConnectionSpec> spec = specOf(o);
    if (!spec.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(spec.error().message()));
        return UsageOrConnection;
    }
    if (o.serverName.isEmpty()) {
        o.serverName = spec->displayName();
        o.serverKey = QStringLiteral("conninfo:") + spec->without(QStringLiteral("password")).toConninfo();
    }
    const Expected<pg::Connection> conn = connect(*spec, o, io);
    if (!conn.ok()) {
        print(io.err, QStringLiteral("pgsessions-cli: %1\n").arg(conn.error().message()));
        return UsageOrConnection;
    }
    return command->run(io, o, *conn);
}

} // namespace cli
