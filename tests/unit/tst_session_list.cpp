// SPDX-License-Identifier: GPL-3.0-or-later
#include "monitor/session_list.h"

#include <QtTest>

#include <algorithm>

namespace {

Session session(int pid, const QString &query)
{
    Session s;
    s.key = {1, pid, 1764000000000000 + pid};
    s.query = query;
    return s;
}

} // namespace

class TestSessionList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsAsAVectorOfSessions();
    void sharesAndCopiesOnlyToChange();
    void removesInOrder();
};

void TestSessionList::readsAsAVectorOfSessions()
{
    const SessionList list{session(3, QStringLiteral("c")), session(1, QStringLiteral("a")), session(2, QStringLiteral("b"))};
    QCOMPARE(list.size(), size_t(3));
    QVERIFY(!list.empty());
    QCOMPARE(list.front().key.pid, 3);
    QCOMPARE(list.back().key.pid, 2);
    QCOMPARE(list[1].query, QStringLiteral("a"));
    QStringList queries;
    for (const Session &s : list)
        queries << s.query;
    QCOMPARE(queries, QStringList({QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")}));
    // As the standard algorithms read it.
    const auto two = std::find_if(list.begin(), list.end(), [](const Session &s) { return s.key.pid == 2; });
    QCOMPARE(two - list.begin(), 2);
    QCOMPARE(two->query, QStringLiteral("b"));
    QCOMPARE(std::count_if(list.begin(), list.end(), [](const Session &s) { return s.key.pid < 3; }), 2);
    QCOMPARE((list.begin() + 1)->key.pid, 1);
    QCOMPARE(list.begin()[2].key.pid, 2);
    QCOMPARE(list.toVector().size(), size_t(3));
    QCOMPARE(list.toVector()[0].query, QStringLiteral("c"));
    const SessionList empty;
    QVERIFY(empty.empty());
    QVERIFY(empty.begin() == empty.end());
}

void TestSessionList::sharesAndCopiesOnlyToChange()
{
    SessionList first{session(1, QStringLiteral("one")), session(2, QStringLiteral("two"))};
    SessionList second;
    second.push_back(first.shared(1));
    second.push_back(first.shared(0));
    // The same sessions, not copies.
    QCOMPARE(&second[0], &first[1]);
    QCOMPARE(&second[1], &first[0]);
    // A change to one that both hold is made to a copy: the other list's stays as it was.
    second.edit(0).query = QStringLiteral("changed");
    QCOMPARE(second[0].query, QStringLiteral("changed"));
    QCOMPARE(first[1].query, QStringLiteral("two"));
    QVERIFY(&second[0] != &first[1]);
    // One that only this list holds is changed in place.
    const Session *own = &second[0];
    second.edit(0).query = QStringLiteral("again");
    QCOMPARE(&second[0], own);
    QCOMPARE(second[0].query, QStringLiteral("again"));
    // The last one, likewise.
    second.editBack().query = QStringLiteral("last");
    QCOMPARE(first[0].query, QStringLiteral("one"));
    QCOMPARE(second[1].query, QStringLiteral("last"));
    // A copy of a list shares all of it, until one of them changes a session.
    const SessionList copy = first;
    QCOMPARE(&copy[0], &first[0]);
    first.edit(0).query = QStringLiteral("first's");
    QCOMPARE(copy[0].query, QStringLiteral("one"));
    // A shared session outlives the list it came from.
    SessionList later;
    {
        const SessionList gone{session(9, QStringLiteral("kept"))};
        later.push_back(gone.shared(0));
    }
    QCOMPARE(later[0].query, QStringLiteral("kept"));
}

void TestSessionList::removesInOrder()
{
    SessionList list{session(1, QStringLiteral("a")), session(2, QStringLiteral("b")), session(3, QStringLiteral("c")), session(4, QStringLiteral("d"))};
    list.removeIf([](const Session &s) { return s.key.pid % 2 == 1; });
    QCOMPARE(list.size(), size_t(2));
    QCOMPARE(list[0].key.pid, 2);
    QCOMPARE(list[1].key.pid, 4);
    list.clear();
    QVERIFY(list.empty());
}

QTEST_GUILESS_MAIN(TestSessionList)
#include "tst_session_list.moc"
