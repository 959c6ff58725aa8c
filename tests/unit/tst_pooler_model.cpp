// SPDX-License-Identifier: GPL-3.0-or-later
// The pooler's table from hand-made admin console answers: columns a version lacks are
// absent, rows keep their identity through polls (under QAbstractItemModelTester), a
// client leads to the backend serving it and back, and aliases map to server databases.
#include "models/pooler_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

namespace {

// SHOW CLIENTS / SHOW SERVERS as PgBouncer 1.18 has them, or 1.24 (application_name, then id).
const QStringList kColumns118{QStringLiteral("type"),        QStringLiteral("user"),         QStringLiteral("database"),   QStringLiteral("state"),
                              QStringLiteral("addr"),        QStringLiteral("port"),         QStringLiteral("local_addr"), QStringLiteral("local_port"),
                              QStringLiteral("connect_time"), QStringLiteral("request_time"), QStringLiteral("wait"),       QStringLiteral("wait_us"),
                              QStringLiteral("close_needed"), QStringLiteral("ptr"),         QStringLiteral("link"),       QStringLiteral("remote_pid"),
                              QStringLiteral("tls"),         QStringLiteral("application_name")};

QStringList client(const QString &ptr, const QString &port, const QString &app, const QString &link = {}, const QString &database = QStringLiteral("shop"))
{
    return {QStringLiteral("C"), QStringLiteral("web"), database, QStringLiteral("active"), QStringLiteral("10.0.0.5"), port,
            QStringLiteral("127.0.0.1"), QStringLiteral("6432"), QStringLiteral("2026-11-29 10:00:00 UTC"), QStringLiteral("2026-11-29 10:00:01 UTC"),
            QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"), ptr, link, QStringLiteral("0"), QString(), app};
}

QStringList server(const QString &ptr, int pid, const QString &link)
{
    return {QStringLiteral("S"), QStringLiteral("web"), QStringLiteral("shop"), QStringLiteral("active"), QStringLiteral("unix"), QStringLiteral("5432"),
            QStringLiteral("unix"), QStringLiteral("6432"), QStringLiteral("2026-11-29 10:00:00 UTC"), QStringLiteral("2026-11-29 10:00:01 UTC"),
            QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"), ptr, link, QString::number(pid), QString(), QStringLiteral("shop-web")};
}

Snapshot poll(std::vector<QStringList> clients, std::vector<QStringList> servers, const QStringList &columns = kColumns118, int version = 11800)
{
    auto state = std::make_shared<PoolerState>();
    state->versionNum = version;
    state->clients.columns = columns;
    state->clients.rows = std::move(clients);
    state->servers.columns = columns;
    state->servers.rows = std::move(servers);
    state->databases.columns = {QStringLiteral("name"), QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("database")};
    state->databases.rows = {{QStringLiteral("shop"), QStringLiteral("db1"), QStringLiteral("5432"), QStringLiteral("shop")},
                             {QStringLiteral("shop_tx"), QStringLiteral("db1"), QStringLiteral("5432"), QStringLiteral("shop")},
                             {QStringLiteral("pgbouncer"), QString(), QStringLiteral("6432"), QStringLiteral("pgbouncer")}};
    Snapshot s;
    s.server = 1;
    s.pooler = std::move(state);
    return s;
}

} // namespace

class TestPoolerModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void columnsAVersionLacksAreAbsent();
    void rowsKeepTheirIdentityThroughPolls();
    void aClientLeadsToItsBackendAndBack();
    void aliasesLeadToTheServersDatabase();
    void versions();
};

void TestPoolerModel::columnsAVersionLacksAreAbsent()
{
    PoolerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScope(1, {});
    model.applySnapshot(poll({client(QStringLiteral("0x1"), QStringLiteral("5001"), QStringLiteral("shop-web"))}, {}));
    QVERIFY(model.columnTitled(QStringLiteral("Application")) >= 0);
    QCOMPARE(model.columnTitled(QStringLiteral("Id")), -1);
    // 1.17 and older: no application_name column; 1.24: an id column at the end.
    QStringList older = kColumns118;
    older.removeLast();
    QStringList row = client(QStringLiteral("0x1"), QStringLiteral("5001"), QString());
    row.removeLast();
    model.applySnapshot(poll({row}, {}, older, 11700));
    QCOMPARE(model.columnTitled(QStringLiteral("Application")), -1);
    QStringList newer = kColumns118;
    newer << QStringLiteral("id");
    QStringList withId = client(QStringLiteral("0x1"), QStringLiteral("5001"), QStringLiteral("shop-web"));
    withId << QStringLiteral("42");
    model.applySnapshot(poll({withId}, {}, newer, 12400));
    QVERIFY(model.columnTitled(QStringLiteral("Id")) >= 0);
    QCOMPARE(model.index(0, 0).data(PoolerModel::ClientIdRole).toString(), QStringLiteral("42"));
    QVERIFY(model.state()->killClientSupported());
}

void TestPoolerModel::rowsKeepTheirIdentityThroughPolls()
{
    PoolerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScope(1, {});
    const auto a = client(QStringLiteral("0x1"), QStringLiteral("5001"), QStringLiteral("a"));
    const auto b = client(QStringLiteral("0x2"), QStringLiteral("5002"), QStringLiteral("b"));
    const auto c = client(QStringLiteral("0x3"), QStringLiteral("5003"), QStringLiteral("c"));
    model.applySnapshot(poll({a, b, c}, {}));
    QCOMPARE(model.rowCount(), 3);
    const QPersistentModelIndex third = model.index(2, 0);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(poll({a, b, c}, {}));
    QCOMPARE(changed.count(), 0);
    // b leaves; c's state changes: one removal, one change, no reset.
    auto busy = c;
    busy[3] = QStringLiteral("waiting");
    model.applySnapshot(poll({a, busy}, {}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(changed.count(), 1);
    QVERIFY(third.isValid());
    QCOMPARE(third.row(), 1);
    QCOMPARE(model.index(1, model.columnTitled(QStringLiteral("State"))).data().toString(), QStringLiteral("waiting"));
    // A new connection that got an old one's ptr (1.18 reuses them at once) is another row.
    model.applySnapshot(poll({a, client(QStringLiteral("0x3"), QStringLiteral("5999"), QStringLiteral("d"))}, {}));
    QVERIFY(!third.isValid());
    // Scoped to one database: only its clients.
    model.applySnapshot(poll({a, client(QStringLiteral("0x9"), QStringLiteral("5009"), QStringLiteral("t"), {}, QStringLiteral("shop_tx"))}, {}));
    model.setScope(1, QStringLiteral("shop_tx"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(PoolerModel::DatabaseRole).toString(), QStringLiteral("shop_tx"));
}

void TestPoolerModel::aClientLeadsToItsBackendAndBack()
{
    PoolerModel model;
    model.setScope(1, {});
    const Snapshot s = poll({client(QStringLiteral("0x1"), QStringLiteral("5001"), QStringLiteral("a"), QStringLiteral("0xs1")),
                             client(QStringLiteral("0x2"), QStringLiteral("5002"), QStringLiteral("b"))},
                            {server(QStringLiteral("0xs1"), 4242, QStringLiteral("0x1")), server(QStringLiteral("0xs2"), 4343, {})});
    model.applySnapshot(s);
    const int backend = model.columnTitled(QStringLiteral("Backend PID"));
    QCOMPARE(model.index(0, backend).data().toString(), QStringLiteral("4242"));
    QCOMPARE(model.index(1, backend).data().toString(), QString()); // not in a transaction: no server now
    QCOMPARE(s.pooler->serverOfBackend(4242), 0);
    QCOMPARE(s.pooler->clientOfServer(0), 0);
    QCOMPARE(s.pooler->clientOfServer(1), -1);
    QCOMPARE(PoolerModel::describeClient(*s.pooler, 0), QStringLiteral("web@10.0.0.5:5001 · a"));
    model.setRows(PoolerModel::Rows::Servers);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, model.columnTitled(QStringLiteral("Serving client"))).data().toString(), QStringLiteral("web@10.0.0.5:5001 · a"));
    QCOMPARE(model.index(0, 0).data(PoolerModel::BackendPidRole).toInt(), 4242);
}

void TestPoolerModel::aliasesLeadToTheServersDatabase()
{
    const Snapshot s = poll({}, {});
    QCOMPARE(s.pooler->aliasesOf(QStringLiteral("shop")), (QStringList{QStringLiteral("shop"), QStringLiteral("shop_tx")}));
    QVERIFY(s.pooler->aliasesOf(QStringLiteral("pgbouncer")).isEmpty()); // the admin database is nobody's alias
}

void TestPoolerModel::versions()
{
    QCOMPARE(PoolerState::parseVersion(QStringLiteral("1.18.0")), 11800);
    QCOMPARE(PoolerState::parseVersion(QStringLiteral("1.18.0/bouncer")), 11800);
    QCOMPARE(PoolerState::parseVersion(QStringLiteral("1.25.2")), 12502);
    QCOMPARE(PoolerState::parseVersion(QStringLiteral("odd")), 0);
}

QTEST_GUILESS_MAIN(TestPoolerModel)
#include "tst_pooler_model.moc"
