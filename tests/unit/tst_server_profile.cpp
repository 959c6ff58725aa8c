// SPDX-License-Identifier: GPL-3.0-or-later
// Saved servers: what goes into the settings file and what libpq is given.
#include "servers/patroni.h"
#include "servers/server_import.h"
#include "servers/server_profile.h"

#include <QFile>
#include <QLocale>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <libpq-fe.h>

class TestServerProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripsThroughSettingsWithoutAPassword();
    void fieldsBecomeTheConnection();
    void aPoolerConsoleIsDatabasePgbouncer();
    void connectionStringsAreLibpqs_data();
    void connectionStringsAreLibpqs();
    void malformedInputGivesLibpqsMessage_data();
    void malformedInputGivesLibpqsMessage();
    void aPasswordInTheStringIsRefusedAndNeverSaved();
    void servicesAreReadInLibpqsOrder();
    void aPastedListSaysWhatLibpqSaysOfEachLine();
    void aNoteAfterAPastedLineIsAComment();
    void serviceFilesLibpqCannotReadAreSaid();
    void theSameServerWrittenAnotherWayIsTheSame();
    void aPatroniClusterIsARestAddress();
    void theSameConnectionIsReachedTheSameWay();
    void patroniAddressesAreChecked_data();
    void patroniAddressesAreChecked();
    void patroniMemberListsAreRead();
    void patroniAnswersThatAreNotMemberListsAreSaid();

private:
    QTemporaryDir m_dir;
};

namespace {

ServerProfile everyField()
{
    ServerProfile p = ServerProfile::create();
    p.name = QStringLiteral("Billing — primary");
    p.host = QStringLiteral("db1.example.com");
    p.port = 6432;
    p.database = QStringLiteral("maintenance db");
    p.user = QStringLiteral("o'dba");
    p.sslMode = QStringLiteral("verify-full");
    p.sslRootCert = QStringLiteral("/etc/ssl/root.crt");
    p.sslCert = QStringLiteral("/home/dba/.postgresql/client.crt");
    p.sslKey = QStringLiteral("/home/dba/.postgresql/client.key");
    p.connectTimeoutSeconds = 7;
    p.colour = QStringLiteral("#e01b24");
    p.production = true;
    p.rememberPassword = true;
    p.kind = ServerKind::PostgreSQL;
    p.poolerProfile = QStringLiteral("4b8c0f5e-pooler");
    return p;
}

} // namespace

void TestServerProfile::roundTripsThroughSettingsWithoutAPassword()
{
    const QString path = m_dir.filePath(QStringLiteral("roundtrip.conf"));
    ServerProfile byString = ServerProfile::create();
    byString.useConnectionString = true;
    byString.connectionString = QStringLiteral("service=reporting");
    const QList<ServerProfile> saved{everyField(), byString};
    {
        QSettings settings(path, QSettings::IniFormat);
        ServerProfile::save(settings, saved);
    }
    QSettings settings(path, QSettings::IniFormat);
    const QList<ServerProfile> loaded = ServerProfile::load(settings);
    QCOMPARE(loaded.size(), 2);
    QVERIFY(loaded[0] == saved[0]);
    QVERIFY(loaded[1] == saved[1]);
    QCOMPARE(loaded[0].user, QStringLiteral("o'dba"));
    QCOMPARE(loaded[0].kind, ServerKind::PostgreSQL);
    QCOMPARE(loaded[0].poolerProfile, QStringLiteral("4b8c0f5e-pooler"));
    QCOMPARE(loaded[1].kind, ServerKind::Automatic);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("db1.example.com"));
    for (const QString &key : settings.allKeys())
        QVERIFY2(!key.endsWith(QLatin1String("/password"), Qt::CaseInsensitive), qPrintable(key));

    // Saving a shorter list leaves no stale entries behind.
    {
        QSettings again(path, QSettings::IniFormat);
        ServerProfile::save(again, {byString});
    }
    QSettings after(path, QSettings::IniFormat);
    QCOMPARE(ServerProfile::load(after).size(), 1);
}

void TestServerProfile::aPoolerConsoleIsDatabasePgbouncer()
{
    ServerProfile p = ServerProfile::create();
    p.kind = ServerKind::PoolerConsole;
    p.host = QStringLiteral("pooler1");
    p.port = 6432;
    QCOMPARE(p.spec()->value(QStringLiteral("dbname")), QStringLiteral("pgbouncer"));
    ServerProfile plain = p;
    plain.kind = ServerKind::Automatic;
    QVERIFY(plain.spec()->value(QStringLiteral("dbname")).isEmpty());
    // A changed kind is a changed connection: the server is watched afresh.
    QVERIFY(!plain.sameConnection(p));
}

