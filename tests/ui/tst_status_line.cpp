// SPDX-License-Identifier: GPL-3.0-or-later
// The status line on its own (no server): what it says, what a screen reader hears, and
// that it shows its text as a label would, however little of it a change repainted.
#include "models/blocking_model.h"
#include "pg/connection_spec.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "screen_pixels.h"
#include "window/status_line.h"

#include <QAccessible>
#include <QLabel>
#include <QPaintEvent>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <QtTest>

#include <memory>

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kNow = qint64(1764000000) * kSecond;

Session session(int pid, QVector<int> blockedBy = {})
{
    Session s;
    s.key = {1, pid, kNow - 3600 * kSecond + pid};
    s.database = QStringLiteral("games");
    s.backendType = QStringLiteral("client backend");
    s.state = blockedBy.isEmpty() ? QStringLiteral("idle in transaction") : QStringLiteral("active");
    s.waitEventType = blockedBy.isEmpty() ? QString() : QStringLiteral("Lock");
    s.blockedBy = blockedBy;
    s.queryStart = kNow - 9 * kSecond; // a waiter has waited 9 s at kNow
    return s;
}

// Session 1 holds up session 2, the poll taken @p waited seconds into the wait.
Snapshot blocking(int waited)
{
    Snapshot s;
    s.server = 1;
    s.serverTime = kNow + (waited - 9) * kSecond;
    s.sessions = {session(1), session(2, {1})};
    return s;
}

// The bounding box of what in @p image is not its background (its top left pixel's colour).
QRect ink(const QImage &image)
{
    const QRgb background = image.pixel(0, 0);
    QRect box;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixel(x, y) != background)
                box |= QRect(x, y, 1, 1);
        }
    }
    return box;
}

// The parts of its width a widget's paints asked for.
struct PaintRecorder : QObject {
    QList<QRect> asked;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            asked << static_cast<QPaintEvent *>(event)->rect();
        return false;
    }
};

} // namespace

class TestStatusLine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void itSaysTheBlockedAndTheShown();
    void theWaitIsTheBlockingModelsPoll();
    void aChangeRepaintsItsPieceAndTheLineLooksWhole();
    void aRightToLeftNameIsShownAsALabelWould();
    void aScreenReaderHearsTheWholeLine();

private:
    // What the window shows of the line now (its backing store), and a new drawing of it.
    void compareWithANewDrawing();
    void setRows(int rows);

    std::unique_ptr<QWidget> m_window;
    std::unique_ptr<ServerRegistry> m_registry;
    QStandardItemModel *m_shown = nullptr;
    BlockingModel *m_blocking = nullptr;
    StatusLine *m_line = nullptr;
};

