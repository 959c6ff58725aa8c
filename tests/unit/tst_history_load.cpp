// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline's load: what counts in which band, and how samples become the chart's
// stretches, with a missed poll a gap and never a zero.
#include "history/history_load.h"
#include "history/history_file.h"
#include "history/sample_compressor.h"

#include <QRandomGenerator>

#include <QtTest>

using namespace history;

namespace {

Session session(int pid, const QString &database, const QString &state, const QString &waitType = {}, const QString &waitEvent = {})
{
    Session s;
    s.key.pid = pid;
    s.database = database;
    s.state = state;
    s.waitEventType = waitType;
    s.waitEvent = waitEvent;
    s.backendType = QStringLiteral("client backend");
    return s;
}

LoadPoint point(qint64 atMs, double cpu)
{
    LoadPoint p;
    p.atMs = atMs;
    p.bands.insert(kCpuBand, cpu);
    return p;
}

} // namespace

class TestHistoryLoad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sessionsCountInTheirBand();
    void countingAgreesWithOneSessionAtATime();
    void loadSurvivesEncoding();
    void aMissedPollIsAGapNotAZero();
    void bucketsAverageTheirSamples();
    void pointsMergeIntoTheirStretch();
    void severalServersAddUpStretchByStretch();
    void samplesAreCompressedAsQCompressDoes();
    void samplesAreEncodedAsQDataStreamDoes();
};

void TestHistoryLoad::sessionsCountInTheirBand()
{
    Snapshot snap;
    snap.sessions = {session(1, QStringLiteral("shop"), QStringLiteral("active")),
                     session(2, QStringLiteral("shop"), QStringLiteral("active"), QStringLiteral("Lock"), QStringLiteral("transactionid")),
                     session(3, QStringLiteral("shop"), QStringLiteral("active"), QStringLiteral("Lock"), QStringLiteral("transactionid")),
                     session(4, QStringLiteral("shop"), QStringLiteral("idle in transaction"), QStringLiteral("Client"), QStringLiteral("ClientRead")),
                     session(5, QStringLiteral("shop"), QStringLiteral("idle in transaction (aborted)")),
                     session(6, QStringLiteral("shop"), QStringLiteral("idle"), QStringLiteral("Client"), QStringLiteral("ClientRead")),
                     session(7, QStringLiteral("games"), QStringLiteral("active"), QStringLiteral("IO"), QStringLiteral("DataFileRead"))};
    Session own = session(8, QStringLiteral("shop"), QStringLiteral("active"));
    own.own = true; // pgsessions' own poll is not load
    Session walwriter = session(9, QString(), QString(), QStringLiteral("Activity"), QStringLiteral("WalWriterMain"));
    walwriter.backendType = QStringLiteral("walwriter");
    Session vacuum = session(10, QStringLiteral("games"), QStringLiteral("active"));
    vacuum.backendType = QStringLiteral("autovacuum worker");
    snap.sessions.push_back(own);
    snap.sessions.push_back(walwriter);
    snap.sessions.push_back(vacuum);

    const LoadByDatabase load = loadOf(snap);
    QCOMPARE(load.keys(), (QStringList{QStringLiteral("games"), QStringLiteral("shop")}));
    const QMap<QString, qint32> shop = load.value(QStringLiteral("shop"));
    QCOMPARE(shop.value(kCpuBand), 1);
    QCOMPARE(shop.value(QStringLiteral("Lock:transactionid")), 2);
    QCOMPARE(shop.value(kIdleInTransactionBand), 2); // its ClientRead wait is not load
    QCOMPARE(shop.size(), 3);                         // the idle one counts nowhere
    const QMap<QString, qint32> games = load.value(QStringLiteral("games"));
    QCOMPARE(games.value(QStringLiteral("IO:DataFileRead")), 1);
    QCOMPARE(games.value(kCpuBand), 1); // the autovacuum worker

    const Bands all = bandsOf(load, {});
    QCOMPARE(all.value(kCpuBand), 2.0);
    QCOMPARE(bandsOf(load, QStringLiteral("games")).value(kCpuBand), 1.0);
    QVERIFY(bandsOf(load, QStringLiteral("nothing")).isEmpty());

    // Many databases, each with its own wait: each counted in its own (past the short list
    // the counting starts with), a wait type without an event as the type alone.
    Snapshot many;
    for (int i = 0; i < 150; ++i) {
        const QString database = QStringLiteral("db%1").arg(i % 100);
        many.sessions.push_back(session(100 + i, database, QStringLiteral("active"), QStringLiteral("IO"), QStringLiteral("Read%1").arg(i % 100)));
    }
    many.sessions.push_back(session(99, QStringLiteral("db7"), QStringLiteral("active"), QStringLiteral("Extension"), QString()));
    const LoadByDatabase spread = loadOf(many);
    QCOMPARE(spread.size(), 100);
    QCOMPARE(spread.value(QStringLiteral("db7")).value(QStringLiteral("IO:Read7")), 2);  // sessions 107 and 157
    QCOMPARE(spread.value(QStringLiteral("db99")).value(QStringLiteral("IO:Read99")), 1); // 199 only
    QCOMPARE(spread.value(QStringLiteral("db7")).value(QStringLiteral("Extension")), 1);
    QCOMPARE(spread.value(QStringLiteral("db7")).size(), 2);

    // A snapshot that carries its load (counted by the thread that read it) is not
    // counted again.
    Snapshot carried = snap;
    carried.load = std::make_shared<const LoadByDatabase>(LoadByDatabase{{QStringLiteral("elsewhere"), {{kCpuBand, 7}}}});
    QCOMPARE(loadOf(carried).keys(), QStringList{QStringLiteral("elsewhere")});
}