void TestServerProfile::fieldsBecomeTheConnection()
{
    const Expected<ConnectionSpec> parsed = everyField().spec();
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().message()));
    const ConnectionSpec spec = *parsed;
    QCOMPARE(spec.value(QStringLiteral("host")), QStringLiteral("db1.example.com"));
    QCOMPARE(spec.value(QStringLiteral("port")), QStringLiteral("6432"));
    QCOMPARE(spec.value(QStringLiteral("dbname")), QStringLiteral("maintenance db"));
    QCOMPARE(spec.value(QStringLiteral("user")), QStringLiteral("o'dba"));
    QCOMPARE(spec.value(QStringLiteral("sslmode")), QStringLiteral("verify-full"));
    QCOMPARE(spec.value(QStringLiteral("sslkey")), QStringLiteral("/home/dba/.postgresql/client.key"));
    QCOMPARE(spec.value(QStringLiteral("connect_timeout")), QStringLiteral("7"));
    QCOMPARE(everyField().displayName(), QStringLiteral("Billing — primary"));

    ServerProfile unnamed = ServerProfile::create();
    unnamed.host = QStringLiteral("db2");
    unnamed.user = QStringLiteral("dba");
    QCOMPARE(unnamed.displayName(), QStringLiteral("dba@db2"));
    // Empty fields are libpq's defaults: nothing is passed for them.
    QCOMPARE(unnamed.spec()->parameters().size(), 2);
}

void TestServerProfile::connectionStringsAreLibpqs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<QString>("value");
    QTest::newRow("conninfo") << QStringLiteral("host=db1 port=5433 user=dba") << QStringLiteral("port") << QStringLiteral("5433");
    QTest::newRow("URI") << QStringLiteral("postgresql://dba@db1:5433/postgres?sslmode=require") << QStringLiteral("sslmode")
                         << QStringLiteral("require");
    QTest::newRow("service") << QStringLiteral("service=prod") << QStringLiteral("service") << QStringLiteral("prod");
}

void TestServerProfile::connectionStringsAreLibpqs()
{
    QFETCH(QString, text);
    QFETCH(QString, keyword);
    QFETCH(QString, value);
    ServerProfile p = ServerProfile::create();
    p.useConnectionString = true;
    p.connectionString = text;
    const Expected<ConnectionSpec> spec = p.spec();
    QVERIFY2(spec.ok(), qPrintable(spec.error().message()));
    QCOMPARE(spec->value(keyword), value);
}

void TestServerProfile::malformedInputGivesLibpqsMessage_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    // libpq's own words (PQconninfoParse), not a paraphrase.
    QTest::newRow("no value") << QStringLiteral("host=db1 port") << QStringLiteral("missing \"=\" after \"port\" in connection info string");
    QTest::newRow("unknown keyword") << QStringLiteral("hots=db1") << QStringLiteral("invalid connection option \"hots\"");
    QTest::newRow("bad URI parameter") << QStringLiteral("postgresql://db1/postgres?colour=red")
                                       << QStringLiteral("invalid URI query parameter: \"colour\"");
    QTest::newRow("unterminated quote") << QStringLiteral("host='db1") << QStringLiteral("unterminated quoted string in connection info string");
}

void TestServerProfile::malformedInputGivesLibpqsMessage()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    ServerProfile p = ServerProfile::create();
    p.useConnectionString = true;
    p.connectionString = text;
    const Expected<ConnectionSpec> spec = p.spec();
    QVERIFY(!spec.ok());
    QCOMPARE(spec.error().message(), message);
}

void TestServerProfile::aPasswordInTheStringIsRefusedAndNeverSaved()
{
    ServerProfile p = ServerProfile::create();
    p.useConnectionString = true;
    p.connectionString = QStringLiteral("host=db1 user=dba password=hunter2 sslpassword=keyphrase");
    const Expected<ConnectionSpec> refused = p.spec();
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message().contains(QLatin1String("password")), qPrintable(refused.error().message()));
    p.connectionString = QStringLiteral("host=db1 sslpassword=keyphrase");
    QVERIFY(!p.spec().ok());
    p.connectionString = QStringLiteral("host=db1 user=dba password=hunter2 sslpassword=keyphrase");
    // Left behind, unparsable, in a profile switched to fields: not saved at all.
    ServerProfile typo = ServerProfile::create();
    typo.host = QStringLiteral("db2");
    typo.connectionString = QStringLiteral("postgresql://dba:hunter3@db2:54x32/");

    const QString path = m_dir.filePath(QStringLiteral("nopassword.conf"));
    {
        QSettings settings(path, QSettings::IniFormat);
        ServerProfile::save(settings, {p, typo});
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(!text.contains("hunter2"));
    QVERIFY(!text.contains("hunter3"));
    QVERIFY(!text.contains("keyphrase"));
    QVERIFY(text.contains("db1")); // the rest of the string is kept
    QVERIFY(text.contains("db2"));
}

