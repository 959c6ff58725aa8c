// SPDX-License-Identifier: GPL-3.0-or-later
// What the user reads and exports, safely: control and reordering characters shown, not
// obeyed; bytes that are not UTF-8 kept apart; CSV that a spreadsheet cannot run; log
// results in sentences.
#include "actions/action.h"
#include "base/csv.h"
#include "models/formatter.h"
#include "pg/text_codec.h"

#include <QtTest>

#include <vector>

class TestFormatting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void controlAndReorderingCharactersAreShown_data();
    void controlAndReorderingCharactersAreShown();
    void plainTextIsTheSameText();
    void bytesThatAreNotUtf8SurviveTheRoundTrip();
    void csvQuotesEveryLineBreakAndDefusesFormulas_data();
    void csvQuotesEveryLineBreakAndDefusesFormulas();
    void aResultReadsInSentences();
    void agesReadInSecondsMinutesHoursAndDays_data();
    void agesReadInSecondsMinutesHoursAndDays();
    void agesReadAsArgWritesThem();
    void agesReadTheSameExactlyWhenShownTheSame();
};

void TestFormatting::controlAndReorderingCharactersAreShown_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("multiline");
    QTest::addColumn<QString>("shown");
    QTest::newRow("carriage return in a role name") << QStringLiteral("app\ruser") << false << QStringLiteral("app␍user");
    QTest::newRow("line break on one line") << QStringLiteral("a\nb") << false << QStringLiteral("a␊b");
    QTest::newRow("line break in a query") << QStringLiteral("SELECT 1\nFROM t") << true << QStringLiteral("SELECT 1\nFROM t");
    QTest::newRow("right-to-left override") << QStringLiteral("SELECT 'abc") + QChar(0x202E) + QStringLiteral("fed'") << true
                                            << QStringLiteral("SELECT 'abc⟨U+202E⟩fed'");
    QTest::newRow("isolate") << QChar(0x2067) + QStringLiteral("x") << false << QStringLiteral("⟨U+2067⟩x");
    QTest::newRow("escape and delete") << QStringLiteral("a\x1b" "b\x7f") << false << QStringLiteral("a␛b␡");
    QTest::newRow("a byte that is not UTF-8") << QStringLiteral("caf") + QChar(char16_t(0xDCE9)) << false << QStringLiteral("caf\\xe9");
}

void TestFormatting::controlAndReorderingCharactersAreShown()
{
    QFETCH(QString, text);
    QFETCH(bool, multiline);
    QFETCH(QString, shown);
    QCOMPARE(format::visible(text, multiline), shown);
}

void TestFormatting::plainTextIsTheSameText()
{
    const QString text = QString::fromUtf8("Grüße, 日本, emoji 😀, \"quotes\" <b>");
    const QString shown = format::visible(text);
    QCOMPARE(shown, text);
    QCOMPARE(shown.constData(), text.constData()); // no copy made for the usual case
}

void TestFormatting::bytesThatAreNotUtf8SurviveTheRoundTrip()
{
    const QByteArray e9("caf\xe9"), ef("caf\xef"), valid("café 😀");
    const QString a = pg::decodeText(e9.constData(), int(e9.size())), b = pg::decodeText(ef.constData(), int(ef.size()));
    QVERIFY(a != b); // the usual decoding makes both "caf\uFFFD"
    QCOMPARE(pg::encodeText(a), e9);
    QCOMPARE(pg::encodeText(b), ef);
    QCOMPARE(pg::decodeText(valid.constData(), int(valid.size())), QString::fromUtf8(valid));
    QCOMPARE(pg::encodeText(QString::fromUtf8(valid)), valid);
    const QByteArray truncated("ab\xe2\x82"); // a sequence cut short
    QCOMPARE(pg::encodeText(pg::decodeText(truncated.constData(), int(truncated.size()))), truncated);
}

void TestFormatting::csvQuotesEveryLineBreakAndDefusesFormulas_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << QStringLiteral("web") << QStringLiteral("web");
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("line feed") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("lone carriage return") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
    QTest::newRow("formula") << QStringLiteral("=HYPERLINK(\"http://x\")") << QStringLiteral("\"'=HYPERLINK(\"\"http://x\"\")\"");
    QTest::newRow("plus") << QStringLiteral("+1") << QStringLiteral("'+1");
    QTest::newRow("minus (a comment)") << QStringLiteral("-- nightly") << QStringLiteral("'-- nightly");
    QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
}

void TestFormatting::csvQuotesEveryLineBreakAndDefusesFormulas()
{
    QFETCH(QString, value);
    QFETCH(QString, field);
    QCOMPARE(csv::field(value), field);
}

