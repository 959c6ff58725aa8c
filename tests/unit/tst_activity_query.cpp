// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/activity_query.h"
#include "base/app_identity.h"
#include "pg/handles.h"
#include "pg/own_backends.h"
#include "pg/result.h"
#include "pg/sql_text.h"
#include "verify_ok.h"

#include <QRandomGenerator>
#include <QtTest>

#include <cstdlib>
#include <limits>

namespace {

// A result shaped like the poll's, built without a server.
pg::Result fakeResult(const std::vector<std::vector<const char *>> &rows)
{
    pg::Result result(PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK));
    const int columns = 27;
    std::vector<PGresAttDesc> attrs(columns);
    std::vector<QByteArray> names;
    for (int c = 0; c < columns; ++c) {
        names.push_back("c" + QByteArray::number(c));
        attrs[size_t(c)] = PGresAttDesc{names.back().data(), 0, 0, 0, 25, -1, -1};
    }
    PQsetResultAttrs(result.get(), columns, attrs.data());
    for (int r = 0; r < int(rows.size()); ++r) {
        for (int c = 0; c < columns; ++c) {
            const std::vector<const char *> &row = rows[size_t(r)];
            const char *v = size_t(c) < row.size() ? row[size_t(c)] : nullptr; // (the last columns null unless given)
            PQsetvalue(result.get(), r, c, const_cast<char *>(v), v ? int(strlen(v)) : -1);
        }
    }
    return result;
}

} // namespace

class TestActivityQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void columnsFollowTheServerVersion();
    void readsEveryField();
    void readsArraysOfPids();
    void parsesIntegersAsTheServerPrintsThem();
    void ownBackendsAreKnownByPidAndStart();
    void rejectsAnUnexpectedShape();
    void ownNamesBelongToThisProcess();
    void unchangedTextsAreSharedWithTheLastPoll();
    void unchangedSessionsAreTakenFromTheLastPoll();
    void runningStatementsTravelWithoutWhatTheirStartSet();
    void runningStatementsAsTheLastPollSawThemTravelAsPids();
    void numberArraysAreWrittenWhole();
};

void TestActivityQuery::ownNamesBelongToThisProcess()
{
    QVERIFY(app_identity::isOwnApplicationName(app_identity::applicationName(QStringLiteral("actions"))));
    QVERIFY(app_identity::applicationName(QStringLiteral("monitor")).startsWith(QLatin1String("pgsessions monitor ")));
    QVERIFY(!app_identity::isOwnApplicationName(QStringLiteral("pgsessions monitor 000000x")));
    QVERIFY(!app_identity::isOwnApplicationName(QStringLiteral("psql")));
    QVERIFY(!app_identity::isOwnApplicationName(QString()));
}

void TestActivityQuery::columnsFollowTheServerVersion()
{
    const QByteArray v12 = activity_query::sql(120000);
    QVERIFY(!v12.contains("a.leader_pid"));
    QVERIFY(!v12.contains("a.query_id"));
    const QByteArray v13 = activity_query::sql(130000);
    QVERIFY(v13.contains("a.leader_pid"));
    QVERIFY(!v13.contains("a.query_id"));
    const QByteArray v18 = activity_query::sql(180000);
    QVERIFY(v18.contains("a.leader_pid"));
    QVERIFY(v18.contains("a.query_id"));
    // pg_blocking_pids() only for lock waiters; no timestamp travels as text.
    QVERIFY(v18.contains("CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END"));
    QVERIFY(!v18.contains("a.backend_start,"));
}

