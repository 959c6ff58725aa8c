// SPDX-License-Identifier: GPL-3.0-or-later
// Patroni clusters: a real three-member cluster (Debian's patroni and etcd-server, with
// PostgreSQL 15) started by the test. The REST API's members become watched servers in
// one tree node; a switchover is followed within a REST poll, with no member lost or
// duplicated; REST errors and a member that cannot be reached show on their nodes.
#include "actions/action_journal.h"
#include "demo/local_cluster.h"
#include "local_patroni.h"
#include "models/server_tree_model.h"
#include "servers/password_store.h"
#include "servers/patroni.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "silent_listener.h"
#include "test_cluster.h"
#include "verify_ok.h"
#include "dialogs/server_list_dialog.h"
#include "dialogs/server_profile_dialog.h"
#include "models/session_model.h"
#include "pg/connection.h"
#include "window/main_window.h"

#include <QAccessible>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTreeView>

#include <thread>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestPatroni : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void membersAreWatchedUnderTheClusterNode();
    void aMemberListedWithoutAnAddressIsSaidOnTheClusterNode();
    void aSwitchoverIsFollowedWithinOnePoll();
    void restProblemsShowOnTheClusterNode();
    void oneClusterOnePasswordPrompt();
    void theAnswerForAMemberThatWentServesTheOthers();
    void aRememberedPasswordReachesEveryMember();
    void anHAEntryInTheProfileDoesNotHideTheMembers_data();
    void anHAEntryInTheProfileDoesNotHideTheMembers();
    void aClusterAddedInTheWindowShowsItsMembersSessions();
    void aMemberThatCannotBeReachedShowsOnItsNode();
    // Kills a member: the last.
    void theKeychainsPasswordGoesOnWhenItsMemberCannotBeReached();

private:
    /// A registry watching the test cluster through member @p restMember's REST API.
    std::unique_ptr<ServerRegistry> watch(const QString &address);
    /// The member names of a cluster's servers, in the tree's order.
    QStringList memberNames(const ServerRegistry &registry) const;
    /// The cluster's node's children, as the tree shows them.
    static QStringList childTexts(const ServerTreeModel &tree, const QModelIndex &node);
    /// The role "secretive", made anew: a password on every member (their pg_hba says so).
    void secretiveRole();
    /// The running leader's member index, or -1 when there is none.
    int leaderMember() const;
    /// The role "secretive" made anew and the keychain's session bus in the environment
    /// (unset again by the caller): false, the test failed, when either could not be had.
    bool readyForTheKeychain();
    /// The keychain holds @p password for profile @p profileId (the test fails if not).
    static void remember(ServerRegistry &registry, const QString &profileId, const QString &password);
    /// A registry watching the cluster as "secretive" (made anew), its prompts recorded in
    /// @p asked; null when the role could not be made.
    std::unique_ptr<ServerRegistry> watchAsSecretive(ServerProfile *p, QList<PasswordRequest> *asked);

    LocalPatroni m_patroni;
    QByteArray m_bus; // the session bus of with-keyring.sh's keychain
    QTemporaryDir m_dir;
    std::shared_ptr<ActionJournal> m_journal;
    ServerProfile m_profile;
};

void TestPatroni::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions-tests"));
    // No keychain, but in the one test that wants the keychain with-keyring.sh runs.
    m_bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QVERIFY(m_dir.isValid());
    m_journal = std::make_shared<ActionJournal>(m_dir.filePath(QStringLiteral("journal.jsonl")));
    QVERIFY_OK(m_patroni.start());
    m_profile = ServerProfile::create();
    m_profile.name = QStringLiteral("pg-ha");
    m_profile.kind = ServerKind::PatroniCluster;
    m_profile.user = QStringLiteral("postgres");
    m_profile.database = QStringLiteral("postgres");
    m_profile.group = QStringLiteral("production");
    m_profile.production = true;
}

std::unique_ptr<ServerRegistry> TestPatroni::watch(const QString &address)
{
    auto registry = std::make_unique<ServerRegistry>(m_journal);
    registry->setIntervalMs(1000);
    ServerProfile p = m_profile;
    p.patroniUrl = address;
    registry->setProfiles({p});
    return registry;
}

QStringList TestPatroni::memberNames(const ServerRegistry &registry) const
{
    QStringList out;
    for (const int id : registry.clusterServers(m_profile.id))
        out << registry.options(id).member;
    return out;
}

QStringList TestPatroni::childTexts(const ServerTreeModel &tree, const QModelIndex &node)
{
    QStringList out;
    for (int r = 0; r < tree.rowCount(node); ++r)
        out << tree.index(r, 0, node).data().toString();
    return out;
}