void TestServerProfile::servicesAreReadInLibpqsOrder()
{
    // The user's file (PGSERVICEFILE) first, then the system's (PGSYSCONFDIR): a service in
    // both comes from the user's, as libpq looks it up.
    const QString user = m_dir.filePath(QStringLiteral("services.conf"));
    const QString sysconf = m_dir.filePath(QStringLiteral("etc"));
    QVERIFY(QDir().mkpath(sysconf));
    {
        QFile f(user);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# mine\n[reporting] # the one for reports\nhost=db2\ndbname=reports\n\n  [ billing ]  \nhost=db3\n[]\n");
    }
    {
        QFile f(sysconf + QStringLiteral("/pg_service.conf"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[billing]\nhost=elsewhere\n[warehouse]\nhost=db4\n");
    }
    qputenv("PGSERVICEFILE", user.toUtf8());
    qputenv("PGSYSCONFDIR", sysconf.toUtf8());
    const QStringList files = server_import::serviceFiles();
    QCOMPARE(files, (QStringList{user, sysconf + QStringLiteral("/pg_service.conf")}));
    QStringList unreadable;
    const std::vector<server_import::Service> found = server_import::services(QStringList(files) << m_dir.filePath(QStringLiteral("missing.conf")), &unreadable);
    // As libpq reads them: "reporting" with a comment after its ']'; "[ billing ]" is the
    // service " billing ", so "billing" is the system file's.
    QCOMPARE(int(found.size()), 4);
    QCOMPARE(found[0].name, QStringLiteral("reporting"));
    QCOMPARE(found[1].name, QStringLiteral(" billing "));
    QCOMPARE(found[1].file, user);
    QCOMPARE(found[2].name, QStringLiteral("billing"));
    QCOMPARE(found[2].file, sysconf + QStringLiteral("/pg_service.conf"));
    QCOMPARE(found[3].name, QStringLiteral("warehouse"));
    QCOMPARE(unreadable.size(), 1);
    // A profile that names the service: libpq reads the rest when it connects.
    const ServerProfile p = server_import::profileOfService(QStringLiteral("reporting"));
    QCOMPARE(p.name, QStringLiteral("reporting"));
    QVERIFY(p.useConnectionString);
    QCOMPARE(p.connectionString, QStringLiteral("service=reporting"));
    QVERIFY(p.host.isEmpty() && p.database.isEmpty());
    QVERIFY(p.spec().ok());
    // A name with a space and a quote stays one value for libpq.
    const ServerProfile odd = server_import::profileOfService(QStringLiteral("o'brien reports"));
    const Expected<ConnectionSpec> oddSpec = odd.spec();
    QVERIFY2(oddSpec.ok(), qPrintable(oddSpec.ok() ? QString() : oddSpec.error().message()));
    QCOMPARE(oddSpec->value(QStringLiteral("service")), QStringLiteral("o'brien reports"));
    // PGSERVICEFILE names a file that is not there: libpq fails every service ("service file
    // ... not found"), the system's too, so none is offered, and the note says why.
    const QString none = m_dir.filePath(QStringLiteral("none.conf"));
    qputenv("PGSERVICEFILE", none.toUtf8());
    QCOMPARE(server_import::serviceFiles(), (QStringList{none, sysconf + QStringLiteral("/pg_service.conf")}));
    QStringList notes;
    QVERIFY(server_import::services(server_import::serviceFiles(), &notes).empty());
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes[0].startsWith(none) && notes[0].contains(QLatin1String("none of them would connect")), qPrintable(notes[0]));
    // Neither file there, PGSERVICEFILE not set: nothing, and no error.
    qunsetenv("PGSERVICEFILE");
    qputenv("PGSYSCONFDIR", m_dir.filePath(QStringLiteral("none")).toUtf8());
    const bool homeWasSet = qEnvironmentVariableIsSet("HOME");
    const QByteArray homeWas = qgetenv("HOME");
    qputenv("HOME", m_dir.filePath(QStringLiteral("nohome")).toUtf8());
    QVERIFY(server_import::serviceFiles().isEmpty());
    if (homeWasSet)
        qputenv("HOME", homeWas);
    else
        qunsetenv("HOME");
    // Unset, the user's file is ~/.pg_service.conf; set to nothing, libpq reads no user
    // file at all (psql: service file "" not found), so none is offered.
    const bool homeSet = qEnvironmentVariableIsSet("HOME");
    const QByteArray home = qgetenv("HOME");
    const auto restoreHome = qScopeGuard([&] {
        if (homeSet)
            qputenv("HOME", home);
        else
            qunsetenv("HOME");
    });
    qputenv("HOME", m_dir.path().toUtf8());
    QFile::remove(m_dir.filePath(QStringLiteral(".pg_service.conf")));
    QVERIFY(QFile::copy(user, m_dir.filePath(QStringLiteral(".pg_service.conf"))));
    qunsetenv("PGSERVICEFILE");
    QCOMPARE(server_import::serviceFiles(), QStringList{m_dir.filePath(QStringLiteral(".pg_service.conf"))});
    qputenv("PGSERVICEFILE", QByteArray());
    QCOMPARE(server_import::serviceFiles(), QStringList{QString()});
    notes.clear();
    QVERIFY(server_import::services(server_import::serviceFiles(), &notes).empty());
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes[0].startsWith(QLatin1String("PGSERVICEFILE is set to nothing")), qPrintable(notes[0]));
    qunsetenv("PGSERVICEFILE");
    qunsetenv("PGSYSCONFDIR");
}