void TestActivityQuery::readsEveryField()
{
    const QByteArray ownName = app_identity::applicationName(QStringLiteral("monitor")).toUtf8();
    const QByteArray otherInstance = QByteArrayLiteral("pgsessions monitor zzzzzz");
    const pg::Result result = fakeResult({
        {"101", "1764000000123456", "5", "shop", "web", ownName.constData(), nullptr, nullptr, "-1", "client backend", "active",
         nullptr, nullptr, "1764000001000000", "1764000002000000", "1764000003000000", nullptr, "SELECT 1", nullptr, nullptr, "t",
         nullptr, nullptr, nullptr},
        {"102", "1764000000000001", "5", "shop", "web", otherInstance.constData(), "10.0.0.7", "web7", "40000", "client backend", "active", "Lock",
         "transactionid", "1764000001000000", "1764000002000000", "1764000003000000", "{101,99}", "UPDATE t\nSET x = 1", "0",
         "-42", "f", nullptr, nullptr, nullptr},
        {"103", "1764000000000002", nullptr, nullptr, nullptr, "", nullptr, nullptr, nullptr, "autovacuum launcher", nullptr,
         "Activity", "AutoVacuumMain", nullptr, nullptr, nullptr, nullptr, "", nullptr, nullptr, "f", nullptr, nullptr, nullptr},
        // The server's row: its clock, a standby, no session left out as unchanged.
        {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
         nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "f", "1764000010000000", "t", nullptr},
        {nullptr, nullptr, "16384", "shop", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
         nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "f", nullptr, nullptr, "f"},
    });
    Snapshot snap;
    snap.server = 3;
    QVERIFY_OK(activity_query::read(result, 180000, snap));
    QCOMPARE(int(snap.sessions.size()), 3);
    QCOMPARE(snap.unchangedSessions, 0);
    QCOMPARE(int(snap.databases.size()), 1);
    QCOMPARE(snap.databases[0].name, QStringLiteral("shop"));
    QCOMPARE(snap.databases[0].oid, quint32(16384));
    QVERIFY(!snap.databases[0].allowConnections);
    QCOMPARE(snap.ownPid, 101);
    QCOMPARE(snap.serverTime, qint64(1764000010000000));
    QVERIFY(snap.inRecovery);
    const Session &own = snap.sessions[0];
    QCOMPARE(own.key, (SessionKey{3, 101, 1764000000123456}));
    QVERIFY(own.own);
    QCOMPARE(own.clientPort, -1);
    const Session &waiter = snap.sessions[1];
    QVERIFY(!waiter.own); // another pgsessions process is somebody else
    QCOMPARE(waiter.blockedBy, (QVector<int>{101, 99}));
    QCOMPARE(waiter.waitEventType, QStringLiteral("Lock"));
    QCOMPARE(waiter.clientAddress, QStringLiteral("10.0.0.7"));
    QCOMPARE(waiter.clientHostname, QStringLiteral("web7"));
    QCOMPARE(waiter.clientPort, 40000);
    QCOMPARE(waiter.query, QStringLiteral("UPDATE t\nSET x = 1"));
    QVERIFY(waiter.hasQueryId);
    QCOMPARE(waiter.queryId, qint64(-42));
    QCOMPARE(waiter.xactStart, qint64(1764000001000000));
    const Session &launcher = snap.sessions[2];
    QCOMPARE(launcher.backendType, QStringLiteral("autovacuum launcher"));
    QVERIFY(!launcher.isClientBackend());
    QCOMPARE(launcher.xactStart, kNoTime);
    QCOMPARE(launcher.clientPort, 0);
    QVERIFY(!launcher.hasQueryId);
}

void TestActivityQuery::readsArraysOfPids()
{
    // A lock waiter's blockers as pg_blocking_pids() prints them: none (the lock was just
    // granted), one, several; pids up to the largest a server can give.
    auto waiter = [](const char *pid, const char *blockers) {
        return std::vector<const char *>{pid, "1764000000000001", "5", "shop", "web", "app", nullptr, nullptr, "-1", "client backend",
                                         "active", "Lock", "relation", nullptr, nullptr, "1764000003000000", blockers, "LOCK t", nullptr,
                                         nullptr, "f", nullptr, nullptr, nullptr};
    };
    // A long one too (read by another path): a hundred pids of one to seven digits.
    QVector<int> many;
    QByteArray manyText = "{";
    for (int i = 0; i < 100; ++i) {
        many.append(i * i * 419 % 4194304 + 1);
        manyText += QByteArray::number(many.back()) + (i < 99 ? "," : "}");
    }
    QVERIFY(manyText.size() > 256);
    const pg::Result result = fakeResult({waiter("11", "{}"), waiter("12", "{7}"), waiter("13", "{4194304,2147483647,1}"),
                                          waiter("14", nullptr), waiter("15", manyText.constData())});
    Snapshot snap;
    QVERIFY_OK(activity_query::read(result, 150000, snap));
    QCOMPARE(int(snap.sessions.size()), 5);
    QCOMPARE(snap.sessions[4].blockedBy, many);
    QVERIFY(snap.sessions[0].blockedBy.isEmpty());
    QCOMPARE(snap.sessions[1].blockedBy, (QVector<int>{7}));
    QCOMPARE(snap.sessions[2].blockedBy, (QVector<int>{4194304, 2147483647, 1}));
    QVERIFY(snap.sessions[3].blockedBy.isEmpty());
}

void TestActivityQuery::parsesIntegersAsTheServerPrintsThem()
{
    // Every length from 1 to 19 digits, signed and not, against the C library's reading;
    // then a byte that ends the number at each place of such a text.
    const auto parsed = [](const QByteArray &text) { return pg::parseInteger(text.constData(), int(text.size())); };
    QRandomGenerator random(20261201);
    int compared = 0;
    for (int digits = 1; digits <= 19; ++digits) {
        for (int round = 0; round < 50; ++round) {
            // (19 digits beginning with 1-8: within a bigint)
            QByteArray text = QByteArray::number(1 + random.bounded(digits < 19 ? 9 : 8));
            while (text.size() < digits)
                text += char('0' + random.bounded(10));
            if (round % 2)
                text.prepend('-');
            const qint64 expected = std::strtoll(text.constData(), nullptr, 10);
            QCOMPARE(parsed(text), expected);
            ++compared;
        }
    }
    QCOMPARE(parsed("0"), qint64(0));
    QCOMPARE(parsed("-9223372036854775808"), std::numeric_limits<qint64>::min());
    QCOMPARE(parsed("9223372036854775807"), std::numeric_limits<qint64>::max());
    QCOMPARE(parsed(""), qint64(0));
    const QByteArray digits("1764000000123456");
    for (const char stop : {',', '}', '/', ':', ' ', '\x80', '\xff', '\0'}) {
        for (int at = 0; at < digits.size(); ++at) {
            QByteArray text = digits + "9876543210";
            text[at] = stop;
            qint64 value = -1;
            const char *end = pg::readInteger(text.constData(), text.constData() + text.size(), value);
            QCOMPARE(int(end - text.constData()), at);
            QCOMPARE(value, at ? digits.left(at).toLongLong() : 0);
            ++compared;
        }
    }
    // Only the bytes given are read: the rest of a longer text is not a digit of it.
    QCOMPARE(pg::parseInteger("123456789012", 9), qint64(123456789));
    QVERIFY(compared > 1000);
}