void TestPatroni::membersAreWatchedUnderTheClusterNode()
{
    const auto registry = watch(m_patroni.restUrl(1));
    ServerTreeModel tree(registry.get());
    const QString leader = m_patroni.runningLeader();
    QVERIFY(!leader.isEmpty());
    const int timeline = m_patroni.timeline();

    // Every member connected, each at the address the cluster gives for it.
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(m_profile.id).size(), LocalPatroni::kMembers, 15000);
    for (const int id : registry->clusterServers(m_profile.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
    QCOMPARE(memberNames(*registry).first(), leader);
    QCOMPARE(registry->servers(), registry->clusterServers(m_profile.id));
    for (const int id : registry->clusterServers(m_profile.id)) {
        const ServerOptions o = registry->options(id);
        const int member = m_patroni.memberOfPort(registry->monitor(id)->spec().value(QStringLiteral("port")).toInt());
        QCOMPARE(LocalPatroni::name(member), o.member);
        QCOMPARE(o.name, QStringLiteral("pg-ha / ") + o.member); // the Server column, confirmations and the log tell clusters apart
        QVERIFY(o.production); // the profile's marks hold for each member
        // The leader takes writes, the replicas are hot standbys.
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().standby, o.member != leader, 10000);
    }

    // One node for the cluster, in its group's folder, with the members under it.
    const QModelIndex node = tree.clusterIndex(m_profile.id);
    QVERIFY(node.isValid());
    QCOMPARE(node.parent(), tree.groupIndex(QStringLiteral("production")));
    QCOMPARE(tree.rowCount(node), LocalPatroni::kMembers);
    QTRY_VERIFY_WITH_TIMEOUT(node.data().toString().startsWith(QStringLiteral("pg-ha — Patroni, 3 member(s) · leader %1 · ").arg(leader)), 5000);
    // The leader first; the replicas caught up (a moment after start, Patroni can still
    // report a lag while the replicas report their position).
    const QRegularExpression caughtUp(
        QStringLiteral("^m\\d \\(replica · (running|streaming) · timeline %1 · lag 0 B\\) \\[production\\] — ").arg(timeline));
    const auto replicasCaughtUp = [&] {
        const QStringList members = childTexts(tree, node);
        return std::all_of(members.begin() + 1, members.end(), [&](const QString &m) { return caughtUp.match(m).hasMatch(); });
    };
    QTRY_VERIFY2_WITH_TIMEOUT(replicasCaughtUp(), qPrintable(childTexts(tree, node).join(QLatin1Char('\n'))), 15000);
    const QStringList members = childTexts(tree, node);
    QVERIFY2(members[0].startsWith(QStringLiteral("%1 (leader · running · timeline %2) [production] — ").arg(leader).arg(timeline)), qPrintable(members[0]));
    QCOMPARE(tree.serversUnder(node), registry->clusterServers(m_profile.id));
    // Choosing the group's folder shows the members too.
    QCOMPARE(tree.serversUnder(tree.groupIndex(QStringLiteral("production"))), registry->clusterServers(m_profile.id));
    // Each member is a server node of its own, with its databases.
    for (int r = 0; r < tree.rowCount(node); ++r) {
        const QModelIndex member = tree.index(r, 0, node);
        QTRY_VERIFY_WITH_TIMEOUT(tree.databaseIndex(member.data(ServerTreeModel::ServerIdRole).toInt(), QStringLiteral("postgres")).isValid(), 5000);
    }
}

void TestPatroni::aMemberListedWithoutAnAddressIsSaidOnTheClusterNode()
{
    // A member that has registered without its connection yet, as Patroni keeps it in etcd:
    // Patroni lists it with no host.
    QVERIFY_OK(m_patroni.putMember(QStringLiteral("m9"), QJsonObject{{QStringLiteral("state"), QStringLiteral("starting")},
                                                                    {QStringLiteral("role"), QStringLiteral("replica")},
                                                                    {QStringLiteral("api_url"), QStringLiteral("http://127.0.0.1:1/patroni")}}));
    const auto removeIt = qScopeGuard([this] { QVERIFY_OK(m_patroni.deleteMember(QStringLiteral("m9"))); });
    const auto registry = watch(m_patroni.restUrl(0));
    ServerTreeModel tree(registry.get());
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(m_profile.id).size(), LocalPatroni::kMembers, 15000);
    const auto nodeText = [&] { return tree.clusterIndex(m_profile.id).data().toString(); };
    QTRY_VERIFY2_WITH_TIMEOUT(nodeText().contains(QStringLiteral(" — 1 member(s) listed without an address, not watched: m9 (replica · starting · lag unknown)")),
                              qPrintable(nodeText()), 10000);
    QVERIFY2(nodeText().startsWith(QStringLiteral("pg-ha — Patroni, 3 member(s)")), qPrintable(nodeText()));
    QVERIFY(!memberNames(*registry).contains(QStringLiteral("m9")));
    // Its key gone, the node says nothing more of it.
    QVERIFY_OK(m_patroni.deleteMember(QStringLiteral("m9")));
    QTRY_VERIFY2_WITH_TIMEOUT(!nodeText().contains(QLatin1String("without an address")), qPrintable(nodeText()), 10000);
}