void TestServerProfile::aPastedListSaysWhatLibpqSaysOfEachLine()
{
    const QString text = QStringLiteral("postgresql://dba@db1:5432/app\n\n# the reporting replica\n  host=db2 port\r\nservice=billing\n"
                                        "postgresql://db3/x?colour=blue\nhost=db4 password=secret\n");
    const std::vector<server_import::Line> lines = server_import::parseLines(text);
    QCOMPARE(int(lines.size()), 5);
    QCOMPARE(lines[0].number, 1);
    QVERIFY(lines[0].profile.has_value());
    QCOMPARE(lines[0].profile->connectionString, QStringLiteral("postgresql://dba@db1:5432/app"));
    QCOMPARE(lines[1].number, 4);
    QVERIFY(!lines[1].profile.has_value());
    // libpq's own words for the line it refuses.
    char *raw = nullptr;
    PQconninfoOption *parsed = PQconninfoParse("host=db2 port", &raw);
    QVERIFY(!parsed && raw);
    const QString libpq = QString::fromUtf8(raw).trimmed();
    PQfreemem(raw);
    QVERIFY2(lines[1].error.contains(libpq), qPrintable(lines[1].error + QStringLiteral(" / ") + libpq));
    QVERIFY(lines[2].profile.has_value());
    QCOMPARE(lines[2].profile->connectionString, QStringLiteral("service=billing"));
    QVERIFY(!lines[3].profile.has_value()); // a parameter libpq does not know
    QVERIFY(!lines[3].error.isEmpty());
    QVERIFY(!lines[4].profile.has_value()); // never a password in a saved profile
    QVERIFY(lines[4].error.contains(QLatin1String("password")));
    QVERIFY(server_import::parseLines(QStringLiteral("\n  \n# only a comment\n")).empty());

    // Checked again after an edit: the lines whose text is the same are taken as they were
    // (the same profile, its id too), at their new numbers; the edited one is read anew.
    QHash<QString, server_import::Line> known;
    const std::vector<server_import::Line> first = server_import::parseLines(text, &known);
    QCOMPARE(known.size(), 5);
    const QString edited = QStringLiteral("host=db0\n") + QString(text).replace(QStringLiteral("host=db2 port\r"), QStringLiteral("host=db2 port=5433"));
    const std::vector<server_import::Line> again = server_import::parseLines(edited, &known);
    QCOMPARE(int(again.size()), 6);
    QCOMPARE(again[1].number, 2);
    QCOMPARE(again[1].profile->id, first[0].profile->id);
    QCOMPARE(again[2].number, 5);
    QVERIFY(again[2].profile.has_value());
    QCOMPARE(again[2].profile->connectionString, QStringLiteral("host=db2 port=5433"));
    QCOMPARE(again[3].profile->id, first[2].profile->id);
    QCOMPARE(again[5].error, first[4].error);
    // Only this call's lines are kept for the next.
    QCOMPARE(known.size(), 6);
    QVERIFY(!known.contains(QStringLiteral("host=db2 port")));
}