void TestActivityQuery::ownBackendsAreKnownByPidAndStart()
{
    QVERIFY(!OwnBackends::entries().contains(201, 1764000000000001));
    {
        const OwnBackends::Registration mine(201, 1764000000000001), other(7, 1764000000000002);
        const OwnBackends::Entries own = OwnBackends::entries();
        QVERIFY(own.contains(201, 1764000000000001));
        QVERIFY(own.contains(7, 1764000000000002));
        QVERIFY(!own.contains(201, 1764000000000002)); // the pid of another backend now
        QVERIFY(!own.contains(201 + 64, 1764000000000001)); // pids alike in their last six bits
        QVERIFY(!own.contains(7 + 64 * 1000, 1764000000000002));
        QVERIFY(!own.contains(8, 1764000000000002));
    }
    QVERIFY(!OwnBackends::entries().contains(201, 1764000000000001)); // unregistered
}

void TestActivityQuery::rejectsAnUnexpectedShape()
{
    pg::Result result(PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK));
    Snapshot snap;
    const Error error = activity_query::read(result, 150000, snap);
    QVERIFY(error);
    QVERIFY(error.message().contains(QLatin1String("columns")));
}

void TestActivityQuery::unchangedTextsAreSharedWithTheLastPoll()
{
    // A row of the poll for backend PID with the given state, application and query.
    auto row = [](const char *pid, const char *start, const char *application, const char *state, const char *query) {
        return std::vector<const char *>{pid, start, "5", "shop", "web", application, nullptr, nullptr, "-1", "client backend", state,
                                         nullptr, nullptr, nullptr, nullptr, "1764000003000000", nullptr, query, nullptr, nullptr,
                                         "f", "1764000010000000", "f", nullptr};
    };
    const pg::Result first = fakeResult({row("201", "1764000000000001", "web", "idle", "SELECT 1"),
                                         row("202", "1764000000000002", "caf\xc3\xa9", "idle", "SELECT 'caf\xc3\xa9'"),
                                         row("203", "1764000000000003", "web", "active", "UPDATE t SET x = 1")});
    Snapshot before;
    QVERIFY_OK(activity_query::read(first, 150000, before));
    QCOMPARE(before.sessions[1].application, QStringLiteral(u"café"));

    // The next poll: the rows in another order (one backend gone, one new), a state and a
    // query changed, a non-ASCII text unchanged, and pid 203 reused by a new backend.
    const pg::Result second = fakeResult({row("202", "1764000000000002", "caf\xc3\xa9", "active", "SELECT 'caf\xc3\xa9'"),
                                          row("201", "1764000000000001", "web", "idle", "SELECT 2"),
                                          row("203", "1764000000000009", "web", "active", "UPDATE t SET x = 1"),
                                          row("204", "1764000000000004", "webx", "idle", "SELECT 1")});
    Snapshot after;
    QVERIFY_OK(activity_query::read(second, 150000, after, &before));
    QCOMPARE(int(after.sessions.size()), 4);
    const Session &cafe = after.sessions[0], &web = after.sessions[1], &reused = after.sessions[2], &fresh = after.sessions[3];
    const auto shared = [](const QString &a, const QString &b) { return a.constData() == b.constData(); };
    // Unchanged texts of the same backend are the last poll's strings, not copies.
    QCOMPARE(cafe.application, QStringLiteral(u"café"));
    QVERIFY(shared(cafe.application, before.sessions[1].application));
    QVERIFY(shared(cafe.query, before.sessions[1].query));
    QVERIFY(shared(web.application, before.sessions[0].application));
    QVERIFY(shared(web.state, before.sessions[0].state));
    // Changed texts are read anew, whatever their length.
    QCOMPARE(cafe.state, QStringLiteral("active"));
    QCOMPARE(web.query, QStringLiteral("SELECT 2"));
    QVERIFY(!shared(web.query, before.sessions[0].query));
    // A reused pid is another backend: nothing of the old one is taken, though equal.
    QCOMPARE(reused.query, QStringLiteral("UPDATE t SET x = 1"));
    QVERIFY(!shared(reused.query, before.sessions[2].query));
    QCOMPARE(fresh.application, QStringLiteral("webx"));
    QCOMPARE(fresh.query, QStringLiteral("SELECT 1"));
    // Nulls stay null.
    QVERIFY(web.clientAddress.isNull());
    // A text equal to the session's before it in the same poll is that session's string
    // (in the first poll too): a database, a role, a type, a state; not when it differs.
    QVERIFY(shared(before.sessions[1].database, before.sessions[0].database));
    QVERIFY(shared(before.sessions[2].user, before.sessions[1].user));
    QVERIFY(shared(before.sessions[2].backendType, before.sessions[0].backendType));
    QVERIFY(shared(before.sessions[1].state, before.sessions[0].state));
    QCOMPARE(before.sessions[2].state, QStringLiteral("active"));
    QVERIFY(shared(fresh.database, reused.database));
    QVERIFY(!shared(fresh.application, reused.application));

    // "cafÃ©" is five UTF-16 units and "café" five UTF-8 bytes: equal lengths, other texts.
    const pg::Result mojibake = fakeResult({row("201", "1764000000000001", "caf\xc3\x83\xc2\xa9", "idle", "SELECT 2")});
    Snapshot third;
    QVERIFY_OK(activity_query::read(mojibake, 150000, third));
    QCOMPARE(third.sessions[0].application.size(), 5);
    const pg::Result fixed = fakeResult({row("201", "1764000000000001", "caf\xc3\xa9", "idle", "SELECT 2")});
    Snapshot fourth;
    QVERIFY_OK(activity_query::read(fixed, 150000, fourth, &third));
    QCOMPARE(fourth.sessions[0].application, QStringLiteral(u"café"));
    // The same past 32 characters, where texts are compared many units at a time.
    const QByteArray longMojibake = QByteArray(30, 'x') + "caf\xc3\x83\xc2\xa9", longFixed = QByteArray(30, 'x') + "caf\xc3\xa9";
    const pg::Result longer = fakeResult({row("201", "1764000000000001", longMojibake.constData(), "idle", "SELECT 2")});
    Snapshot fifth, sixth;
    QVERIFY_OK(activity_query::read(longer, 150000, fifth));
    QCOMPARE(fifth.sessions[0].application.size(), 35);
    const pg::Result longerFixed = fakeResult({row("201", "1764000000000001", longFixed.constData(), "idle", "SELECT 2")});
    QVERIFY_OK(activity_query::read(longerFixed, 150000, sixth, &fifth));
    QCOMPARE(sixth.sessions[0].application, QString(30, QLatin1Char('x')) + QStringLiteral(u"café"));
}