void TestPatroni::aSwitchoverIsFollowedWithinOnePoll()
{
    const auto registry = watch(m_patroni.restUrl(0));
    ServerTreeModel tree(registry.get());
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(m_profile.id).size(), LocalPatroni::kMembers, 15000);
    const QString leader = m_patroni.runningLeader();
    QCOMPARE(memberNames(*registry).first(), leader);
    QHash<QString, int> ids;
    for (const int id : registry->clusterServers(m_profile.id))
        ids.insert(registry->options(id).member, id);
    const QString candidate = memberNames(*registry).last();

    // When the REST API first says the candidate leads, and how many polls the registry
    // had made then; and at which of its polls it said so itself.
    QSignalSpy added(registry.get(), &ServerRegistry::serverAdded);
    QSignalSpy removed(registry.get(), &ServerRegistry::serverRemoved);
    int followedAtPoll = -1;
    int nodesSeen = LocalPatroni::kMembers;
    connect(registry.get(), &ServerRegistry::clusterChanged, this, [&] {
        const PatroniTopology *t = registry->clusterTopology(m_profile.id);
        nodesSeen = std::max(nodesSeen, tree.rowCount(tree.clusterIndex(m_profile.id)));
        if (followedAtPoll < 0 && t->leader() && t->leader()->name == candidate && t->leader()->state == QLatin1String("running"))
            followedAtPoll = t->polls;
    });
    // patronictl runs beside the test, which goes on polling meanwhile, as the app does.
    const int timeline = m_patroni.timeline();
    Error switched(QStringLiteral("not finished"));
    std::thread ctl([&] { switched = m_patroni.switchover(leader, candidate); });
    int pollsWhenSaid = -1;
    const bool said = QTest::qWaitFor([&] {
        if (m_patroni.runningLeader() != candidate)
            return false;
        pollsWhenSaid = registry->clusterTopology(m_profile.id)->polls;
        return true;
    }, 30000);
    ctl.join();
    QVERIFY_OK(switched);
    QVERIFY(said);
    QTRY_VERIFY_WITH_TIMEOUT(followedAtPoll >= 0, 10000);
    // The poll under way when it changed may have read the old state: the next one has it.
    QVERIFY2(followedAtPoll <= pollsWhenSaid + 2, qPrintable(QStringLiteral("said before poll %1, followed at poll %2").arg(pollsWhenSaid + 1).arg(followedAtPoll)));

    // The same servers, the new leader first, nothing lost or duplicated on the way.
    QCOMPARE(added.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(nodesSeen, LocalPatroni::kMembers);
    QCOMPARE(memberNames(*registry).first(), candidate);
    QCOMPARE(registry->clusterServers(m_profile.id).first(), ids.value(candidate));
    const QModelIndex node = tree.clusterIndex(m_profile.id);
    QCOMPARE(tree.rowCount(node), LocalPatroni::kMembers);
    QCOMPARE(tree.index(0, 0, node).data(ServerTreeModel::ServerIdRole).toInt(), ids.value(candidate));
    QTRY_VERIFY_WITH_TIMEOUT(tree.index(0, 0, node).data().toString().startsWith(candidate + QStringLiteral(" (leader · running · timeline %1)").arg(timeline + 1)),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(node.data().toString().contains(QStringLiteral(" · leader %1 · ").arg(candidate)), 5000);
    // Each member's own poll follows: the new leader takes writes, the old one is a standby.
    QTRY_VERIFY_WITH_TIMEOUT(!registry->monitor(ids.value(candidate))->status().standby, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(registry->monitor(ids.value(leader))->status().standby
                                 && registry->monitor(ids.value(leader))->status().state == ServerStatus::Connected,
                             30000);
    QTRY_VERIFY_WITH_TIMEOUT(m_patroni.healthy(), 60000); // for the tests after this one
}

void TestPatroni::restProblemsShowOnTheClusterNode()
{
    // Nothing listens there.
    const int nobody = LocalCluster::freePort();
    {
        const auto registry = watch(QStringLiteral("http://127.0.0.1:%1").arg(nobody));
        ServerTreeModel tree(registry.get());
        QTRY_VERIFY_WITH_TIMEOUT(tree.clusterIndex(m_profile.id).data().toString().contains(QLatin1String("REST API:")), 10000);
        const QModelIndex node = tree.clusterIndex(m_profile.id);
        QVERIFY2(node.data().toString().contains(QStringLiteral("http://127.0.0.1:%1: Connection refused").arg(nobody)), qPrintable(node.data().toString()));
        QCOMPARE(node.data(ServerTreeModel::IconRole).toInt(), int(ServerTreeModel::ErrorIcon));
        QCOMPARE(tree.rowCount(node), 0);
        QVERIFY(registry->servers().isEmpty());
    }
    // Something takes the connection and never answers: given up after the timeout, the
    // window going on meanwhile.
    {
        SilentListener silent;
        QVERIFY(silent.isListening());
        const auto registry = watch(QStringLiteral("http://127.0.0.1:%1").arg(silent.port()));
        ServerTreeModel tree(registry.get());
        QTRY_VERIFY(silent.connectionWaiting());
        QVERIFY(tree.clusterIndex(m_profile.id).data().toString().endsWith(QStringLiteral(" — asking the REST API…")));
        QTRY_VERIFY_WITH_TIMEOUT(tree.clusterIndex(m_profile.id).data().toString().contains(QLatin1String("REST API:")), PatroniWatcher::kTimeoutMs + 5000);
        QVERIFY2(tree.clusterIndex(m_profile.id).data().toString().endsWith(
                     QStringLiteral("REST API: http://127.0.0.1:%1: no answer within 5 s").arg(silent.port())),
                 qPrintable(tree.clusterIndex(m_profile.id).data().toString()));
    }
    // Closed while its request waits for an answer: at once, nothing left behind.
    {
        SilentListener silent;
        QElapsedTimer closing;
        {
            const auto registry = watch(QStringLiteral("http://127.0.0.1:%1").arg(silent.port()));
            QTRY_VERIFY(silent.connectionWaiting());
            closing.start();
        }
        QVERIFY2(closing.elapsed() < PatroniWatcher::kTimeoutMs, qPrintable(QString::number(closing.elapsed())));
    }
    // Something answers, but not Patroni: an HTTP error (etcd's own 404 here).
    const QString etcd = m_patroni.etcdUrl();
    {
        const auto registry = watch(etcd);
        ServerTreeModel tree(registry.get());
        QTRY_VERIFY_WITH_TIMEOUT(tree.clusterIndex(m_profile.id).data().toString().contains(QLatin1String("REST API:")), 10000);
        const QString text = tree.clusterIndex(m_profile.id).data().toString();
        QVERIFY2(text.contains(QStringLiteral("REST API: %1: HTTP 404").arg(etcd)), qPrintable(text));
        QVERIFY(registry->servers().isEmpty());
    }
    // A member's own page given (".../patroni", as its api_url says): tried as given first,
    // as a proxy's path may end so; Patroni's root answers, and is asked first from then on.
    {
        const auto registry = watch(m_patroni.restUrl(1) + QStringLiteral("/patroni/"));
        int firstAsked = 0; // by the first poll that got the member list (the first poll is queued: not missed)
        connect(registry.get(), &ServerRegistry::clusterChanged, this, [&] {
            const PatroniTopology *t = registry->clusterTopology(m_profile.id);
            if (!firstAsked && t && t->answered)
                firstAsked = t->asked;
        });
        QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(m_profile.id).size(), LocalPatroni::kMembers, 15000);
        QCOMPARE(firstAsked, 2); // ".../patroni/cluster" (Patroni's member page, not a list), then the root
        const PatroniTopology *t = registry->clusterTopology(m_profile.id);
        QCOMPARE(t->answeredBy, m_patroni.restUrl(1));
        const int polls = t->polls;
        QTRY_VERIFY_WITH_TIMEOUT(t->polls > polls, 10000);
        QCOMPARE(t->error, QString());
        QCOMPARE(t->asked, 1);
    }
    // https:// typed for a REST API without TLS: said so, not left at Qt's words.
    {
        const QString https = QString(m_patroni.restUrl(1)).replace(QStringLiteral("http://"), QStringLiteral("https://"));
        const auto registry = watch(https);
        ServerTreeModel tree(registry.get());
        QTRY_VERIFY_WITH_TIMEOUT(tree.clusterIndex(m_profile.id).data().toString().contains(QLatin1String("REST API:")), 10000);
        const QString text = tree.clusterIndex(m_profile.id).data().toString();
        QVERIFY2(text.contains(QStringLiteral("REST API: %1: ").arg(https)), qPrintable(text));
        QVERIFY2(text.endsWith(QStringLiteral(" (the REST API may not use https: try http://)")), qPrintable(text));
        QVERIFY(registry->servers().isEmpty());
    }
    // An address that is not one: said, and nothing is watched.
    {
        ServerProfile p = m_profile;
        p.patroniUrl = QStringLiteral("ftp://db1:8008");
        ServerRegistry registry(m_journal);
        QSignalSpy notices(&registry, &ServerRegistry::notice);
        registry.setProfiles({p});
        QCOMPARE(notices.count(), 1);
        QCOMPARE(notices.first().first().toString(),
                 QStringLiteral("Patroni cluster pg-ha is not watched: \"ftp://db1:8008\" is not a REST address: Patroni answers over http or https, not ftp."));
        QVERIFY(registry.clusters().isEmpty());
    }
}

void TestPatroni::aMemberThatCannotBeReachedShowsOnItsNode()
{
    // Watched through the REST API of the replica that is going to die.
    const QString leader = m_patroni.runningLeader();
    const int member = LocalPatroni::name(0) == leader ? 1 : 0;
    const QString victim = LocalPatroni::name(member);
    const auto registry = watch(m_patroni.restUrl(member));
    ServerTreeModel tree(registry.get());
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(m_profile.id).size(), LocalPatroni::kMembers, 15000);
    for (const int id : registry->clusterServers(m_profile.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
    int victimId = 0;
    for (const int id : registry->clusterServers(m_profile.id))
        victimId = registry->options(id).member == victim ? id : victimId;
    QVERIFY(victimId);
    // It dies at once: Patroni lists it until its key expires, and it cannot be reached.
    QSignalSpy removed(registry.get(), &ServerRegistry::serverRemoved);
    QVERIFY_OK(m_patroni.kill(member));
    QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(victimId)->status().state, ServerStatus::Error, 15000);
    const QModelIndex node = tree.serverIndex(victimId);
    QCOMPARE(node.parent(), tree.clusterIndex(m_profile.id));
    QCOMPARE(node.data(ServerTreeModel::IconRole).toInt(), int(ServerTreeModel::ErrorIcon));
    QVERIFY2(node.data().toString().startsWith(victim + QStringLiteral(" (replica")), qPrintable(node.data().toString()));
    QTRY_VERIFY2_WITH_TIMEOUT(tree.clusterIndex(m_profile.id).data().toString().contains(QStringLiteral(" — 1 unreachable")),
                              qPrintable(tree.clusterIndex(m_profile.id).data().toString()), 5000);
    // Its REST API is gone too: the other members answer for the cluster.
    const int polls = registry->clusterTopology(m_profile.id)->polls;
    QTRY_VERIFY_WITH_TIMEOUT(registry->clusterTopology(m_profile.id)->polls >= polls + 2, 15000);
    QCOMPARE(registry->clusterTopology(m_profile.id)->error, QString());
    QVERIFY(registry->clusterTopology(m_profile.id)->answeredBy != m_patroni.restUrl(member));
    // The member that answered is asked first: the address given, which is gone (its host
    // may be, and then each try waits 5 s), is not tried first at every poll.
    QTRY_VERIFY_WITH_TIMEOUT(registry->clusterTopology(m_profile.id)->polls >= polls + 3, 15000);
    QCOMPARE(registry->clusterTopology(m_profile.id)->asked, 1);
    // Once Patroni forgets it, it goes; the others stay as they were.
    QList<int> others = registry->clusterServers(m_profile.id);
    others.removeAll(victimId);
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(m_profile.id), others, 40000);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().first().toInt(), victimId);
    QCOMPARE(tree.rowCount(tree.clusterIndex(m_profile.id)), LocalPatroni::kMembers - 1);
    QVERIFY(!tree.serverIndex(victimId).isValid());
}

