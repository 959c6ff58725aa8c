// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/connection_spec.h"

#include <QSqlDatabase>
#include <QtTest>

class TestConnectionSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyMeansLibpqDefaults();
    void readsConninfoStrings();
    void readsUris();
    void malformedInputGivesLibpqsMessage_data();
    void malformedInputGivesLibpqsMessage();
    void quotesOddValuesForLibpq();
    void withReplacesAValue();
    void displayNames();
};

void TestConnectionSpec::emptyMeansLibpqDefaults()
{
    const Expected<ConnectionSpec> parsed = ConnectionSpec::parse(QString());
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().message()));
    const ConnectionSpec spec = *parsed;
    QVERIFY(spec.parameters().isEmpty());
    QCOMPARE(spec.toConninfo(), QString());
}

void TestConnectionSpec::readsConninfoStrings()
{
    const Expected<ConnectionSpec> parsed = ConnectionSpec::parse(QStringLiteral("host=db1 port=5433 user=dba dbname='my db' sslmode=require"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().message()));
    const ConnectionSpec spec = *parsed;
    QCOMPARE(spec.value(QStringLiteral("host")), QStringLiteral("db1"));
    QCOMPARE(spec.value(QStringLiteral("port")), QStringLiteral("5433"));
    QCOMPARE(spec.value(QStringLiteral("dbname")), QStringLiteral("my db"));
    QCOMPARE(spec.value(QStringLiteral("sslmode")), QStringLiteral("require"));
}

void TestConnectionSpec::readsUris()
{
    const Expected<ConnectionSpec> parsed = ConnectionSpec::parse(QStringLiteral("postgresql://dba@db1.example:6432/sales?application_name=x&connect_timeout=3"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().message()));
    const ConnectionSpec spec = *parsed;
    QCOMPARE(spec.value(QStringLiteral("user")), QStringLiteral("dba"));
    QCOMPARE(spec.value(QStringLiteral("host")), QStringLiteral("db1.example"));
    QCOMPARE(spec.value(QStringLiteral("port")), QStringLiteral("6432"));
    QCOMPARE(spec.value(QStringLiteral("dbname")), QStringLiteral("sales"));
    QCOMPARE(spec.value(QStringLiteral("connect_timeout")), QStringLiteral("3"));
}

void TestConnectionSpec::malformedInputGivesLibpqsMessage_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // a fragment of libpq's own message
    QTest::newRow("unknown keyword") << QStringLiteral("hots=db1") << QStringLiteral("invalid connection option \"hots\"");
    QTest::newRow("missing equals") << QStringLiteral("host") << QStringLiteral("missing \"=\" after \"host\"");
    QTest::newRow("unterminated quote") << QStringLiteral("host='db1") << QStringLiteral("unterminated quoted string");
    QTest::newRow("bad uri parameter") << QStringLiteral("postgresql://db1/?nosuch=1") << QStringLiteral("invalid URI query parameter: \"nosuch\"");
}

void TestConnectionSpec::malformedInputGivesLibpqsMessage()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const Expected<ConnectionSpec> spec = ConnectionSpec::parse(text);
    QVERIFY(!spec.ok());
    QVERIFY2(spec.error().message().contains(expected), qPrintable(spec.error().message()));
}

void TestConnectionSpec::quotesOddValuesForLibpq()
{
    const QString name = QStringLiteral("it's a \\ \"db\" ü");
    const ConnectionSpec spec = ConnectionSpec::parse(QString())->with(QStringLiteral("dbname"), name);
    const Expected<ConnectionSpec> again = ConnectionSpec::parse(spec.toConninfo());
    QVERIFY2(again.ok(), qPrintable(again.error().message()));
    QCOMPARE(again->value(QStringLiteral("dbname")), name);
}

void TestConnectionSpec::withReplacesAValue()
{
    const ConnectionSpec spec = ConnectionSpec::parse(QStringLiteral("host=a application_name=theirs"))
                                    ->with(QStringLiteral("application_name"), QStringLiteral("ours"));
    QCOMPARE(spec.value(QStringLiteral("application_name")), QStringLiteral("ours"));
    QCOMPARE(spec.parameters().size(), 2);
}

void TestConnectionSpec::displayNames()
{
    QCOMPARE(ConnectionSpec::parse(QStringLiteral("host=db1 port=5433 user=dba"))->displayName(), QStringLiteral("dba@db1:5433"));
    QCOMPARE(ConnectionSpec::parse(QStringLiteral("service=prod"))->displayName(), QStringLiteral("service=prod"));
    QCOMPARE(ConnectionSpec::parse(QString())->displayName(), QStringLiteral("local socket"));
}

QTEST_GUILESS_MAIN(TestConnectionSpec)
#include "tst_connection_spec.moc"