// The count against the plainest one: each session looked at alone and added to the map,
// over random polls of few or many databases, waits, states and kinds of backend (the
// count keeps a short list of keys first, then goes to the map directly).
void TestHistoryLoad::countingAgreesWithOneSessionAtATime()
{
    const auto plain = [](const Snapshot &snap) {
        LoadByDatabase load;
        for (const Session &s : snap.sessions) {
            const bool counted = s.backendType == QLatin1String("client backend") || s.backendType == QLatin1String("parallel worker")
                                 || s.backendType == QLatin1String("autovacuum worker");
            if (s.own || s.database.isEmpty() || s.state.isEmpty() || s.state == QLatin1String("idle") || !counted)
                continue;
            const QString band = s.state.startsWith(QLatin1String("idle in transaction")) ? QStringLiteral("idle in transaction")
                                 : s.waitEventType.isEmpty()                            ? QStringLiteral("CPU")
                                 : s.waitEvent.isEmpty()                                ? s.waitEventType
                                                                                        : s.waitEventType + QLatin1Char(':') + s.waitEvent;
            ++load[s.database][band];
        }
        return load;
    };
    QRandomGenerator random(16);
    const QStringList states{QStringLiteral("active"), QStringLiteral("idle"), QStringLiteral("idle in transaction"),
                             QStringLiteral("idle in transaction (aborted)"), QString()};
    const QStringList kinds{QStringLiteral("client backend"), QStringLiteral("parallel worker"), QStringLiteral("autovacuum worker"),
                            QStringLiteral("walwriter")};
    for (const int databases : {1, 3, 20, 200}) {
        for (int round = 0; round < 5; ++round) {
            Snapshot snap;
            for (int i = 0; i < 600; ++i) {
                const int wait = int(random.bounded(6));
                Session s = session(i, random.bounded(10) == 0 ? QString() : QStringLiteral("db%1").arg(random.bounded(databases)),
                                    states[random.bounded(states.size())], wait < 2 ? QString() : QStringLiteral("Type%1").arg(wait),
                                    wait < 4 ? QString() : QStringLiteral("Event%1").arg(random.bounded(30)));
                s.backendType = kinds[random.bounded(kinds.size())];
                s.own = random.bounded(20) == 0;
                snap.sessions.push_back(s);
            }
            const LoadByDatabase expected = plain(snap);
            QVERIFY(!expected.isEmpty());
            QCOMPARE(loadOf(snap), expected);
        }
    }
}