void TestPatroni::theKeychainsPasswordGoesOnWhenItsMemberCannotBeReached()
{
    if (!readyForTheKeychain())
        return;
    const auto noBus = qScopeGuard([] { qunsetenv("DBUS_SESSION_BUS_ADDRESS"); });
    const int restMember = leaderMember();
    QVERIFY2(restMember >= 0, "no running leader");
    auto registry = std::make_unique<ServerRegistry>(m_journal);
    registry->setIntervalMs(1000);
    ServerProfile p = m_profile;
    p.patroniUrl = m_patroni.restUrl(restMember);
    p.user = QStringLiteral("secretive");
    p.rememberPassword = true;
    remember(*registry, p.id, QStringLiteral("open sesame"));
    if (QTest::currentTestFailed())
        return;
    // The member that reads the keychain's password for the cluster (the first one refused
    // without one) goes down before it tries it: the password can neither be taken nor
    // refused there. It goes on to another member at once, not when Patroni forgets the
    // one that went (10 s later), and no one is asked.
    QList<PasswordRequest> asked;
    connect(registry.get(), &ServerRegistry::passwordWanted, this, [&](const PasswordRequest &r) { asked << r; });
    int downId = 0;
    QString killed;
    bool triedWhenDown = false; // it held the keychain's password when it could not be reached
    connect(registry.get(), &ServerRegistry::statusChanged, this, [&](int id, const ServerStatus &status) {
        if (downId && id == downId && status.state == ServerStatus::Error)
            triedWhenDown = triedWhenDown || registry->monitor(id)->hasPassword();
        if (downId || status.state != ServerStatus::NeedsPassword)
            return;
        downId = id;
        const QString name = registry->options(id).member;
        for (int m = 0; m < LocalPatroni::kMembers; ++m) {
            if (LocalPatroni::name(m) == name) {
                const Error error = m_patroni.kill(m);
                killed = error ? error.message() : name;
            }
        }
    });
    registry->setProfiles({p});
    QTRY_VERIFY_WITH_TIMEOUT(downId, 15000);
    QVERIFY2(killed == registry->options(downId).member, qPrintable(killed));
    QTRY_VERIFY_WITH_TIMEOUT(registry->monitor(downId) && registry->monitor(downId)->status().state == ServerStatus::Error, 10000);
    QVERIFY2(triedWhenDown, "the member that went down was not the one trying the keychain's password");
    const QList<int> members = registry->clusterServers(p.id);
    QVERIFY(members.size() >= 2);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const int id : registry->clusterServers(p.id)) {
                if (id != downId && registry->monitor(id)->status().state != ServerStatus::Connected)
                    return false;
            }
            return true;
        },
        15000));
    QVERIFY2(registry->clusterServers(p.id).contains(downId), "the others waited until the member that went was forgotten");
    QCOMPARE(asked.size(), 0);
    // The one that went does not keep a password no server confirmed.
    QVERIFY(registry->monitor(downId));
    QVERIFY(!registry->monitor(downId)->hasPassword());
}