void TestStatusLine::init()
{
    m_registry = std::make_unique<ServerRegistry>();
    m_window = std::make_unique<QWidget>();
    m_shown = new QStandardItemModel(m_window.get());
    m_blocking = new BlockingModel(m_registry.get(), m_window.get());
    m_line = new StatusLine(m_registry.get(), m_shown, m_blocking);
    auto *layout = new QVBoxLayout(m_window.get());
    layout->addStretch();
    layout->addWidget(m_line);
    m_window->resize(900, 120);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestStatusLine::cleanup()
{
    m_window.reset();
    m_registry.reset();
}

void TestStatusLine::setRows(int rows)
{
    while (m_shown->rowCount() < rows)
        m_shown->appendRow(new QStandardItem(QStringLiteral("session")));
    if (m_shown->rowCount() > rows)
        m_shown->removeRows(rows, m_shown->rowCount() - rows);
}

void TestStatusLine::compareWithANewDrawing()
{
    // (A server that cannot be reached counts down to its next try: a text that changed
    // meanwhile is compared again.)
    for (int attempt = 0;; ++attempt) {
        const QString said = m_line->text();
        const QImage pieced = shownOnScreen(m_line);
        m_line->update(); // the whole line drawn anew, in place
        const QImage whole = shownOnScreen(m_line);
        if (m_line->text() != said && attempt < 5)
            continue;
        QVERIFY2(pieced == whole, qPrintable(QStringLiteral("shown otherwise than drawn anew: %1").arg(said)));
        break;
    }
    // The line looks as a label of the same text, font, palette and direction: pixel for
    // pixel.
    QLabel label(m_line->text());
    label.setFont(m_line->font());
    label.setPalette(m_line->palette());
    label.setLayoutDirection(m_line->layoutDirection());
    label.setAutoFillBackground(true);
    label.resize(m_line->size());
    const QImage labelImage = label.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QImage lineImage = m_line->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRect labelInk = ink(labelImage), lineInk = ink(lineImage);
    QVERIFY(labelInk.width() > 50);
    QCOMPARE(lineImage.size(), labelImage.size());
    const int different = differentPixels(labelImage, lineImage, QStringLiteral("status-line"));
    QVERIFY2(different == 0, qPrintable(QStringLiteral("\"%1\": %2 pixels differ from a label's; ink in (%3, %4)-(%5, %6), a label's in (%7, %8)-(%9, %10)")
                                            .arg(m_line->text())
                                            .arg(different)
                                            .arg(lineInk.left())
                                            .arg(lineInk.top())
                                            .arg(lineInk.right())
                                            .arg(lineInk.bottom())
                                            .arg(labelInk.left())
                                            .arg(labelInk.top())
                                            .arg(labelInk.right())
                                            .arg(labelInk.bottom())));
}

void TestStatusLine::itSaysTheBlockedAndTheShown()
{
    setRows(12);
    QCOMPARE(m_line->text(), QStringLiteral("12 session(s) shown"));
    m_blocking->applySnapshot(blocking(9));
    m_line->refresh();
    QCOMPARE(m_line->text(), QStringLiteral("1 session(s) blocked, oldest wait 9 s · 12 session(s) shown"));
    QCOMPARE(m_line->toolTip(), m_line->text());
    m_blocking->applySnapshot(blocking(75));
    setRows(9);
    QCOMPARE(m_line->text(), QStringLiteral("1 session(s) blocked, oldest wait 1:15 · 9 session(s) shown"));
    m_blocking->applySnapshot(Snapshot{});
    m_blocking->removeServer(1);
    m_line->refresh();
    QCOMPARE(m_line->text(), QStringLiteral("9 session(s) shown"));
}

// The line says the wait of the poll the blocking tree shows, as soon as the blocking
// model has it (it followed the registry's snapshotReady, which comes before the models
// apply a poll, and said the wait of the poll before), also while the tree is not shown.
void TestStatusLine::theWaitIsTheBlockingModelsPoll()
{
    setRows(12);
    m_blocking->applySnapshot(blocking(9));
    QCOMPARE(m_line->text(), QStringLiteral("1 session(s) blocked, oldest wait 9 s · 12 session(s) shown"));
    m_blocking->setShown(false);
    m_blocking->follow(std::make_shared<const Snapshot>(blocking(10)));
    QCOMPARE(m_line->text(), QStringLiteral("1 session(s) blocked, oldest wait 10 s · 12 session(s) shown"));
    m_blocking->removeServer(1);
    QCOMPARE(m_line->text(), QStringLiteral("12 session(s) shown"));
}

void TestStatusLine::aChangeRepaintsItsPieceAndTheLineLooksWhole()
{
    setRows(12);
    m_blocking->applySnapshot(blocking(9));
    m_line->refresh();
    compareWithANewDrawing();
    PaintRecorder paints;
    m_line->installEventFilter(&paints);

    // The wait's age: a character more, the count after it moved.
    m_blocking->applySnapshot(blocking(10));
    m_line->refresh();
    QTRY_VERIFY(!paints.asked.isEmpty());
    QTest::qWait(50);
    // The words before the age stayed where they were, undrawn.
    const QFontMetrics metrics(m_line->font());
    const int words = metrics.horizontalAdvance(QStringLiteral("1 session(s) blocked, oldest wait "));
    for (const QRect &r : std::as_const(paints.asked))
        QVERIFY2(r.left() > words - 5, qPrintable(QStringLiteral("a paint from x %1, the age at %2").arg(r.left()).arg(words)));
    compareWithANewDrawing();

    // The same age, one session fewer shown: the count alone, narrower than it was.
    paints.asked.clear();
    setRows(9);
    QTRY_VERIFY(!paints.asked.isEmpty());
    QTest::qWait(50);
    const int count = metrics.horizontalAdvance(QStringLiteral("1 session(s) blocked, oldest wait 10 s"));
    for (const QRect &r : std::as_const(paints.asked))
        QVERIFY2(r.left() > count - 5, qPrintable(QStringLiteral("a paint from x %1, the count at %2").arg(r.left()).arg(count)));
    m_line->removeEventFilter(&paints);
    compareWithANewDrawing();

    // The wait over: the line shrinks to the count, nothing of the rest left on screen.
    m_blocking->removeServer(1);
    m_line->refresh();
    QCOMPARE(m_line->text(), QStringLiteral("9 session(s) shown"));
    compareWithANewDrawing();
    // A bigger font lays every piece out again.
    QFont bigger = m_line->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5);
    m_line->setFont(bigger);
    m_blocking->applySnapshot(blocking(9));
    m_line->refresh();
    compareWithANewDrawing();
    // Laid out right to left, the line stands where a label's text would.
    m_line->setLayoutDirection(Qt::RightToLeft);
    setRows(11);
    compareWithANewDrawing();
}