void TestServerProfile::aNoteAfterAPastedLineIsAComment()
{
    // "# starts a comment" holds after a line's connection too, as in a shell; libpq would
    // take the note into the database name of a URI, or refuse a keyword=value line.
    const std::vector<server_import::Line> lines = server_import::parseLines(
        QStringLiteral("postgresql://dba@db1/app # the primary\n"
                       "host=db2 dbname=reports\t# the replica\n"
                       "host=db3 dbname='sales #2' user=dba\n"
                       "host=db4 dbname=a#b\n"
                       "host=db5 dbname=x\\ #y\n"
                       "host=db7 dbname= #reports\n"
                       "host=db8 dbname=a\u00A0#b\n"
                       "postgresql://db6/app\tproduction\n"));
    QCOMPARE(int(lines.size()), 8);
    QVERIFY(lines[0].profile.has_value());
    QCOMPARE(lines[0].profile->spec()->value(QStringLiteral("dbname")), QStringLiteral("app"));
    QCOMPARE(lines[0].text, QStringLiteral("postgresql://dba@db1/app # the primary")); // shown as pasted
    QVERIFY2(lines[1].profile.has_value(), qPrintable(lines[1].error));
    QCOMPARE(lines[1].profile->spec()->value(QStringLiteral("dbname")), QStringLiteral("reports"));
    // In quotes, or not after a blank, or after an escaped blank, '#' is part of the value.
    QVERIFY2(lines[2].profile.has_value(), qPrintable(lines[2].error));
    QCOMPARE(lines[2].profile->spec()->value(QStringLiteral("dbname")), QStringLiteral("sales #2"));
    QCOMPARE(lines[2].profile->spec()->value(QStringLiteral("user")), QStringLiteral("dba"));
    QCOMPARE(lines[3].profile->spec()->value(QStringLiteral("dbname")), QStringLiteral("a#b"));
    QVERIFY2(lines[4].profile.has_value(), qPrintable(lines[4].error));
    QCOMPARE(lines[4].profile->spec()->value(QStringLiteral("dbname")), QStringLiteral("x #y"));
    // libpq skips the blanks after '=': "#reports" is the value. A no-break space is no
    // blank to libpq either.
    QCOMPARE(lines[5].profile->spec()->value(QStringLiteral("dbname")), QStringLiteral("#reports"));
    QCOMPARE(lines[6].profile->spec()->value(QStringLiteral("dbname")), QStringLiteral("a\u00A0#b"));
    // A URI with a blank in it is refused, not watched as database "app\tproduction".
    QVERIFY(!lines[7].profile.has_value());
    QVERIFY2(lines[7].error.contains(QLatin1String("%20")), qPrintable(lines[7].error));
}

void TestServerProfile::serviceFilesLibpqCannotReadAreSaid()
{
    // A byte-order mark (an editor's "UTF-8 with BOM") hides the first section from libpq;
    // a name in Latin-1 cannot be given to libpq as UTF-8; a file libpq cannot open stops
    // it, so a later file's services would not connect either.
    const QString bom = m_dir.filePath(QStringLiteral("bom.conf"));
    const QString latin1 = m_dir.filePath(QStringLiteral("latin1.conf"));
    const QString locked = m_dir.filePath(QStringLiteral("locked.conf"));
    const QString later = m_dir.filePath(QStringLiteral("later.conf"));
    for (const auto &[path, text] : {std::pair{bom, QByteArray("\xEF\xBB\xBF[first]\nhost=db1\n[second]\nhost=db2\n")},
                                     {latin1, QByteArray("[lager-m\xFCnchen]\nhost=db3\n[m\xC3\xBCnchen]\nhost=db4\n")},
                                     {locked, QByteArray("[locked]\nhost=db5\n")},
                                     {later, QByteArray("[later]\nhost=db6\n[\xEF\xBB\xBFmarked]\nhost=db7\n")}}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    QStringList notes;
    std::vector<server_import::Service> found = server_import::services({bom, latin1}, &notes);
    QCOMPARE(int(found.size()), 2);
    QCOMPARE(found[0].name, QStringLiteral("second"));
    QCOMPARE(found[1].name, QStringLiteral("m\u00FCnchen"));
    QCOMPARE(notes.size(), 2);
    QVERIFY2(notes[0].startsWith(bom) && notes[0].contains(QLatin1String("byte-order mark")), qPrintable(notes[0]));
    QVERIFY2(notes[1].startsWith(latin1) && notes[1].contains(QLatin1String("not UTF-8")), qPrintable(notes[1]));
    // A byte-order mark inside the brackets is part of the name to libpq: not offered as
    // "marked", which libpq would not find.
    notes.clear();
    found = server_import::services({later}, &notes);
    QCOMPARE(int(found.size()), 1);
    QCOMPARE(found[0].name, QStringLiteral("later"));
    QCOMPARE(notes.size(), 1);

    // Root reads a file whatever its mode, but not a write-only kernel setting.
    QString unreadable = locked;
    QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));
    if (QFile probe(locked); probe.open(QIODevice::ReadOnly))
        unreadable = QStringLiteral("/proc/sys/vm/drop_caches");
    QFile probe(unreadable);
    QVERIFY2(!probe.open(QIODevice::ReadOnly), qPrintable(unreadable));
    notes.clear();
    found = server_import::services({bom, unreadable, later}, &notes);
    QCOMPARE(int(found.size()), 1); // the first file's, which libpq reads before it stops
    QCOMPARE(found[0].name, QStringLiteral("second"));
    QCOMPARE(notes.size(), 2);
    QVERIFY2(notes[1].startsWith(unreadable) && notes[1].contains(later) && notes[1].contains(QLatin1String("none of them would connect")),
             qPrintable(notes[1]));
}