int TestPatroni::leaderMember() const
{
    const QString leader = m_patroni.runningLeader();
    for (int m = 0; m < LocalPatroni::kMembers; ++m) {
        if (LocalPatroni::name(m) == leader)
            return m;
    }
    return -1;
}

bool TestPatroni::readyForTheKeychain()
{
    if (m_bus.isEmpty()) {
        QTest::qFail("run through dbus-run-session and with-keyring.sh", __FILE__, __LINE__);
        return false;
    }
    secretiveRole();
    if (QTest::currentTestFailed())
        return false;
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_bus);
    return true;
}

void TestPatroni::remember(ServerRegistry &registry, const QString &profileId, const QString &password)
{
    bool written = false;
    registry.passwordStore()->write(profileId, password, [&written](const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        written = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(written, 10000);
}

void TestPatroni::secretiveRole()
{
    // A role that must give a password on every member (the members' pg_hba says so).
    const int leader = leaderMember();
    QVERIFY2(leader >= 0, "no running leader");
    Expected<pg::Connection> admin =
        pg::Connection::connect(QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres").arg(m_patroni.pgPort(leader)), 10);
    QVERIFY2(admin.ok(), qPrintable(admin.ok() ? QString() : admin.error().message()));
    QVERIFY(admin->exec(QByteArrayLiteral("DROP ROLE IF EXISTS secretive")).ok());
    QVERIFY(admin->exec(QByteArrayLiteral("CREATE ROLE secretive LOGIN PASSWORD 'open sesame' IN ROLE pg_monitor")).ok());
}

std::unique_ptr<ServerRegistry> TestPatroni::watchAsSecretive(ServerProfile *p, QList<PasswordRequest> *asked)
{
    secretiveRole();
    if (QTest::currentTestFailed())
        return nullptr;
    auto registry = std::make_unique<ServerRegistry>(m_journal);
    registry->setIntervalMs(1000);
    *p = m_profile;
    p->patroniUrl = m_patroni.restUrl(0);
    p->user = QStringLiteral("secretive");
    connect(registry.get(), &ServerRegistry::passwordWanted, this, [asked](const PasswordRequest &r) { *asked << r; });
    registry->setProfiles({*p});
    return registry;
}

void TestPatroni::oneClusterOnePasswordPrompt()
{
    ServerProfile p;
    QList<PasswordRequest> asked;
    const auto registry = watchAsSecretive(&p, &asked);
    if (!registry)
        return;
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(p.id).size(), LocalPatroni::kMembers, 15000);
    for (const int id : registry->clusterServers(p.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::NeedsPassword, 15000);
    QTest::qWait(300); // every member's request has had its turn
    // One prompt for the cluster, which says which cluster and member it is.
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().serverName, QStringLiteral("pg-ha (member %1)").arg(registry->options(asked.first().server).member));
    QCOMPARE(asked.first().user, QStringLiteral("secretive"));
    // The answer comes while another member is connecting (with an older password, say):
    // it is not waiting then, and gets the answer once it is refused, with no second prompt.
    const int prompted = asked.first().server;
    int connecting = 0;
    for (const int id : registry->clusterServers(p.id))
        connecting = id != prompted ? id : connecting;
    bool answered = false;
    connect(registry.get(), &ServerRegistry::statusChanged, this, [&](int id, const ServerStatus &status) {
        if (id == connecting && status.state == ServerStatus::Connecting && !answered) {
            answered = true;
            registry->givePassword(prompted, QStringLiteral("open sesame"), false);
        }
    });
    registry->monitor(connecting)->setPassword(QStringLiteral("an older one"));
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    for (const int id : registry->clusterServers(p.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
    QCOMPARE(asked.size(), 1);
}

void TestPatroni::theAnswerForAMemberThatWentServesTheOthers()
{
    ServerProfile p;
    QList<PasswordRequest> asked;
    const auto registry = watchAsSecretive(&p, &asked);
    if (!registry)
        return;
    QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 20000);
    // The member whose prompt is open stops being watched (as one gone from the cluster
    // would): the others, and the member when it is back, wait for the answer.
    const int prompted = asked.first().server;
    QSignalSpy added(registry.get(), &ServerRegistry::serverAdded);
    registry->removeServer(prompted);
    QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, 15000); // listed by the next poll, watched again
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(p.id).size(), LocalPatroni::kMembers, 15000);
    for (const int id : registry->clusterServers(p.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::NeedsPassword, 15000);
    QTest::qWait(300);
    QCOMPARE(asked.size(), 1);
    // The answer comes: every member takes it, and no one is asked again.
    registry->givePassword(prompted, QStringLiteral("open sesame"), false);
    for (const int id : registry->clusterServers(p.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
    QCOMPARE(asked.size(), 1);
}

void TestPatroni::aRememberedPasswordReachesEveryMember()
{
    if (!readyForTheKeychain())
        return;
    const auto noBus = qScopeGuard([] { qunsetenv("DBUS_SESSION_BUS_ADDRESS"); });
    auto registry = std::make_unique<ServerRegistry>(m_journal);
    QCOMPARE(registry->keychainProblem(), QString());
    registry->setIntervalMs(1000);
    ServerProfile p = m_profile;
    p.patroniUrl = m_patroni.restUrl(0);
    p.user = QStringLiteral("secretive");
    p.rememberPassword = true;
    // The keychain holds @p password for the cluster's profile.
    const auto remembered = [&registry, &p](const QString &password) { remember(*registry, p.id, password); };
    remembered(QStringLiteral("open sesame"));
    if (QTest::currentTestFailed())
        return;
    // The members start at once, all refused without a password: one reads the keychain
    // for the cluster, and every member gets what it gives, with no prompt.
    QList<PasswordRequest> asked;
    connect(registry.get(), &ServerRegistry::passwordWanted, this, [&](const PasswordRequest &r) { asked << r; });
    registry->setProfiles({p});
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(p.id).size(), LocalPatroni::kMembers, 15000);
    for (const int id : registry->clusterServers(p.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
    QCOMPARE(asked.size(), 0);

    // The role's password changed since: the keychain's is tried on one member only (on
    // each, it could lock the role out), then the user is asked once, for every member.
    registry.reset();
    registry = std::make_unique<ServerRegistry>(m_journal);
    registry->setIntervalMs(1000);
    remembered(QStringLiteral("stale"));
    if (QTest::currentTestFailed())
        return;
    QSet<int> given; // the members that were given a password before the prompt
    connect(registry.get(), &ServerRegistry::passwordWanted, this, [&](const PasswordRequest &r) {
        asked << r;
        for (const int id : registry->clusterServers(p.id)) {
            if (registry->monitor(id)->hasPassword())
                given.insert(id);
        }
    });
    registry->setProfiles({p});
    QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 20000);
    // The stale one reached the member that read it, and no other: the others waited while
    // it tried (whichever member asks the user then says why the keychain's did not do).
    QVERIFY2(given.size() == 1, qPrintable(QString::number(given.size())));
    QVERIFY2(!asked.first().refusal.isEmpty(), "the prompt says the remembered password was refused");
    registry->givePassword(asked.first().server, QStringLiteral("open sesame"), false);
    for (const int id : registry->clusterServers(p.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
    QCOMPARE(asked.size(), 1);

    // The member trying the keychain's password goes before the server has said yes or no
    // (a failover): another member reads it and tries it, and no one is asked.
    registry.reset();
    registry = std::make_unique<ServerRegistry>(m_journal);
    registry->setIntervalMs(1000);
    remembered(QStringLiteral("open sesame"));
    if (QTest::currentTestFailed())
        return;
    asked.clear();
    connect(registry.get(), &ServerRegistry::passwordWanted, this, [&](const PasswordRequest &r) { asked << r; });
    int trying = 0;
    QSet<int> connected;
    connect(registry.get(), &ServerRegistry::statusChanged, this, [&](int id, const ServerStatus &status) {
        if (status.state == ServerStatus::Connected)
            connected.insert(id);
        if (!trying && status.state == ServerStatus::Connecting && registry->monitor(id)->hasPassword()) {
            trying = id;
            registry->removeServer(id); // what the server answers after this is not heard
        }
    });
    registry->setProfiles({p});
    QTRY_VERIFY_WITH_TIMEOUT(trying, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!registry->monitor(trying), 5000);
    QVERIFY2(!connected.contains(trying), "removed before the server took the password");
    // Every member connects, the one removed too once the next REST poll lists it again.
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(p.id).size(), LocalPatroni::kMembers, 15000);
    for (const int id : registry->clusterServers(p.id))
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
    QCOMPARE(asked.size(), 0);
}

void TestPatroni::anHAEntryInTheProfileDoesNotHideTheMembers_data()
{
    QTest::addColumn<QString>("connectionString");
    QTest::newRow("in the profile") << QStringLiteral("hostaddr=192.0.2.1 target_session_attrs=read-write user=postgres dbname=postgres connect_timeout=2");
    // libpq fills in what a connection string leaves out from the service's section (and
    // from PGHOSTADDR): a member's address must leave nothing to fill in.
    QTest::newRow("in the service file") << QStringLiteral("service=pgs_ha_test connect_timeout=2");
}

void TestPatroni::anHAEntryInTheProfileDoesNotHideTheMembers()
{
    QFETCH(QString, connectionString);
    // libpq connects to hostaddr when one is given: each member must be reached at its own.
    // And an HA entry asks for the primary (read-write): each member, replicas too, must
    // be reached whatever its role.
    QFile services(m_dir.filePath(QStringLiteral("pg_service.conf")));
    QVERIFY(services.open(QIODevice::WriteOnly));
    services.write("[pgs_ha_test]\nhostaddr=192.0.2.1\ntarget_session_attrs=read-write\nuser=postgres\ndbname=postgres\n");
    services.close();
    const QByteArray before = qgetenv("PGSERVICEFILE");
    qputenv("PGSERVICEFILE", services.fileName().toLocal8Bit());
    const auto restore = qScopeGuard([&] {
        if (before.isNull())
            qunsetenv("PGSERVICEFILE");
        else
            qputenv("PGSERVICEFILE", before);
    });
    auto registry = std::make_unique<ServerRegistry>(m_journal);
    registry->setIntervalMs(1000);
    ServerProfile p = m_profile;
    p.patroniUrl = m_patroni.restUrl(1);
    p.useConnectionString = true;
    p.connectionString = connectionString;
    registry->setProfiles({p});
    QTRY_COMPARE_WITH_TIMEOUT(registry->clusterServers(p.id).size(), LocalPatroni::kMembers, 15000);
    QSet<int> ports;
    for (const int id : registry->clusterServers(p.id)) {
        QTRY_COMPARE_WITH_TIMEOUT(registry->monitor(id)->status().state, ServerStatus::Connected, 15000);
        QVERIFY(registry->monitor(id)->spec().value(QStringLiteral("hostaddr")).isEmpty());
        ports << registry->monitor(id)->spec().value(QStringLiteral("port")).toInt();
    }
    QCOMPARE(ports, (QSet<int>{m_patroni.pgPort(0), m_patroni.pgPort(1), m_patroni.pgPort(2)}));
}

void TestPatroni::aClusterAddedInTheWindowShowsItsMembersSessions()
{
    QSettings().clear();
    MainWindow window(m_journal);
    window.registry()->setIntervalMs(1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Paused for now: the clusters added get no member until polling resumes.
    window.registry()->setPaused(true);
    // A cluster whose REST API refuses, in a group of its own.
    ServerProfile broken = ServerProfile::create();
    broken.name = QStringLiteral("broken-ha");
    broken.kind = ServerKind::PatroniCluster;
    broken.patroniUrl = QStringLiteral("http://127.0.0.1:%1").arg(LocalCluster::freePort());
    broken.group = QStringLiteral("staging");
    window.registry()->applyProfiles({broken});
    // Added as a DBA adds it: Servers… → Add, kind "Patroni cluster", its REST address.
    QString wrongAddress, restName, hostEnabled, testEnabled;
    window.setServerListHook([&](ServerListDialog *list) {
        list->setEditorHook([&](ServerProfileDialog *editor) {
            QTimer::singleShot(0, editor, [&, editor] {
                QVERIFY(!editor->patroniEdit()->isVisible()); // only for a cluster
                editor->kindBox()->setFocus();
                editor->kindBox()->setCurrentIndex(editor->kindBox()->findData(int(ServerKind::PatroniCluster)));
                QVERIFY(editor->patroniEdit()->isVisible());
                QTest::keyClicks(editor->nameEdit(), QStringLiteral("pg-ha"));
                QTest::keyClicks(editor->findChild<QComboBox *>(QStringLiteral("group"))->lineEdit(), QStringLiteral("production"));
                QTest::keyClicks(editor->patroniEdit(), QStringLiteral("ftp://db1"));
                wrongAddress = editor->errorLabel()->isVisible() && !editor->okButton()->isEnabled() ? editor->errorLabel()->text() : QString();
                editor->patroniEdit()->clear();
                QTest::keyClicks(editor->patroniEdit(), m_patroni.restUrl(2));
                QTest::keyClicks(editor->userEdit(), QStringLiteral("postgres"));
                const QAccessibleInterface *rest = QAccessible::queryAccessibleInterface(editor->patroniEdit());
                restName = rest ? rest->text(QAccessible::Name) : QString();
                hostEnabled = editor->hostEdit()->isEnabled() ? QStringLiteral("yes") : QStringLiteral("no");
                testEnabled = editor->testButton()->isEnabled() ? QStringLiteral("yes") : QStringLiteral("no");
                QVERIFY(editor->okButton()->isEnabled());
                editor->okButton()->click();
            });
        });
        QTimer::singleShot(0, list, [list] {
            list->button(QStringLiteral("add"))->click();
            list->accept();
        });
    });
    window.manageServers();
    QCOMPARE(wrongAddress, QStringLiteral("\"ftp://db1\" is not a REST address: Patroni answers over http or https, not ftp."));
    QCOMPARE(restName, QStringLiteral("Patroni REST address"));
    QCOMPARE(hostEnabled, QStringLiteral("no")); // each member's comes from the cluster
    QCOMPARE(testEnabled, QStringLiteral("no"));
    // Saved as a cluster, and watched: one node with the three members.
    QSettings settings;
    const QList<ServerProfile> saved = ServerProfile::load(settings);
    QCOMPARE(saved.size(), 2);
    QCOMPARE(saved.last().name, QStringLiteral("pg-ha"));
    QCOMPARE(saved.last().kind, ServerKind::PatroniCluster);
    QCOMPARE(saved.last().patroniUrl, m_patroni.restUrl(2));
    QCOMPARE(saved.last().group, QStringLiteral("production"));
    const QString cluster = saved.last().id, clusterName = saved.last().name;
    ServerTreeModel *tree = window.serverTreeModel();
    QVERIFY(tree->clusterIndex(cluster).isValid());
    QCOMPARE(tree->clusterIndex(cluster).parent(), tree->groupIndex(QStringLiteral("production")));
    QCOMPARE(tree->rowCount(tree->clusterIndex(cluster)), 0);

    // A session on each member, then the group's folder chosen before the members are known:
    // they join its table as they come.
    std::vector<pg::Connection> sessions;
    for (int i = 0; i < LocalPatroni::kMembers; ++i) {
        Expected<pg::Connection> c = pg::Connection::connect(
            QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres application_name=on-%2").arg(m_patroni.pgPort(i)).arg(LocalPatroni::name(i)), 10);
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message()));
        sessions.push_back(std::move(*c));
    }
    QTableView *table = window.sessionView();
    const auto shownApplications = [&] {
        QHash<QString, QString> out; // application -> server column
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const QString app = table->model()->index(r, SessionModel::Application).data().toString();
            if (app.startsWith(QLatin1String("on-")))
                out.insert(app, table->model()->index(r, SessionModel::Server).data().toString());
        }
        return out;
    };
    window.serverTree()->setCurrentIndex(tree->groupIndex(QStringLiteral("production")));
    QCOMPARE(table->model()->rowCount(), 0);
    window.registry()->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(tree->rowCount(tree->clusterIndex(cluster)), LocalPatroni::kMembers, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(shownApplications().size(), LocalPatroni::kMembers, 15000);
    const QList<int> members = window.registry()->clusterServers(cluster);
    for (const int id : members)
        QTRY_COMPARE_WITH_TIMEOUT(window.registry()->monitor(id)->status().state, ServerStatus::Connected, 15000);

    // The cluster's node: every member's sessions, with the member's name.
    window.serverTree()->setCurrentIndex(tree->clusterIndex(cluster));
    QTRY_COMPARE_WITH_TIMEOUT(shownApplications().size(), LocalPatroni::kMembers, 10000);
    for (int i = 0; i < LocalPatroni::kMembers; ++i)
        QCOMPARE(shownApplications().value(QStringLiteral("on-") + LocalPatroni::name(i)), QStringLiteral("%1 / %2").arg(clusterName, LocalPatroni::name(i)));
    QVERIFY(!table->isColumnHidden(SessionModel::Server));
    // A member's node: that member's sessions only.
    window.serverTree()->setCurrentIndex(tree->serverIndex(members.first()));
    const QString leader = window.registry()->options(members.first()).member;
    QTRY_COMPARE_WITH_TIMEOUT(shownApplications().keys(), QStringList{QStringLiteral("on-") + leader}, 10000);

    // A cluster with no member yet (its REST API refuses) shows nothing, not every server's
    // sessions: a server outside the clusters has some.
    ServerOptions outside;
    outside.name = QStringLiteral("outside");
    const int outsideId = window.registry()->addServer(specOf(QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres").arg(m_patroni.pgPort(0))), outside);
    window.serverTree()->setCurrentIndex(tree->allServersIndex());
    QTRY_VERIFY_WITH_TIMEOUT(shownApplications().values().contains(QStringLiteral("outside")), 15000);
    for (const QModelIndex &empty : {tree->clusterIndex(broken.id), tree->groupIndex(QStringLiteral("staging"))}) {
        QVERIFY(empty.isValid());
        window.serverTree()->setCurrentIndex(empty);
        QCOMPARE(table->model()->rowCount(), 0);
    }

    // A group renamed: the cluster's node goes with it at once (no poll needed).
    window.registry()->setPaused(true);
    window.registry()->renameGroup(QStringLiteral("production"), QStringLiteral("prod"));
    QCOMPARE(tree->clusterIndex(cluster).parent(), tree->groupIndex(QStringLiteral("prod")));
    QVERIFY(!tree->groupIndex(QStringLiteral("production")).isValid());
    QCOMPARE(ServerProfile::load(settings).last().group, QStringLiteral("prod"));
    window.registry()->setPaused(false);

    // Renamed in the Servers dialog: its members' names follow, the same servers.
    {
        const QList<int> before = window.registry()->clusterServers(cluster);
        QList<ServerProfile> edited = window.registry()->profiles();
        for (ServerProfile &p : edited) {
            if (p.id == cluster)
                p.name = QStringLiteral("pg-ha-2");
        }
        window.registry()->applyProfiles(edited, {}, window.registry()->profiles());
        QCOMPARE(window.registry()->clusterServers(cluster), before);
        for (const int id : before)
            QCOMPARE(window.registry()->options(id).name, QStringLiteral("pg-ha-2 / ") + window.registry()->options(id).member);
        QVERIFY(tree->serverIndex(before.first()).data().toString().startsWith(window.registry()->options(before.first()).member + QStringLiteral(" (")));
    }

    // Removed in the Servers dialog: the clusters' nodes and every member go, nothing is saved.
    window.registry()->applyProfiles({}, {}, window.registry()->profiles());
    QVERIFY(!tree->clusterIndex(cluster).isValid());
    QVERIFY(!tree->clusterIndex(broken.id).isValid());
    QCOMPARE(tree->rowCount(), 1);
    QCOMPARE(window.registry()->servers(), QList<int>{outsideId});
    QVERIFY(window.registry()->clusters().isEmpty());
    QCOMPARE(ServerProfile::load(settings).size(), 0);
    QSettings().clear();
}

QTEST_MAIN(TestPatroni)
#include "tst_patroni.moc"
