// SPDX-License-Identifier: GPL-3.0-or-later
// What the journal's records leave to restore: kill-alls and server-wide kills that
// blocked (or were about to block) databases and did not give them back.
#include "actions/journal_recovery.h"

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
        QStringList found = offers(records);
        found.sort();
        QCOMPARE(found, (QStringList{QStringLiteral("s#shop=shop"), QStringLiteral("s#web=web")}));
        // Restored from an offer, or dismissed: settled, each on its own.
        records.push_back(step(QStringLiteral("r"), QStringLiteral("allowed"), QStringLiteral("shop"), QStringLiteral("s#shop")));
        QCOMPARE(offers(records), QStringList{QStringLiteral("s#web=web")});
        records.push_back({{QStringLiteral("record"), QStringLiteral("dismissed")}, {QStringLiteral("action"), QStringLiteral("s#web")}});
        QCOMPARE(offers(records), QStringList());
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
    }
};

QTEST_GUILESS_MAIN(TestJournalRecovery)
#include "tst_journal_recovery.moc"