void TestServerProfile::theSameServerWrittenAnotherWayIsTheSame()
{
    // What libpq is given, however it is written: a URI, keyword=value pairs in any order,
    // blanks around '=', the fields.
    ServerProfile fields = ServerProfile::create();
    fields.host = QStringLiteral("db1");
    fields.user = QStringLiteral("dba");
    fields.database = QStringLiteral("postgres");
    fields.connectTimeoutSeconds = 0;
    const auto asString = [](const QString &text) {
        ServerProfile p = ServerProfile::create();
        p.useConnectionString = true;
        p.connectionString = text;
        p.host = QStringLiteral("left over from the fields"); // not what libpq is given
        return p;
    };
    const QString key = fields.reachKey();
    QVERIFY(!key.isEmpty());
    QCOMPARE(asString(QStringLiteral("postgresql://dba@db1/postgres")).reachKey(), key);
    QCOMPARE(asString(QStringLiteral("user=dba dbname=postgres host=db1")).reachKey(), key);
    QCOMPARE(asString(QStringLiteral("host = db1 user= dba dbname ='postgres'")).reachKey(), key);
    ServerProfile named = fields;
    named.name = QStringLiteral("billing");
    named.kind = ServerKind::PostgreSQL;
    named.colour = QStringLiteral("#e01b24");
    QCOMPARE(named.reachKey(), key);
    QCOMPARE(asString(QStringLiteral("service = prod")).reachKey(), server_import::profileOfService(QStringLiteral("prod")).reachKey());
    // Another port, user or database is another server; no default is filled in.
    for (const QString &other : {QStringLiteral("postgresql://dba@db1:5432/postgres"), QStringLiteral("postgresql://db1/postgres"),
                                 QStringLiteral("postgresql://dba@db1/app"), QStringLiteral("postgresql://dba@db1/postgres?sslmode=require")})
        QVERIFY2(asString(other).reachKey() != key, qPrintable(other));
    // A cluster is asked at its REST address; an invalid profile has no key.
    ServerProfile cluster = fields;
    cluster.kind = ServerKind::PatroniCluster;
    cluster.patroniUrl = QStringLiteral("http://db1:8008");
    QVERIFY(cluster.reachKey() != key);
    ServerProfile otherCluster = cluster;
    otherCluster.patroniUrl = QStringLiteral("http://db9:8008");
    QVERIFY(otherCluster.reachKey() != cluster.reachKey());
    QVERIFY(asString(QStringLiteral("host=db2 port")).reachKey().isEmpty());
}

