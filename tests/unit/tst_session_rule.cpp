// SPDX-License-Identifier: GPL-3.0-or-later
// Which sessions a selection rule matches: patterns, times on the server's clock, and the
// sessions it must never select by accident.
#include "actions/session_rule.h"

#include <QtTest>

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kNow = 1800000000LL * kSecond;

Session client(const QString &state = QStringLiteral("active"))
{
    Session s;
    s.key.pid = 100;
    s.backendType = QStringLiteral("client backend");
    s.state = state;
    s.user = QStringLiteral("web");
    s.application = QStringLiteral("app/worker");
    s.database = QStringLiteral("shop");
    return s;
}

} // namespace

class TestSessionRule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void patternsAreStarsAndQuestionMarksOnly()
    {
        SessionRule r;
        r.application = QStringLiteral("app*");
        QVERIFY(r.matches(client(), kNow)); // * crosses a /
        r.application = QStringLiteral("app?worker");
        QVERIFY(r.matches(client(), kNow));
        r.application = QStringLiteral("app");
        QVERIFY(!r.matches(client(), kNow)); // no pattern: the whole name
        Session bracket = client();
        bracket.application = QStringLiteral("[batch] nightly");
        r.application = QStringLiteral("[batch]*");
        QVERIFY(r.matches(bracket, kNow)); // [ is a character, not a class
        r.application = QStringLiteral("b*");
        QVERIFY(!r.matches(bracket, kNow));
    }
    void timesAreMeasuredFromTheRightColumn()
    {
        SessionRule r;
        r.idleInTransactionSeconds = 300;
        Session s = client(QStringLiteral("idle in transaction"));
        s.stateChange = kNow - 301 * kSecond;
        s.queryStart = kNow - 10 * kSecond;
        QVERIFY(r.matches(s, kNow));
        s.stateChange = kNow - 299 * kSecond;
        QVERIFY(!r.matches(s, kNow));
        SessionRule running;
        running.queryRunningSeconds = 60;
        Session active = client();
        active.queryStart = kNow - 61 * kSecond;
        QVERIFY(running.matches(active, kNow));
        QVERIFY(!running.matches(s, kNow)); // idle in a transaction: no query running
    }
    void neverOwnSessionsNorServerProcessesUnlessNamed()
    {
        SessionRule r;
        r.states = {QStringLiteral("active")};
        Session own = client();
        own.own = true;
        QVERIFY(!r.matches(own, kNow));
        Session walsender = client();
        walsender.backendType = QStringLiteral("walsender");
        Session vacuum = client();
        vacuum.backendType = QStringLiteral("autovacuum worker");
        QVERIFY(!r.matches(walsender, kNow));
        QVERIFY(!r.matches(vacuum, kNow));
        r.backendType = QStringLiteral("walsender");
        QVERIFY(r.matches(walsender, kNow));
        QVERIFY(!r.matches(client(), kNow));
    }
    void savedAndReadBack()
    {
        SessionRule r;
        r.name = QStringLiteral("stuck");
        r.states = {QStringLiteral("idle in transaction")};
        r.idleInTransactionSeconds = 300;
        r.waitEvent = QStringLiteral("Lock: *");
        QCOMPARE(SessionRule::fromJson(r.toJson()), r);
        QVERIFY(r.describe().contains(QLatin1String("5 min")));
    }
};

QTEST_GUILESS_MAIN(TestSessionRule)
#include "tst_session_rule.moc"