void TestActivityQuery::unchangedSessionsAreTakenFromTheLastPoll()
{
    auto row = [](const char *pid, const char *start, const char *state, const char *query) {
        return std::vector<const char *>{pid, start, "5", "shop", "alice", "web", "10.0.0.7", nullptr, "40000", "client backend", state,
                                         "Client", "ClientRead", state[0] == 'i' && state[4] == ' ' ? "1764000001000000" : nullptr,
                                         "1764000002000000", "1764000003000000", nullptr, query, nullptr, "77", "f", nullptr, nullptr, nullptr};
    };
    // The server's row: the unchanged sessions' pids and the sum of their backend starts
    // (each modulo activity_query::kStartsModulus), as text.
    const auto sumOf = [](std::initializer_list<qint64> starts) {
        qint64 sum = 0;
        for (const qint64 start : starts)
            sum += start % activity_query::kStartsModulus;
        return QByteArray::number(sum);
    };
    auto server = [](const char *pids, const char *starts) {
        return std::vector<const char *>{nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                         nullptr, nullptr, nullptr, nullptr, nullptr, pids, starts, nullptr, nullptr, "f",
                                         "1764000010000000", "f", nullptr};
    };
    const pg::Result whole = fakeResult({row("201", "1764000000000001", "idle", "SELECT 1"),
                                         row("202", "1764000000000002", "idle in transaction", "SELECT 2"),
                                         row("203", "1764000000000003", "active", "SELECT 3"), server(nullptr, nullptr)});
    Snapshot before;
    before.server = 4;
    before.sequence = 41;
    QVERIFY_OK(activity_query::read(whole, 150000, before));
    QCOMPARE(int(before.sessions.size()), 3);
    QCOMPARE(before.unchangedFrom, quint64(0)); // none copied
    // Read whole again, as it was: each session is the last poll's, shared, not a copy.
    {
        Snapshot same;
        same.server = 4;
        QVERIFY_OK(activity_query::read(whole, 150000, same, &before));
        for (size_t i = 0; i < 3; ++i)
            QCOMPARE(&same.sessions[i], &before.sessions[i]);
        // Not so for a session changed since (here its client's port, and its query).
        Snapshot other = before;
        other.sessions.edit(2).clientPort = 40001;
        other.sessions.edit(1).query = QStringLiteral("SELECT 'other'");
        Snapshot changed;
        changed.server = 4;
        QVERIFY_OK(activity_query::read(whole, 150000, changed, &other));
        QCOMPARE(&changed.sessions[0], &other.sessions[0]);
        QVERIFY(&changed.sessions[1] != &other.sessions[1]);
        QVERIFY(&changed.sessions[2] != &other.sessions[2]);
        QCOMPARE(changed.sessions[1].query, QStringLiteral("SELECT 2"));
        QCOMPARE(changed.sessions[2].clientPort, 40000);
    }

    // The next poll sends 203 whole and 201, 202 as unchanged.
    const QByteArray bothStarts = sumOf({1764000000000002, 1764000000000001});
    const pg::Result partial = fakeResult({row("203", "1764000000000003", "active", "SELECT 33"), server("{202,201}", bothStarts.constData())});
    Snapshot after;
    after.server = 4;
    QVERIFY_OK(activity_query::read(partial, 150000, after, &before));
    QCOMPARE(int(after.sessions.size()), 3);
    QCOMPARE(after.unchangedSessions, 2);
    QCOMPARE(after.unchangedFrom, quint64(41)); // copied from that poll
    QCOMPARE(after.serverTime, qint64(1764000010000000));
    QCOMPARE(after.sessions[0].query, QStringLiteral("SELECT 33"));
    // The unchanged ones are the last poll's, every field, in the order the server sent.
    const Session &inTransaction = after.sessions[1], &idle = after.sessions[2];
    QCOMPARE(inTransaction.key, (SessionKey{4, 202, 1764000000000002}));
    QCOMPARE(inTransaction.state, QStringLiteral("idle in transaction"));
    QCOMPARE(inTransaction.xactStart, qint64(1764000001000000));
    QCOMPARE(inTransaction.query, QStringLiteral("SELECT 2"));
    QCOMPARE(idle.key, (SessionKey{4, 201, 1764000000000001}));
    QCOMPARE(idle.user, QStringLiteral("alice"));
    QCOMPARE(idle.database, QStringLiteral("shop"));
    QCOMPARE(idle.databaseOid, quint32(5));
    QCOMPARE(idle.clientAddress, QStringLiteral("10.0.0.7"));
    QCOMPARE(idle.clientPort, 40000);
    QCOMPARE(idle.waitEvent, QStringLiteral("ClientRead"));
    QCOMPARE(idle.stateChange, qint64(1764000003000000));
    QCOMPARE(idle.queryId, qint64(77));
    QCOMPARE(idle.query, QStringLiteral("SELECT 1"));
    QCOMPARE(idle.xactStart, kNoTime);
    // Not copies: the last poll's sessions themselves, shared.
    QCOMPARE(&inTransaction, &before.sessions[1]);
    QCOMPARE(&idle, &before.sessions[0]);

    // One of them now known as this application's own: it says so, and the copies are
    // not said to be as the last poll had them (a model compares them).
    {
        const OwnBackends::Registration mine(201, 1764000000000001);
        Snapshot again;
        again.server = 4;
        QVERIFY_OK(activity_query::read(partial, 150000, again, &before));
        QVERIFY(again.sessions[2].own);
        QCOMPARE(again.unchangedFrom, quint64(0));
        // Made this poll's own before the change: the last poll's session is as it was.
        QVERIFY(&again.sessions[2] != &before.sessions[0]);
        QVERIFY(!before.sessions[0].own);
        QCOMPARE(&again.sessions[1], &before.sessions[1]); // (the other one still shared)
    }

    // A session called unchanged that the last poll did not see, or saw otherwise: an
    // error (the worker then reads every session whole), never a guess.
    const auto refused = [&](const char *pids, const QByteArray &starts, const Snapshot *last, const char *said) {
        Snapshot next;
        const Error error = activity_query::read(fakeResult({server(pids, starts.isNull() ? nullptr : starts.constData())}), 150000, next, last);
        return error && error.message().contains(QLatin1String(said));
    };
    const QByteArray start201 = sumOf({1764000000000001});
    QVERIFY(refused("{201,999}", sumOf({1764000000000001, 1764000000000999}), &after, "999")); // not seen
    QVERIFY(refused("{201}", sumOf({1764000000000777}), &after, "not all of them are the backends")); // pid 201 is another backend now
    QVERIFY(refused("{203}", sumOf({1764000000000003}), &after, "203"));                 // seen active
    QVERIFY(refused("{201}", QByteArray(), &after, "not all of them are the backends"));  // no sum of starts
    QVERIFY(refused("{202,201}", sumOf({1764000000000002, 1764000000000777}), &after, "2 session(s)")); // one of two another backend
    QVERIFY(refused("{201}", start201, nullptr, "201"));                                 // no last poll at all
    // Seen hidden (another role's, before this role was granted pg_read_all_stats).
    Snapshot hidden = after;
    hidden.sessions.edit(2).query = QStringLiteral("<insufficient privilege>");
    hidden.sessions.edit(2).state.clear();
    QVERIFY(refused("{201}", start201, &hidden, "201"));
    QVERIFY(!refused("{201}", start201, &after, "201")); // as it was: taken
    Snapshot taken;
    QVERIFY_OK(activity_query::read(fakeResult({server("{201}", start201.constData())}), 150000, taken, &after));
    QCOMPARE(taken.sessions.size(), size_t(1));
    QCOMPARE(taken.sessions[0].key.backendStart, qint64(1764000000000001));
}