void TestServerProfile::aPatroniClusterIsARestAddress()
{
    ServerProfile p = ServerProfile::create();
    p.kind = ServerKind::PatroniCluster;
    p.patroniUrl = QStringLiteral("https://db1.example.com:8008");
    p.patroniCaCert = QStringLiteral("/etc/pki/company-ca.pem");
    p.patroniCert = QStringLiteral("/home/dba/rest.crt");
    p.patroniKey = QStringLiteral("/home/dba/rest.key");
    p.user = QStringLiteral("dba");
    QCOMPARE(p.displayName(), QStringLiteral("Patroni at db1.example.com:8008"));
    QCOMPARE(p.patroniAddress()->toString(), QStringLiteral("https://db1.example.com:8008"));
    QCOMPARE(p.patroniTlsProblem(), QString());
    // Saved and read back as it was.
    {
        QSettings settings(m_dir.filePath(QStringLiteral("patroni.ini")), QSettings::IniFormat);
        ServerProfile::save(settings, {p});
    }
    QSettings settings(m_dir.filePath(QStringLiteral("patroni.ini")), QSettings::IniFormat);
    const QList<ServerProfile> read = ServerProfile::load(settings);
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.first().kind, ServerKind::PatroniCluster);
    QCOMPARE(read.first().patroniUrl, p.patroniUrl);
    QCOMPARE(read.first().patroniCaCert, p.patroniCaCert);
    QCOMPARE(read.first().patroniCert, p.patroniCert);
    QCOMPARE(read.first().patroniKey, p.patroniKey);
    QVERIFY(read.first() == p);
    // Another CA is another profile (the REST API's trust changed).
    ServerProfile otherCa = p;
    otherCa.patroniCaCert = QStringLiteral("/etc/pki/other-ca.pem");
    QVERIFY(otherCa != p);
    // Another REST address is another connection, but its members are reached as before
    // (the registry keeps them, and asks the new address).
    ServerProfile moved = p;
    moved.patroniUrl = QStringLiteral("http://db2.example.com:8008");
    QVERIFY(!moved.sameConnection(p));
    QVERIFY(moved.sameDatabaseConnection(p));
    QVERIFY(otherCa.sameDatabaseConnection(p));
    ServerProfile otherUser = p;
    otherUser.user = QStringLiteral("monitor");
    QVERIFY(!otherUser.sameDatabaseConnection(p));
}

void TestServerProfile::theSameConnectionIsReachedTheSameWay()
{
    ServerProfile a = ServerProfile::create();
    a.host = QStringLiteral("db1");
    a.database = QStringLiteral("postgres");
    ServerProfile renamed = a;
    renamed.id = ServerProfile::create().id;
    renamed.name = QStringLiteral("billing");
    renamed.colour = QStringLiteral("#ff0000");
    renamed.group = QStringLiteral("production");
    QVERIFY(renamed.sameConnection(a));
    QCOMPARE(renamed.reachKey(), a.reachKey());
    // Texts that run together the same way are not one connection.
    ServerProfile shifted = a;
    shifted.host = QStringLiteral("db1p");
    shifted.database = QStringLiteral("ostgres");
    ServerProfile asString = a;
    asString.useConnectionString = true;
    ServerProfile otherPort = a;
    otherPort.port = 5433;
    ServerProfile otherKind = a;
    otherKind.kind = ServerKind::PoolerConsole;
    ServerProfile otherKey = a;
    otherKey.patroniKey = QStringLiteral("/home/dba/rest.key");
    for (const ServerProfile &other : {shifted, asString, otherPort, otherKind, otherKey})
        QVERIFY(!other.sameConnection(a));
    // What libpq is given differs for the first three; a pooler's console or a REST key
    // changes nothing libpq is given for database "postgres" on db1.
    for (const ServerProfile &other : {shifted, asString, otherPort})
        QVERIFY(other.reachKey() != a.reachKey());
    QCOMPARE(otherKind.reachKey(), a.reachKey());
    QCOMPARE(otherKey.reachKey(), a.reachKey());
}

void TestServerProfile::patroniAddressesAreChecked_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("address"); // as used, or empty
    QTest::addColumn<QString>("error");   // or empty
    QTest::newRow("plain") << "http://10.0.0.5:8008" << "http://10.0.0.5:8008" << "";
    QTest::newRow("https, with a path") << " https://ha.example.com/patroni " << "https://ha.example.com/patroni" << "";
    QTest::newRow("host and port alone") << "db1:8008" << "http://db1:8008" << "";
    QTest::newRow("empty") << "" << ""
                           << "A Patroni cluster needs the REST address of one of its members, such as http://db1:8008.";
    QTest::newRow("another scheme") << "ftp://db1:8008" << ""
                                    << "\"ftp://db1:8008\" is not a REST address: Patroni answers over http or https, not ftp.";
    QTest::newRow("no host") << "http://:8008" << "" << "\"http://:8008\" is not a REST address: give one such as http://db1:8008.";
    QTest::newRow("a password in it") << "http://admin:s3cret@db1:8008" << ""
                                      << "The REST address holds a user name or password: give it without them (http://db1:8008). A profile never "
                                         "holds a password, and Patroni's member list needs none.";
    QTest::newRow("port out of range") << "http://db1:99999" << "" << "\"http://db1:99999\" is not a REST address: give one such as http://db1:8008.";
}

