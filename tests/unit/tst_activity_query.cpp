// SPDX-License-Identifier: GPL-3.0-or-later
#include "activity_query.h"
#include "app_identity.h"
#include "pg_handles.h"

#include <QtTest>

namespace {

// A result shaped like the poll's, built without a server.
pg::Result fakeResult(const std::vector<std::vector<const char *>> &rows)
{
    pg::Result result(PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK));
    const int columns = 23;
    std::vector<PGresAttDesc> attrs(columns);
    std::vector<QByteArray> names;
    for (int c = 0; c < columns; ++c) {
        names.push_back("c" + QByteArray::number(c));
        attrs[size_t(c)] = PGresAttDesc{names.back().data(), 0, 0, 0, 25, -1, -1};
    }
    PQsetResultAttrs(result.get(), columns, attrs.data());
    for (int r = 0; r < int(rows.size()); ++r) {
        for (int c = 0; c < columns; ++c) {
            const char *v = rows[size_t(r)][size_t(c)];
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
    void rejectsAnUnexpectedShape();
    void ownNamesBelongToThisProcess();
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
         "1764000010000000", nullptr},
        {"102", "1764000000000001", "5", "shop", "web", otherInstance.constData(), "10.0.0.7", "web7", "40000", "client backend", "active", "Lock",
         "transactionid", "1764000001000000", "1764000002000000", "1764000003000000", "{101,99}", "UPDATE t\nSET x = 1", "0",
         "-42", "f", "1764000010000000", nullptr},
        {"103", "1764000000000002", nullptr, nullptr, nullptr, "", nullptr, nullptr, nullptr, "autovacuum launcher", nullptr,
         "Activity", "AutoVacuumMain", nullptr, nullptr, nullptr, nullptr, "", nullptr, nullptr, "f", "1764000010000000", nullptr},
        {nullptr, nullptr, "16384", "shop", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
         nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "f", nullptr, "f"},
    });
    Snapshot snap;
    snap.server = 3;
    QString error;
    QVERIFY2(activity_query::read(result.get(), 180000, snap, &error), qPrintable(error));
    QCOMPARE(int(snap.sessions.size()), 3);
    QCOMPARE(int(snap.databases.size()), 1);
    QCOMPARE(snap.databases[0].name, QStringLiteral("shop"));
    QCOMPARE(snap.databases[0].oid, quint32(16384));
    QVERIFY(!snap.databases[0].allowConnections);
    QCOMPARE(snap.ownPid, 101);
    QCOMPARE(snap.serverTime, qint64(1764000010000000));
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

void TestActivityQuery::rejectsAnUnexpectedShape()
{
    pg::Result result(PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK));
    Snapshot snap;
    QString error;
    QVERIFY(!activity_query::read(result.get(), 150000, snap, &error));
    QVERIFY(error.contains(QLatin1String("columns")));
}

QTEST_GUILESS_MAIN(TestActivityQuery)
#include "tst_activity_query.moc"