void TestActivityQuery::runningStatementsTravelWithoutWhatTheirStartSet()
{
    const QByteArray longQuery = "SELECT count(*) FROM orders o JOIN lines l USING (order_id) /* " + QByteArray(2000, 'x') + " */";
    const std::vector<const char *> serverRow{nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                              nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "f",
                                              "1764000010000000", "f", nullptr};
    const pg::Result whole = fakeResult({{"301", "1764000000000001", "5", "shop", "alice", "report", "10.0.0.7", "w7", "40000", "client backend",
                                          "active", "IO", "DataFileRead", "1764000001000000", "1764000002000000", "1764000002000000", nullptr,
                                          longQuery.constData(), nullptr, "77", "f", nullptr, nullptr, nullptr},
                                         {"302", "1764000000000002", "5", "shop", "bob", "web", nullptr, nullptr, "-1", "client backend", "idle",
                                          "Client", "ClientRead", nullptr, "1764000002000000", "1764000003000000", nullptr, "SELECT 1", nullptr,
                                          nullptr, "f", nullptr, nullptr, nullptr},
                                         serverRow});
    Snapshot before;
    before.server = 4;
    QVERIFY_OK(activity_query::read(whole, 150000, before));
    QCOMPARE(before.sessions[0].query, QString::fromLatin1(longQuery));

    // Still running at the next poll, which sends only what can change while it runs: now
    // waiting on a lock held by 302, in a transaction begun anew (a procedure committed),
    // under another application name, a parallel group's leader.
    const auto running = [&](const char *pid, const char *start, const char *stateChange = "1764000002000000") {
        return std::vector<const char *>{pid, start, nullptr, nullptr, "alice", "report2", nullptr, nullptr, nullptr, nullptr, nullptr,
                                         "Lock", "transactionid", "1764000005000000", nullptr, stateChange, "{302}", nullptr, pid, "78", "f",
                                         nullptr, nullptr, nullptr, "t"};
    };
    Snapshot after;
    after.server = 4;
    QVERIFY_OK(activity_query::read(fakeResult({running("301", "1764000000000001"), serverRow}), 150000, after, &before));
    QCOMPARE(int(after.sessions.size()), 1);
    QCOMPARE(after.unchangedSessions, 0); // (not copied whole: its waits are this poll's)
    QCOMPARE(after.runningOnSessions, 1);
    QCOMPARE(before.runningOnSessions, 0);
    const Session &now = after.sessions[0];
    QCOMPARE(now.key, (SessionKey{4, 301, 1764000000000001}));
    // What its start set, as the last poll read it.
    QCOMPARE(now.query, QString::fromLatin1(longQuery));
    QCOMPARE(now.state, QStringLiteral("active"));
    QCOMPARE(now.queryStart, qint64(1764000002000000));
    QCOMPARE(now.stateChange, qint64(1764000002000000));
    QCOMPARE(now.database, QStringLiteral("shop"));
    QCOMPARE(now.databaseOid, quint32(5));
    QCOMPARE(now.user, QStringLiteral("alice"));
    QCOMPARE(now.clientAddress, QStringLiteral("10.0.0.7"));
    QCOMPARE(now.clientHostname, QStringLiteral("w7"));
    QCOMPARE(now.clientPort, 40000);
    QCOMPARE(now.backendType, QStringLiteral("client backend"));
    // What can change while it runs, as this poll read it.
    QCOMPARE(now.application, QStringLiteral("report2"));
    QCOMPARE(now.waitEventType, QStringLiteral("Lock"));
    QCOMPARE(now.waitEvent, QStringLiteral("transactionid"));
    QCOMPARE(now.xactStart, qint64(1764000005000000));
    QCOMPARE(now.blockedBy, (QVector<int>{302}));
    QCOMPARE(now.leaderPid, 301);
    QCOMPARE(now.queryId, qint64(78));
    // The last poll's session is as that poll read it (changed here, copied first).
    QVERIFY(&now != &before.sessions[0]);
    QCOMPARE(before.sessions[0].application, QStringLiteral("report"));
    QVERIFY(before.sessions[0].blockedBy.isEmpty());
    // Running on as it was: the same session, shared, not a copy.
    Snapshot same;
    same.server = 4;
    QVERIFY_OK(activity_query::read(fakeResult({running("301", "1764000000000001"), serverRow}), 150000, same, &after));
    QCOMPARE(&same.sessions[0], &now);
    QCOMPARE(same.runningOnSessions, 1);
    // Its role renamed meanwhile: the new name, in a copy.
    {
        std::vector<const char *> renamed = running("301", "1764000000000001");
        renamed[4] = "alicia";
        Snapshot next;
        next.server = 4;
        QVERIFY_OK(activity_query::read(fakeResult({renamed, serverRow}), 150000, next, &after));
        QCOMPARE(next.sessions[0].user, QStringLiteral("alicia"));
        QCOMPARE(now.user, QStringLiteral("alice"));
        QCOMPARE(next.sessions[0].query, QString::fromLatin1(longQuery));
    }
    // Now known as this application's own: said so, in a copy.
    {
        const OwnBackends::Registration mine(301, 1764000000000001);
        Snapshot next;
        next.server = 4;
        QVERIFY_OK(activity_query::read(fakeResult({running("301", "1764000000000001"), serverRow}), 150000, next, &after));
        QVERIFY(next.sessions[0].own);
        QVERIFY(!now.own);
        QVERIFY(&next.sessions[0] != &now);
    }
    // And back: no longer waiting, no longer a leader, no query id.
    std::vector<const char *> calm = running("301", "1764000000000001");
    calm[11] = calm[12] = calm[16] = calm[18] = calm[19] = nullptr;
    Snapshot later;
    later.server = 4;
    QVERIFY_OK(activity_query::read(fakeResult({calm, serverRow}), 150000, later, &after));
    QVERIFY(later.sessions[0].blockedBy.isEmpty());
    QVERIFY(later.sessions[0].waitEventType.isNull());
    QCOMPARE(later.sessions[0].leaderPid, 0);
    QVERIFY(!later.sessions[0].hasQueryId);
    QCOMPARE(later.sessions[0].query, QString::fromLatin1(longQuery));

    // A running statement the last poll did not see running: an error (the worker then
    // reads every session whole), never a guess.
    const auto refused = [&](const std::vector<const char *> &row, const Snapshot *last, const char *pid) {
        Snapshot next;
        const Error error = activity_query::read(fakeResult({row, serverRow}), 150000, next, last);
        return error && error.message().contains(QLatin1String(pid));
    };
    QVERIFY(refused(running("303", "1764000000000003"), &before, "303")); // not seen
    QVERIFY(refused(running("301", "1764000000000777"), &before, "301")); // pid 301 is another backend now
    QVERIFY(refused(running("302", "1764000000000002"), &before, "302")); // seen idle
    QVERIFY(refused(running("301", "1764000000000001", "1764000004000000"), &before, "301")); // another statement since
    QVERIFY(refused(running("301", "1764000000000001"), nullptr, "301")); // no last poll at all
    Snapshot hidden = before;
    hidden.sessions.edit(0).query = QStringLiteral("<insufficient privilege>");
    QVERIFY(refused(running("301", "1764000000000001"), &hidden, "301")); // seen hidden
    QVERIFY(!refused(running("301", "1764000000000001"), &before, "301")); // as it was: taken
}