void TestServerProfile::patroniAddressesAreChecked()
{
    QFETCH(QString, typed);
    QFETCH(QString, address);
    QFETCH(QString, error);
    ServerProfile p = ServerProfile::create();
    p.kind = ServerKind::PatroniCluster;
    p.patroniUrl = typed;
    const Expected<QUrl> url = p.patroniAddress();
    QCOMPARE(url.ok() ? QString() : url.error().message(), error);
    if (url.ok())
        QCOMPARE(url->toString(), address);
}

void TestServerProfile::patroniMemberListsAreRead()
{
    // As Patroni 3.0.2 answers GET /cluster: members by name, no lag on the leader, "unknown"
    // and no timeline on a member that is stopping.
    const QByteArray body = R"({"members": [
        {"name": "m1", "role": "sync_standby", "state": "streaming", "api_url": "http://10.0.0.1:8008/patroni", "host": "10.0.0.1", "port": 5432, "timeline": 3, "lag": 1536},
        {"name": "m2", "role": "replica", "state": "stopping", "api_url": "http://10.0.0.2:8008/patroni", "host": "10.0.0.2", "port": 5433, "lag": "unknown"},
        {"name": "m3", "role": "leader", "state": "running", "api_url": "http://10.0.0.3:8008/patroni", "host": "10.0.0.3", "port": 5434, "timeline": 3}
    ], "pause": true})";
    const Expected<PatroniTopology> t = patroni::parseCluster(body);
    QVERIFY(t.ok());
    QVERIFY(t->paused);
    QCOMPARE(t->members.size(), 3);
    // The leader first, then by name.
    QCOMPARE(t->members[0].name, QStringLiteral("m3"));
    QCOMPARE(t->leader()->name, QStringLiteral("m3"));
    QCOMPARE(t->members[0].describe(), QStringLiteral("leader · running · timeline 3"));
    QCOMPARE(t->members[1].name, QStringLiteral("m1"));
    QCOMPARE(t->members[1].host, QStringLiteral("10.0.0.1"));
    QCOMPARE(t->members[1].port, 5432);
    QCOMPARE(t->members[1].describe(), QStringLiteral("sync standby · streaming · timeline 3 · lag %1 KiB").arg(QLocale().toString(1.5, 'f', 1)));
    QCOMPARE(t->members[2].describe(), QStringLiteral("replica · stopping · lag unknown"));
    QCOMPARE(t->members[2].timeline, -1);
    QCOMPARE(t->members[2].lagBytes, -1);
    // Patroni 4's quorum commit and a standby cluster's leader.
    const Expected<PatroniTopology> quorum = patroni::parseCluster(R"({"members": [
        {"name": "q1", "role": "quorum_standby", "state": "streaming", "host": "10.0.0.1", "port": 5432, "timeline": 2, "lag": 0},
        {"name": "s1", "role": "standby_leader", "state": "in archive recovery", "host": "10.0.0.2", "port": 5432, "timeline": 2}]})");
    QVERIFY(quorum.ok());
    QCOMPARE(quorum->leader()->name, QStringLiteral("s1"));
    QCOMPARE(quorum->members[0].describe(), QStringLiteral("standby leader · in archive recovery · timeline 2"));
    QCOMPARE(quorum->members[1].describe(), QStringLiteral("quorum standby · streaming · timeline 2 · lag 0 B"));
    // No leader at all (mid-failover).
    const Expected<PatroniTopology> none = patroni::parseCluster(R"({"members": [{"name": "m1", "role": "replica", "state": "running"}]})");
    QVERIFY(none.ok());
    QCOMPARE(none->leader(), nullptr);
}

void TestServerProfile::patroniAnswersThatAreNotMemberListsAreSaid()
{
    QCOMPARE(patroni::parseCluster("<html>nginx</html>").error().message().left(26), QStringLiteral("the answer is not JSON (il"));
    QCOMPARE(patroni::parseCluster(R"({"state": "running"})").error().message(),
             QStringLiteral("the answer has no member list: {\"state\": \"running\"}"));
    QCOMPARE(patroni::parseCluster(R"({"members": [{"role": "leader"}]})").error().message(),
             QStringLiteral("a member without a name in the answer: {\"role\":\"leader\"}"));
    // Each member is watched as the server of its name: the same name twice is refused.
    QCOMPARE(patroni::parseCluster(R"({"members": [{"name": "pg1", "role": "leader", "host": "10.0.0.1", "port": 5432},
                                                   {"name": "pg1", "role": "replica", "host": "10.0.0.2", "port": 5432}]})")
                 .error()
                 .message(),
             QStringLiteral("two members named \"pg1\" in the answer: which one is that member cannot be told"));
}

QTEST_GUILESS_MAIN(TestServerProfile)
#include "tst_server_profile.moc"