void TestHistoryLoad::loadSurvivesEncoding()
{
    LoadByDatabase load;
    load[QStringLiteral("shop \"x\"")][QStringLiteral("Lock:tuple")] = 3;
    load[QStringLiteral("ünïcode")][kCpuBand] = 1;
    // Names go by id, as the history file's texts table keeps them.
    QStringList texts;
    const auto idOf = [&](const QString &text) {
        if (!texts.contains(text))
            texts << text;
        return qint64(texts.indexOf(text) + 1);
    };
    const auto textOf = [&](qint64 id) { return texts.value(int(id - 1)); };
    const QByteArray data = encodeLoad(load, idOf);
    QVERIFY(data.size() < 12); // a few bytes a sample, not its names
    LoadByDatabase back;
    QVERIFY(decodeLoad(data, back, textOf));
    QCOMPARE(back, load);
    LoadByDatabase damaged;
    QVERIFY(!decodeLoad(data.left(data.size() - 1), damaged, textOf));
    QVERIFY(!decodeLoad(data + QByteArray(1, '\x01'), damaged, textOf));
    QVERIFY(!decodeLoad(QByteArray("\xff\xff\xff", 3), damaged, textOf));
}

void TestHistoryLoad::aMissedPollIsAGapNotAZero()
{
    // Polls every second for 10 s, none for 20 s, then 10 s more; 40 one-second buckets.
    std::vector<LoadPoint> points;
    for (int s = 0; s < 10; ++s)
        points.push_back(point(s * 1000, 2));
    for (int s = 30; s < 40; ++s)
        points.push_back(point(s * 1000, 4));
    const std::vector<LoadBucket> b = bucketize(points, 0, 40000, 40, 2500);
    QCOMPARE(int(b.size()), 40);
    for (int i = 0; i < 10; ++i)
        QVERIFY2(!b[size_t(i)].gap && b[size_t(i)].bands.value(kCpuBand) == 2, qPrintable(QString::number(i)));
    for (int i = 10; i < 30; ++i)
        QVERIFY2(b[size_t(i)].gap && b[size_t(i)].bands.isEmpty(), qPrintable(QString::number(i)));
    for (int i = 30; i < 40; ++i)
        QCOMPARE(b[size_t(i)].bands.value(kCpuBand), 4.0);
    // Buckets finer than the polls: those between two polls take the one before.
    const std::vector<LoadBucket> fine = bucketize(points, 0, 9000, 36, 2500);
    for (const LoadBucket &k : fine)
        QVERIFY(!k.gap && k.bands.value(kCpuBand) == 2);
}

void TestHistoryLoad::bucketsAverageTheirSamples()
{
    const std::vector<LoadPoint> points = {point(0, 1), point(1000, 3), point(2000, 5), point(3000, 7)};
    const std::vector<LoadBucket> b = bucketize(points, 0, 4000, 2, 2500);
    QCOMPARE(b[0].samples, 2);
    QCOMPARE(b[0].bands.value(kCpuBand), 2.0);
    QCOMPARE(b[1].bands.value(kCpuBand), 6.0);
    QCOMPARE(b[1].fromMs, qint64(2000));
    QVERIFY(bucketize(points, 0, 0, 10, 2500).empty());
}

void TestHistoryLoad::pointsMergeIntoTheirStretch()
{
    // A day in stretches of 288 s: the GUI thread holds 300 points, not 86,400.
    std::vector<LoadPoint> points;
    for (int s = 0; s < 600; ++s)
        points.push_back(point(1000000 + s * 1000, s < 288 ? 2 : 4));
    const std::vector<LoadPoint> merged = aggregate(points, 288000);
    QCOMPARE(int(merged.size()), 3); // 1,000 s to 1,599 s: the stretches from 864, 1,152 and 1,440 s
    QCOMPARE(merged[0].atMs, qint64(864000));
    QCOMPARE(merged[1].atMs, qint64(1152000));
    QCOMPARE(merged[0].samples, 152);
    QCOMPARE(merged[1].samples, 288);
    QCOMPARE(merged[2].samples, 160);
    // 1,152 s to 1,440 s: samples 152..439, of which 152..287 at 2 and 288..439 at 4.
    QCOMPARE(merged[1].bands.value(kCpuBand), (136 * 2.0 + 152 * 4.0) / 288);
    // A band that only some samples have is averaged over all of them.
    std::vector<LoadPoint> some;
    addPoint(some, point(0, 1), 10000);
    LoadPoint lock;
    lock.atMs = 5000;
    lock.bands.insert(QStringLiteral("Lock:tuple"), 3);
    addPoint(some, lock, 10000);
    QCOMPARE(int(some.size()), 1);
    QCOMPARE(some[0].bands.value(kCpuBand), 0.5);
    QCOMPARE(some[0].bands.value(QStringLiteral("Lock:tuple")), 1.5);
    // Without a stretch, every point stays.
    QCOMPARE(int(aggregate(points, 0).size()), 600);
    // A stretch with no poll stays a gap in the chart.
    std::vector<LoadPoint> gapped = {point(0, 1), point(20000, 1)};
    const std::vector<LoadBucket> b = bucketize(aggregate(gapped, 10000), 0, 30000, 3, 15000);
    QVERIFY(!b[0].gap && b[1].gap && !b[2].gap);
}