void TestFormatting::aResultReadsInSentences()
{
    ActionSummary s;
    s.counts[Outcome::Terminated] = 3;
    s.durationMs = 9;
    s.error = Error(QStringLiteral("Could not rename the database: database \"x\" already exists"));
    s.notes << QStringLiteral("The journal /x cannot be written (write): No space left on device");
    QCOMPARE(s.describe(), QStringLiteral("3 terminated in 9 ms. Could not rename the database: database \"x\" already exists. "
                                          "The journal /x cannot be written (write): No space left on device."));
}

void TestFormatting::agesReadInSecondsMinutesHoursAndDays_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("shown");
    constexpr qint64 second = 1000000;
    QTest::newRow("unknown") << kNoTime << QString();
    QTest::newRow("a clock behind") << -5 * second << QStringLiteral("0 s");
    QTest::newRow("none") << qint64(0) << QStringLiteral("0 s");
    QTest::newRow("under a second") << second - 1 << QStringLiteral("0 s");
    QTest::newRow("59 s") << 59 * second + 999999 << QStringLiteral("59 s");
    QTest::newRow("a minute") << 60 * second << QStringLiteral("1:00");
    QTest::newRow("61 s") << 61 * second << QStringLiteral("1:01");
    QTest::newRow("10:05") << 605 * second << QStringLiteral("10:05");
    QTest::newRow("under an hour") << 3599 * second << QStringLiteral("59:59");
    QTest::newRow("an hour") << 3600 * second << QStringLiteral("1:00:00");
    QTest::newRow("10:01:01") << 36061 * second << QStringLiteral("10:01:01");
    QTest::newRow("under a day") << 86399 * second << QStringLiteral("23:59:59");
    QTest::newRow("a day") << 86400 * second << QStringLiteral("1 d 00:00:00");
    QTest::newRow("2 d 03:04:05") << (2 * 86400 + 3 * 3600 + 4 * 60 + 5) * second << QStringLiteral("2 d 03:04:05");
    QTest::newRow("400 days") << (400 * 86400 + 1) * second << QStringLiteral("400 d 00:00:01");
}

void TestFormatting::agesReadInSecondsMinutesHoursAndDays()
{
    QFETCH(qint64, micros);
    QFETCH(QString, shown);
    QCOMPARE(format::duration(micros), shown);
}

void TestFormatting::agesReadAsArgWritesThem()
{
    // The ages as QString::arg() wrote them, every 7 s over a hundred days and around each
    // unit's edges.
    const auto byArg = [](qint64 seconds) {
        if (seconds < 60)
            return QStringLiteral("%1 s").arg(seconds);
        const qint64 s = seconds % 60, m = seconds / 60 % 60, h = seconds / 3600 % 24, d = seconds / 86400;
        const QChar zero(QLatin1Char('0'));
        if (d > 0)
            return QStringLiteral("%1 d %2:%3:%4").arg(d).arg(h, 2, 10, zero).arg(m, 2, 10, zero).arg(s, 2, 10, zero);
        if (h > 0)
            return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, zero).arg(s, 2, 10, zero);
        return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, zero);
    };
    int compared = 0;
    for (qint64 seconds = 0; seconds < 100 * 86400; seconds += seconds < 4000 ? 1 : 7) {
        QCOMPARE(format::duration(seconds * 1000000 + 123), byArg(seconds));
        ++compared;
    }
    QVERIFY(compared > 1000000);
}

void TestFormatting::agesReadTheSameExactlyWhenShownTheSame()
{
    // Pairs of ages around each second's edge, negative ones (a clock behind), no time,
    // and far apart: durationShown() equal exactly when duration() reads the same.
    std::vector<qint64> ages{kNoTime, -5000000, -1, 0, 1};
    for (qint64 seconds : {0, 1, 59, 60, 61, 3599, 3600, 86399, 86400, 400 * 86400}) {
        for (qint64 offset : {-1, 0, 1, 499999, 999999})
            ages.push_back(seconds * 1000000 + offset);
    }
    int same = 0, compared = 0;
    for (const qint64 a : ages) {
        for (const qint64 b : ages) {
            const bool readsTheSame = format::duration(a) == format::duration(b);
            QCOMPARE(format::durationShown(a) == format::durationShown(b), readsTheSame);
            same += readsTheSame && a != b;
            ++compared;
        }
    }
    QVERIFY(same > 20 && compared > 2000); // (both answers were asked for, many times)
}

QTEST_GUILESS_MAIN(TestFormatting)
#include "tst_formatting.moc"
