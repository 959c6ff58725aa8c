// SPDX-License-Identifier: GPL-3.0-or-later
// What the journal's records leave to restore: kill-alls and server-wide kills that
// blocked (or were about to block) databases and did not give them back.
#include "actions/journal_recovery.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

namespace {

QJsonObject start(const QString &action, const QString &kind, const QString &database = {}, bool keepBlocked = false)
{
    return {{QStringLiteral("record"), QStringLiteral("start")}, {QStringLiteral("action"), action}, {QStringLiteral("kind"), kind},
            {QStringLiteral("database"), database}, {QStringLiteral("block_new_connections"), true},
            {QStringLiteral("keep_blocked"), keepBlocked}, {QStringLiteral("server_key"), QStringLiteral("profile:1")},
            {QStringLiteral("server"), QStringLiteral("prod")}};
}

QJsonObject step(const QString &action, const QString &name, const QString &database, const QString &restores = {})
{
    QJsonObject o{{QStringLiteral("record"), QStringLiteral("step")}, {QStringLiteral("action"), action}, {QStringLiteral("step"), name},
                  {QStringLiteral("database"), database}, {QStringLiteral("time"), QStringLiteral("2026-11-29T10:00:00.000Z")}};
    if (!restores.isEmpty())
        o.insert(QStringLiteral("restores"), restores);
    return o;
}

// A kill-all that also shuts the pooler "bouncer" (profile:2) out, as the app journals it.
QJsonObject startAlsoAtPooler(const QString &action, bool keepBlocked = false)
{
    QJsonObject o = start(action, QStringLiteral("kill all"), QStringLiteral("appdb"), keepBlocked);
    o.insert(QStringLiteral("also_at_pooler"), QJsonObject{{QStringLiteral("pooler"), QStringLiteral("bouncer")},
                                                           {QStringLiteral("server_key"), QStringLiteral("profile:2")},
                                                           {QStringLiteral("databases"), QJsonArray{QStringLiteral("appdb"), QStringLiteral("appdb_tx")}}});
    return o;
}

QJsonObject poolerEnabled(const QString &action, const QStringList &databases, const QString &restores = {})
{
    QJsonObject o = step(action, QStringLiteral("pooler enabled"), {}, restores);
    o.remove(QStringLiteral("database"));
    o.insert(QStringLiteral("databases"), QJsonArray::fromStringList(databases));
    return o;
}

QStringList offers(const std::vector<QJsonObject> &records)
{
    QStringList out;
    for (const UnfinishedBlock &b : unfinishedBlocks(records))
        out << b.action + QLatin1Char('=') + b.database;
    return out;
}

} // namespace

class TestJournalRecovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aKillAllCutOffRightAfterItsAlterIsOffered()
    {
        // "blocking" is all a crash between the ALTER and its "blocked" record leaves.
        QCOMPARE(offers({start(QStringLiteral("a"), QStringLiteral("kill all"), QStringLiteral("games")),
                         step(QStringLiteral("a"), QStringLiteral("blocking"), QStringLiteral("games"))}),
                 QStringList{QStringLiteral("a=games")});
    }
    void aFinishedKillAllIsNot()
    {
        QCOMPARE(offers({start(QStringLiteral("a"), QStringLiteral("kill all"), QStringLiteral("games")),
                         step(QStringLiteral("a"), QStringLiteral("blocking"), QStringLiteral("games")),
                         step(QStringLiteral("a"), QStringLiteral("blocked"), QStringLiteral("games")),
                         step(QStringLiteral("a"), QStringLiteral("allowed"), QStringLiteral("games"))}),
                 QStringList());
        // Kept blocked on purpose: nothing to offer.
        QCOMPARE(offers({start(QStringLiteral("b"), QStringLiteral("kill all"), QStringLiteral("games"), true),
                         step(QStringLiteral("b"), QStringLiteral("blocked"), QStringLiteral("games"))}),
                 QStringList());
    }
    void aServerWideKillIsOfferedPerDatabase()
    {
        std::vector<QJsonObject> records{start(QStringLiteral("s"), QStringLiteral("kill server")),
                                         step(QStringLiteral("s"), QStringLiteral("blocking"), QStringLiteral("games")),
                                         step(QStringLiteral("s"), QStringLiteral("blocked"), QStringLiteral("games")),
                                         step(QStringLiteral("s"), QStringLiteral("blocking"), QStringLiteral("shop")),
                                         step(QStringLiteral("s"), QStringLiteral("blocked"), QStringLiteral("shop")),
                                         step(QStringLiteral("s"), QStringLiteral("blocking"), QStringLiteral("web")),
                                         step(QStringLiteral("s"), QStringLiteral("allowed"), QStringLiteral("games"))};
        // In the order the kill blocked them.
        QCOMPARE(offers(records), (QStringList{QStringLiteral("s#shop=shop"), QStringLiteral("s#web=web")}));
        // Restored from an offer, or dismissed: settled, each on its own.
        records.push_back(step(QStringLiteral("r"), QStringLiteral("allowed"), QStringLiteral("shop"), QStringLiteral("s#shop")));
        QCOMPARE(offers(records), QStringList{QStringLiteral("s#web=web")});
        records.push_back({{QStringLiteral("record"), QStringLiteral("dismissed")}, {QStringLiteral("action"), QStringLiteral("s#web")}});
        QCOMPARE(offers(records), QStringList());
    }
    // Many databases: offered in the order the kill blocked them, not by name, nor by chance.
    void aServerWideKillsOffersComeInTheOrderItBlocked()
    {
        std::vector<QJsonObject> records{start(QStringLiteral("s"), QStringLiteral("kill server"))};
        const QStringList blocked{QStringLiteral("zoo"), QStringLiteral("yak"), QStringLiteral("xen"),
                                  QStringLiteral("web"), QStringLiteral("val"), QStringLiteral("urn")};
        QStringList expected;
        for (const QString &database : blocked) {
            records.push_back(step(QStringLiteral("s"), QStringLiteral("blocking"), database));
            records.push_back(step(QStringLiteral("s"), QStringLiteral("blocked"), database));
            expected << QStringLiteral("s#%1=%1").arg(database);
        }
        QCOMPARE(offers(records), expected);
    }
    void theOfferCarriesTheServerAndTheTime()
    {
        const std::vector<UnfinishedBlock> blocks = unfinishedBlocks({start(QStringLiteral("s"), QStringLiteral("kill server")),
                                                                      step(QStringLiteral("s"), QStringLiteral("blocked"), QStringLiteral("games"))});
        QCOMPARE(blocks.size(), size_t(1));
        QCOMPARE(blocks[0].serverKey, QStringLiteral("profile:1"));
        QCOMPARE(blocks[0].serverName, QStringLiteral("prod"));
        QCOMPARE(blocks[0].what, QStringLiteral("kill server"));
        QCOMPARE(blocks[0].since, QDateTime(QDate(2026, 11, 29), QTime(10, 0), Qt::UTC));
        QVERIFY(!blocks[0].atPooler);
    }
    // A kill-all cut off after the pooler's DISABLE (journaled before it) leaves each pooler
    // database it shut out to be let in again, on the pooler, beside the server's block.
    void thePoolerDatabasesAKillAllShutOutAreOffered()
    {
        std::vector<QJsonObject> records{startAlsoAtPooler(QStringLiteral("a")),
                                         step(QStringLiteral("a"), QStringLiteral("pooler disabling"), QStringLiteral("appdb")),
                                         step(QStringLiteral("a"), QStringLiteral("pooler disabling"), QStringLiteral("appdb_tx")),
                                         step(QStringLiteral("a"), QStringLiteral("blocking"), QStringLiteral("appdb"))};
        QCOMPARE(offers(records), (QStringList{QStringLiteral("a=appdb"), QStringLiteral("a#pooler:appdb=appdb"),
                                               QStringLiteral("a#pooler:appdb_tx=appdb_tx")}));
        const std::vector<UnfinishedBlock> blocks = unfinishedBlocks(records);
        QVERIFY(!blocks[0].atPooler);
        QCOMPARE(blocks[0].serverKey, QStringLiteral("profile:1"));
        QVERIFY(blocks[1].atPooler);
        QCOMPARE(blocks[1].serverKey, QStringLiteral("profile:2"));
        QCOMPARE(blocks[1].serverName, QStringLiteral("bouncer"));
        QCOMPARE(blocks[1].what, QStringLiteral("kill all"));
        QCOMPARE(blocks[1].since, QDateTime(QDate(2026, 11, 29), QTime(10, 0), Qt::UTC));
        // The kill-all ran on the server behind the pooler: its banner shows the pooler's offer.
        QCOMPARE(blocks[1].serverBehind, QStringLiteral("profile:1"));
        QCOMPARE(blocks[1].serverBehindName, QStringLiteral("prod"));
        QVERIFY(blocks[0].serverBehind.isEmpty());
        // One let in again by a restore, the other dismissed; the server's allowed.
        records.push_back(poolerEnabled(QStringLiteral("r"), {QStringLiteral("appdb")}, QStringLiteral("a#pooler:appdb")));
        QCOMPARE(offers(records), (QStringList{QStringLiteral("a=appdb"), QStringLiteral("a#pooler:appdb_tx=appdb_tx")}));
        records.push_back({{QStringLiteral("record"), QStringLiteral("dismissed")}, {QStringLiteral("action"), QStringLiteral("a#pooler:appdb_tx")}});
        records.push_back(step(QStringLiteral("s"), QStringLiteral("allowed"), QStringLiteral("appdb"), QStringLiteral("a")));
        QCOMPARE(offers(records), QStringList());
    }
    void aKillAllThatLetThePoolerInIsNot()
    {
        // Let in by the action itself, after the server's part.
        QCOMPARE(offers({startAlsoAtPooler(QStringLiteral("a")), step(QStringLiteral("a"), QStringLiteral("pooler disabling"), QStringLiteral("appdb")),
                         step(QStringLiteral("a"), QStringLiteral("blocking"), QStringLiteral("appdb")),
                         step(QStringLiteral("a"), QStringLiteral("allowed"), QStringLiteral("appdb")),
                         poolerEnabled(QStringLiteral("a"), {QStringLiteral("appdb")})}),
                 QStringList());
        // Kept blocked on purpose: the pooler stays disabled with the server's database.
        QCOMPARE(offers({startAlsoAtPooler(QStringLiteral("b"), true), step(QStringLiteral("b"), QStringLiteral("pooler disabling"), QStringLiteral("appdb")),
                         step(QStringLiteral("b"), QStringLiteral("blocked"), QStringLiteral("appdb"))}),
                 QStringList());
        // Dropped, or kept blocked as asked: the pooler is kept disabled on purpose.
        QCOMPARE(offers({startAlsoAtPooler(QStringLiteral("d")), step(QStringLiteral("d"), QStringLiteral("pooler disabling"), QStringLiteral("appdb")),
                         step(QStringLiteral("d"), QStringLiteral("blocking"), QStringLiteral("appdb")),
                         step(QStringLiteral("d"), QStringLiteral("dropped"), QStringLiteral("appdb")),
                         [] {
                             QJsonObject kept = poolerEnabled(QStringLiteral("d"), {QStringLiteral("appdb")});
                             kept.insert(QStringLiteral("step"), QStringLiteral("pooler kept disabled"));
                             return kept;
                         }()}),
                 QStringList());
    }
    // A kill-all kept blocked keeps the pooler shut with the server's database only: cut
    // off before it blocked the server, its pooler database is offered.
    void aKeptBlockedKillAllCutOffBeforeTheServerIsOfferedAtThePooler()
    {
        QCOMPARE(offers({startAlsoAtPooler(QStringLiteral("k"), true), step(QStringLiteral("k"), QStringLiteral("pooler disabling"), QStringLiteral("appdb"))}),
                 QStringList{QStringLiteral("k#pooler:appdb=appdb")});
        QCOMPARE(offers({startAlsoAtPooler(QStringLiteral("k"), true), step(QStringLiteral("k"), QStringLiteral("pooler disabling"), QStringLiteral("appdb")),
                         step(QStringLiteral("k"), QStringLiteral("blocking"), QStringLiteral("appdb"))}),
                 QStringList());
    }
    // Earlier versions journaled "pooler disabled" after the DISABLE, and no key of the
    // pooler: the offer names it, for the registry to find it by its name.
    void anEarlierVersionsPoolerStepIsOffered()
    {
        QJsonObject old = startAlsoAtPooler(QStringLiteral("c"));
        old.insert(QStringLiteral("also_at_pooler"), QJsonObject{{QStringLiteral("pooler"), QStringLiteral("bouncer")},
                                                                 {QStringLiteral("databases"), QJsonArray{QStringLiteral("appdb")}}});
        QJsonObject disabled = poolerEnabled(QStringLiteral("c"), {QStringLiteral("appdb")});
        disabled.insert(QStringLiteral("step"), QStringLiteral("pooler disabled"));
        const std::vector<UnfinishedBlock> blocks = unfinishedBlocks({old, disabled});
        QCOMPARE(blocks.size(), size_t(1));
        QVERIFY(blocks[0].atPooler);
        QCOMPARE(blocks[0].action, QStringLiteral("c#pooler:appdb"));
        QCOMPARE(blocks[0].serverName, QStringLiteral("bouncer"));
        QVERIFY(blocks[0].serverKey.isEmpty());
    }
    // Seen letting clients in again (allowed by somebody, a pooler restarted): settled, on
    // the server and at the pooler alike, each offer on its own.
    void anOfferSeenLetInIsSettled()
    {
        std::vector<QJsonObject> records{startAlsoAtPooler(QStringLiteral("a")),
                                         step(QStringLiteral("a"), QStringLiteral("pooler disabling"), QStringLiteral("appdb")),
                                         step(QStringLiteral("a"), QStringLiteral("blocking"), QStringLiteral("appdb"))};
        const auto seen = [](const QString &offer, const QString &database) {
            return QJsonObject{{QStringLiteral("record"), QStringLiteral("seen let in")}, {QStringLiteral("action"), offer},
                               {QStringLiteral("database"), database}};
        };
        records.push_back(seen(QStringLiteral("a#pooler:appdb"), QStringLiteral("appdb")));
        QCOMPARE(offers(records), QStringList{QStringLiteral("a=appdb")});
        records.push_back(seen(QStringLiteral("a"), QStringLiteral("appdb")));
        QCOMPARE(offers(records), QStringList());
        // A server-wide kill's databases, one at a time.
        std::vector<QJsonObject> wide{start(QStringLiteral("s"), QStringLiteral("kill server")),
                                      step(QStringLiteral("s"), QStringLiteral("blocked"), QStringLiteral("games")),
                                      step(QStringLiteral("s"), QStringLiteral("blocked"), QStringLiteral("shop")),
                                      seen(QStringLiteral("s#games"), QStringLiteral("games"))};
        QCOMPARE(offers(wide), QStringList{QStringLiteral("s#shop=shop")});
    }
    // A kill-all on the pooler's own console: its database is offered on the pooler.
    void aPoolerKillAllIsOfferedOnThePooler()
    {
        QJsonObject killAll = start(QStringLiteral("p"), QStringLiteral("pooler kill all"), QStringLiteral("appdb"));
        killAll.insert(QStringLiteral("keep_disabled"), false);
        const std::vector<UnfinishedBlock> blocks =
            unfinishedBlocks({killAll, step(QStringLiteral("p"), QStringLiteral("pooler disabling"), QStringLiteral("appdb"))});
        QCOMPARE(blocks.size(), size_t(1));
        QVERIFY(blocks[0].atPooler);
        QCOMPARE(blocks[0].serverKey, QStringLiteral("profile:1"));
        QCOMPARE(blocks[0].database, QStringLiteral("appdb"));
        QVERIFY(blocks[0].serverBehind.isEmpty()); // run at the pooler itself, on no server behind it
        QVERIFY(blocks[0].serverBehindName.isEmpty());
        killAll.insert(QStringLiteral("keep_disabled"), true);
        QCOMPARE(offers({killAll, step(QStringLiteral("p"), QStringLiteral("pooler disabling"), QStringLiteral("appdb"))}), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestJournalRecovery)
#include "tst_journal_recovery.moc"