void TestActivityQuery::runningStatementsAsTheLastPollSawThemTravelAsPids()
{
    // Column 25: a running statement's mark; column 26, on the server's row: the pids of the
    // statements running on whose marks matched the ones the poll was given.
    const auto session = [](const char *pid, const char *start, const char *state, const char *waitType, const char *wait, const char *mark) {
        return std::vector<const char *>{pid, start, "5", "shop", "alice", "report", "10.0.0.7", nullptr, "40000", "client backend", state,
                                         waitType, wait, "1764000001000000", "1764000002000000", "1764000002000000", nullptr, "SELECT long()",
                                         nullptr, "77", "f", nullptr, nullptr, nullptr, nullptr, mark};
    };
    const auto server = [](const char *idlePids, const char *idleStarts, const char *still) {
        return std::vector<const char *>{nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                         nullptr, nullptr, nullptr, nullptr, nullptr, idlePids, idleStarts, nullptr, nullptr, "f",
                                         "1764000010000000", "f", nullptr, nullptr, nullptr, still};
    };
    // Read whole: two statements running (their marks, given in the server's order, kept by
    // pid), one idle session (no mark).
    const pg::Result whole = fakeResult({session("305", "1764000000000005", "active", "IO", "DataFileRead", "-9000000000000000005"),
                                         session("301", "1764000000000001", "active", nullptr, nullptr, "1234567890123"),
                                         session("302", "1764000000000002", "idle", "Client", "ClientRead", nullptr), server(nullptr, nullptr, nullptr)});
    Snapshot before;
    before.server = 4;
    before.sequence = 51;
    QVERIFY_OK(activity_query::read(whole, 150000, before));
    QCOMPARE(int(before.runningMarks.size()), 2);
    QCOMPARE(before.runningMarks[0].pid, 301);
    QCOMPARE(before.runningMarks[0].mark, qint64(1234567890123));
    QCOMPARE(before.runningMarks[1].pid, 305);
    QCOMPARE(before.runningMarks[1].mark, qint64(-9000000000000000005));
    QCOMPARE(before.stillRunningSessions, 0);
    // The next poll is given them back, as arrays, with the time for the idle sessions.
    QCOMPARE(activity_query::partialParameters(1764000008000000, &before),
             (QList<QByteArray>{"1764000008000000", "{301,305}", "{1234567890123,-9000000000000000005}"}));
    QCOMPARE(activity_query::partialParameters(1764000008000000, nullptr), (QList<QByteArray>{"1764000008000000", "{}", "{}"}));
    const QList<QByteArray> wholeAgain = activity_query::partialParameters(kNoTime, &before);
    QCOMPARE(wholeAgain.size(), 3);
    for (const QByteArray &parameter : wholeAgain)
        QVERIFY(parameter.isNull()); // SQL NULL: every session whole

    // 305 still as it was, and 302 idle: both as their pids. 301 sent running on, now
    // waiting on I/O (a new mark).
    const QByteArray idleStart = QByteArray::number(1764000000000002 % activity_query::kStartsModulus);
    std::vector<const char *> moved{"301", "1764000000000001", nullptr, nullptr, "alice", "report", nullptr, nullptr, nullptr, nullptr, nullptr,
                                    "IO", "DataFileRead", "1764000001000000", nullptr, "1764000002000000", nullptr, nullptr, nullptr, "77", "f",
                                    nullptr, nullptr, nullptr, "t", "42"};
    const pg::Result partial = fakeResult({moved, server("{302}", idleStart.constData(), "{305}")});
    Snapshot after;
    after.server = 4;
    after.sequence = 52;
    QVERIFY_OK(activity_query::read(partial, 150000, after, &before));
    QCOMPARE(int(after.sessions.size()), 3);
    // In that order: sent running on, then as unchanged the statement, then the idle one.
    QCOMPARE(after.sessions[0].key.pid, 301);
    QCOMPARE(after.sessions[0].waitEvent, QStringLiteral("DataFileRead"));
    QCOMPARE(after.sessions[0].query, QStringLiteral("SELECT long()"));
    QCOMPARE(&after.sessions[1], &before.sessions[0]); // 305: the last poll's, shared
    QCOMPARE(after.sessions[1].waitEvent, QStringLiteral("DataFileRead"));
    QCOMPARE(after.sessions[1].query, QStringLiteral("SELECT long()"));
    QCOMPARE(&after.sessions[2], &before.sessions[2]); // 302
    QCOMPARE(after.runningOnSessions, 1);
    QCOMPARE(after.unchangedSessions, 2);
    QCOMPARE(after.stillRunningSessions, 1);
    QCOMPARE(after.unchangedFrom, quint64(51)); // a model that applied poll 51 holds both
    // The marks for the poll after: 301's new one, 305's kept.
    QCOMPARE(activity_query::partialParameters(1764000009000000, &after),
             (QList<QByteArray>{"1764000009000000", "{301,305}", "{42,-9000000000000000005}"}));

    // Now known as this application's own: said so, in a copy, and the model told to compare.
    {
        const OwnBackends::Registration mine(305, 1764000000000005);
        Snapshot again;
        again.server = 4;
        QVERIFY_OK(activity_query::read(partial, 150000, again, &before));
        QVERIFY(again.sessions[1].own);
        QVERIFY(&again.sessions[1] != &before.sessions[0]);
        QVERIFY(!before.sessions[0].own);
        QCOMPARE(again.unchangedFrom, quint64(0));
    }

    // A statement called as it was that the last poll did not see running with a mark: an
    // error (the worker then reads every session whole), never a guess.
    const auto refused = [&](const char *still, const Snapshot *last, const char *pid) {
        Snapshot next;
        const Error error = activity_query::read(fakeResult({server(nullptr, nullptr, still)}), 150000, next, last);
        return error && error.message().contains(QLatin1String(pid));
    };
    QVERIFY(refused("{309}", &before, "309")); // not seen
    QVERIFY(refused("{302}", &before, "302")); // seen idle
    QVERIFY(refused("{305}", nullptr, "305")); // no last poll at all
    Snapshot unmarked = before;
    unmarked.runningMarks.erase(unmarked.runningMarks.begin() + 1);
    QVERIFY(refused("{305}", &unmarked, "305")); // seen running, without a mark
    Snapshot hidden = before;
    hidden.sessions.edit(0).query = QStringLiteral("<insufficient privilege>");
    QVERIFY(refused("{305}", &hidden, "305")); // seen hidden
    QVERIFY(!refused("{305}", &before, "305")); // as it was: taken
}

void TestActivityQuery::numberArraysAreWrittenWhole()
{
    const auto same = [](auto n) { return n; };
    QCOMPARE(sql_text::numberArray(std::vector<int>{}, same), QByteArray("{}"));
    QCOMPARE(sql_text::numberArray(std::vector<int>{42}, same), QByteArray("{42}"));
    // The longest numbers there are, each in full.
    QCOMPARE(sql_text::numberArray(std::vector<qint64>{0, -1, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()}, same),
             QByteArray("{0,-1,-9223372036854775808,9223372036854775807}"));
    // Items that do not say how many they are (a hash's keys and values): counted first.
    QHash<int, int> byPid{{7, 1}};
    QCOMPARE(sql_text::numberArray(std::as_const(byPid).asKeyValueRange(), [](const auto &entry) { return entry.first * 10 + entry.second; }),
             QByteArray("{71}"));
}

QTEST_GUILESS_MAIN(TestActivityQuery)
#include "tst_activity_query.moc"