void TestStatusLine::aRightToLeftNameIsShownAsALabelWould()
{
    // A server whose name is in Hebrew (it cannot be reached: its state is an error). The
    // line begins right to left, and a label would put it at the right.
    ServerOptions options;
    options.name = QStringLiteral("\u05e9\u05e8\u05ea \u05e8\u05d0\u05e9\u05d9");
    const Expected<ConnectionSpec> spec = ConnectionSpec::parse(QStringLiteral("host=/nonexistent-pgsessions-socket-dir port=1 dbname=postgres"));
    QVERIFY(spec.ok());
    const int server = m_registry->addServer(*spec, options);
    setRows(5);
    QVERIFY2(m_line->text().startsWith(options.name + QStringLiteral(": ")), qPrintable(m_line->text()));
    compareWithANewDrawing();
    m_blocking->applySnapshot(blocking(9));
    m_line->refresh();
    QVERIFY2(m_line->text().contains(QStringLiteral(" · 1 session(s) blocked, oldest wait 9 s · 5 session(s) shown")), qPrintable(m_line->text()));
    compareWithANewDrawing();
    // The server gone, the line begins left to right again: nothing of the old line left
    // at the right.
    m_registry->removeServer(server);
    m_blocking->applySnapshot(blocking(9));
    m_line->refresh();
    QCOMPARE(m_line->text(), QStringLiteral("1 session(s) blocked, oldest wait 9 s · 5 session(s) shown"));
    compareWithANewDrawing();
}

void TestStatusLine::aScreenReaderHearsTheWholeLine()
{
    setRows(3);
    m_blocking->applySnapshot(blocking(9));
    m_line->refresh();
    QAccessibleInterface *heard = QAccessible::queryAccessibleInterface(m_line);
    QVERIFY(heard);
    QCOMPARE(heard->role(), QAccessible::StaticText);
    QCOMPARE(heard->text(QAccessible::Name), QStringLiteral("1 session(s) blocked, oldest wait 9 s · 3 session(s) shown"));
    setRows(4);
    QCOMPARE(heard->text(QAccessible::Name), QStringLiteral("1 session(s) blocked, oldest wait 9 s · 4 session(s) shown"));
}

QTEST_MAIN(TestStatusLine)
#include "tst_status_line.moc"