void TestHistoryLoad::severalServersAddUpStretchByStretch()
{
    // Server A polls twice in the first second (1 and 3 on the CPU: a mean of 2), B once
    // (1); in the next second only A (4). Seconds, not polls, line them up.
    const std::vector<LoadPoint> a = {point(10000, 1), point(10500, 3), point(11200, 4)};
    const std::vector<LoadPoint> b = {point(10300, 1)};
    const std::vector<LoadPoint> sum = sumSeries({a, b}, 1000);
    QCOMPARE(sum.size(), size_t(2));
    QCOMPARE(sum[0].atMs, qint64(10000));
    QCOMPARE(sum[0].bands.value(kCpuBand), 3.0);
    QCOMPARE(sum[1].atMs, qint64(11000));
    QCOMPARE(sum[1].bands.value(kCpuBand), 4.0);
    QVERIFY(sumSeries({}, 1000).empty());
}

// History files hold samples as qCompress(data, 3) wrote them, and are read with
// qUncompress: the writer's own stream writes the same bytes, sample after sample.
void TestHistoryLoad::samplesAreCompressedAsQCompressDoes()
{
    SampleCompressor compressor;
    QRandomGenerator random(7);
    QList<QByteArray> samples{QByteArray(), QByteArray("x"), QByteArray(100000, 'a')};
    for (const int size : {300, 12000, 70000, 400000}) {
        QByteArray mixed;
        mixed.reserve(size);
        for (int i = 0; i < size; ++i) // repeats, as rows do, and noise
            mixed.append(char(i % 97 < 60 ? 'a' + (i / 97) % 5 : int(random.bounded(256))));
        samples << mixed;
    }
    for (int round = 0; round < 2; ++round) { // the stream is reused
        for (const QByteArray &data : std::as_const(samples)) {
            const QByteArray packed = compressor.compress(data);
            QCOMPARE(packed, qCompress(data, 3));
            QCOMPARE(qUncompress(packed), data);
        }
    }
}

void TestHistoryLoad::samplesAreEncodedAsQDataStreamDoes()
{
    // The writer's bytes are read back with QDataStream (Qt_6_0): they must be its bytes,
    // for no rows, rows with and without blockers, times unknown and negative ids.
    using history_file::Counts;
    using history_file::Row;
    const auto streamed = [](const std::vector<Row> &rows, const Counts &idle, const Counts &hidden) {
        QByteArray data;
        QDataStream out(&data, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_0);
        out << quint32(rows.size());
        for (const Row &r : rows)
            out << r.session << r.state << r.waitType << r.waitEvent << r.query << r.xactStart << r.queryStart << r.stateChange << r.blockedBy;
        for (const Counts *counts : {&idle, &hidden}) {
            out << quint32(counts->size());
            for (const auto &[database, n] : *counts)
                out << database << n;
        }
        return data;
    };
    Row busy;
    busy.session = 123456789012;
    busy.state = 3;
    busy.waitType = -1;
    busy.waitEvent = 70000;
    busy.query = -5;
    busy.xactStart = 1764000000123456;
    busy.queryStart = kNoTime;
    busy.stateChange = 1;
    Row waiting = busy;
    waiting.session = 2;
    waiting.blockedBy = {7, 70000, -1};
    const std::vector<std::tuple<std::vector<Row>, Counts, Counts>> cases{
        {{}, {}, {}},
        {{busy}, {}, {}},
        {{busy, waiting, Row()}, {{11, 790}, {12, 3}}, {{11, 2}}},
        {{}, {{-9, 0}}, {}},
    };
    for (const auto &[rows, idle, hidden] : cases) {
        const QByteArray encoded = history_file::encodeSample(rows, idle, hidden);
        QCOMPARE(encoded, streamed(rows, idle, hidden));
    }
}

QTEST_GUILESS_MAIN(TestHistoryLoad)
#include "tst_history_load.moc"
