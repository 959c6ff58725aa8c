// SPDX-License-Identifier: GPL-3.0-or-later
// The sessions table: a poll repaints the cells that changed, not the whole table, and
// the cells look exactly as the style draws them.
#include "models/session_filter_model.h"
#include "models/session_model.h"
#include "sessions/session_cell_delegate.h"
#include "sessions/session_table_view.h"
#include "paint_recorder.h"
#include "screen_pixels.h"

#include <QAccessible>
#include <QHeaderView>
#include <QPainter>
#include <QProxyStyle>
#include <QTableView>
#include <QtTest>

namespace {

constexpr qint64 kSecond = 1000000;
constexpr qint64 kNow = qint64(1764000000) * kSecond;

Snapshot poll(qint64 serverTime, int sessions)
{
    Snapshot snap;
    snap.server = 1;
    snap.serverVersion = 150000;
    snap.serverTime = serverTime;
    for (int i = 0; i < sessions; ++i) {
        Session s;
        s.key = {1, 1000 + i, kNow - 3600 * kSecond + i};
        s.database = QStringLiteral("shop");
        s.user = i % 3 ? QStringLiteral("web") : QStringLiteral("reporting");
        s.application = QStringLiteral("app-%1").arg(i % 7);
        s.clientPort = -1;
        s.backendType = QStringLiteral("client backend");
        s.state = i % 4 == 0 ? QStringLiteral("active") : i % 4 == 1 ? QStringLiteral("idle in transaction") : QStringLiteral("idle");
        s.stateChange = kNow - (i * 7 + 3) * kSecond;
        s.queryStart = kNow - (i * 11 + 5) * kSecond;
        if (i % 4 < 2)
            s.xactStart = kNow - (i * 13 + 700) * kSecond;
        if (i == 4) // days: "2 d 03:04:05"
            s.xactStart = kNow - (2 * 86400 + 3 * 3600 + 4 * 60 + 5) * kSecond;
        s.query = i == 2 ? QStringLiteral("SELECT customer_id, sum(amount) FROM orders JOIN customers USING (customer_id) GROUP BY 1 ORDER BY 2 DESC")
                         : QStringLiteral("SELECT %1").arg(i);
        s.own = i == 5;
        if (i == 6) { // another role's: its state and query in the palette's disabled colour
            s.backendType.clear();
            s.state.clear();
            s.query = QStringLiteral("<insufficient privilege>");
        }
        snap.sessions.push_back(s);
    }
    return snap;
}

// A style that draws a band along the bottom of one primitive (every cell's panel, or
// every row's panel under each cell), another colour on alternate rows. (Fusion leaves
// both empty for a plain cell.)
class Banded : public QProxyStyle
{
public:
    explicit Banded(PrimitiveElement banded)
        : QProxyStyle(QStringLiteral("Fusion"))
        , m_banded(banded)
    {
    }
    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter, const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        if (element != m_banded)
            return;
        const auto *item = qstyleoption_cast<const QStyleOptionViewItem *>(option);
        const bool alternate = item && (item->features & QStyleOptionViewItem::Alternate);
        painter->fillRect(option->rect.adjusted(0, option->rect.height() - 3, 0, 0), alternate ? QColor(200, 0, 200) : QColor(0, 90, 200));
    }

private:
    PrimitiveElement m_banded;
};

} // namespace

class TestSessionTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aPollRepaintsOnlyWhatChanged();
    void cellsLookAsTheStyleDrawsThem();
    void colouredCellsOnScreenAsTheStyleDrawsThem();
    void anAgePastAThresholdIsHeard();
};

void TestSessionTable::aPollRepaintsOnlyWhatChanged()
{
    SessionModel model;
    SessionFilterModel proxy;
    proxy.setSourceModel(&model);
    SessionTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.sortByColumn(SessionModel::Pid, Qt::AscendingOrder);
    view.resize(2400, 700);
    model.applySnapshot(poll(kNow, 200));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int c = 0; c < SessionModel::ColumnCount; ++c)
        QVERIFY2(view.columnViewportPosition(c) + view.columnWidth(c) <= view.viewport()->width(), "every column on screen");

    PaintRecorder recorder;
    view.viewport()->installEventFilter(&recorder);
    // The next poll, 2 s later: the ages of every row move, and row 3 changes state.
    Snapshot next = poll(kNow + 2 * kSecond, 200);
    next.sessions.edit(3).state = QStringLiteral("active");
    model.applySnapshot(next);
    QCoreApplication::sendPostedEvents(&view, QEvent::UpdateRequest);
    QCOMPARE(recorder.paints, 1);

    const QRect area = view.viewport()->rect();
    auto columnRect = [&](int column) { return QRect(view.columnViewportPosition(column), 0, view.columnWidth(column), area.height()); };
    const QRect ages = columnRect(SessionModel::StateDuration) | columnRect(SessionModel::QueryAge);
    const int row3 = proxy.mapFromSource(model.index(model.rowOf(next.sessions[3].key), 0)).row();
    const QRect state3(view.columnViewportPosition(SessionModel::State), view.rowViewportPosition(row3), view.columnWidth(SessionModel::State),
                       view.rowHeight(row3));
    // The ages of every visible row, and that one state cell: nothing else.
    // (QRegion::contains(QRect) says whether they overlap: what is left of the ages once
    // the painted region is taken away says whether it covers them.)
    QCOMPARE(QRegion(ages.adjusted(0, 0, 0, -1) & area) - recorder.painted, QRegion());
    QVERIFY(recorder.painted.contains(state3.center()));
    QCOMPARE(recorder.painted - ages - state3, QRegion());
    for (int c : {int(SessionModel::Pid), int(SessionModel::User), int(SessionModel::Query)})
        QVERIFY(!recorder.painted.intersects(columnRect(c)));

    // What the window shows after those few cells were drawn (grid lines included) is
    // what drawing the whole table again shows.
    QCoreApplication::sendPostedEvents(&view, QEvent::UpdateRequest);
    const QImage pieced = shownOnScreen(view.viewport());
    view.viewport()->update();
    QVERIFY(pieced == shownOnScreen(view.viewport()));
}

void TestSessionTable::cellsLookAsTheStyleDrawsThem()
{
    SessionModel model;
    model.applySnapshot(poll(kNow, 30));
    auto show = [&](QTableView &view) {
        view.setWordWrap(false);
        view.setSelectionBehavior(QAbstractItemView::SelectRows);
        view.setModel(&model);
        view.resize(1900, 700);
        view.setColumnWidth(SessionModel::Query, 240); // the long query is elided
        view.selectionModel()->select(model.index(4, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view.setCurrentIndex(model.index(7, SessionModel::Application));
        view.show();
    };
    QTableView plain;
    SessionTableView ours;
    show(plain);
    show(ours);
    QVERIFY(QTest::qWaitForWindowExposed(&plain));
    QVERIFY(QTest::qWaitForWindowExposed(&ours));
    const auto compare = [&] {
        const QImage expected = plain.viewport()->grab().toImage();
        const QImage actual = ours.viewport()->grab().toImage();
        QCOMPARE(actual.size(), expected.size());
        QCOMPARE(differentPixels(expected, actual, QStringLiteral("table")), 0);
    };
    compare();
    if (QTest::currentTestFailed())
        return;
    // The ages and pids were drawn from their glyphs (the test's font allows it), not laid
    // out as any other text.
    const auto *delegate = qobject_cast<const SessionCellDelegate *>(ours.itemDelegate());
    QVERIFY(delegate);
    QVERIFY(delegate->drawsFromGlyphs());

    // The grid, which this view draws itself, where the style's would be: without the
    // row numbers (as the window shows the table), and right to left.
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)})
        view->verticalHeader()->hide();
    compare();
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)})
        view->setLayoutDirection(Qt::RightToLeft);
    compare();
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)})
        view->setLayoutDirection(Qt::LeftToRight);

    // A style that draws the panel of a plain cell (neither selected nor coloured): drawn
    // as it draws it, also on alternate rows and unscaled or scaled alike.
    Banded banded(QStyle::PE_PanelItemViewItem);
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)}) {
        view->setStyle(&banded);
        view->setAlternatingRowColors(true);
    }
    compare();
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)}) {
        view->setStyle(nullptr);
        view->setAlternatingRowColors(false);
    }
    compare();

    // A font with a line under its text: left to the style (the cache's laid-out texts
    // drew the line a little otherwise).
    QFont underlined = plain.font();
    underlined.setUnderline(true);
    plain.setFont(underlined);
    ours.setFont(underlined);
    compare();
    QVERIFY(!delegate->drawsFromGlyphs());
}

void TestSessionTable::colouredCellsOnScreenAsTheStyleDrawsThem()
{
    // The states and the ages past their thresholds have translucent colours. On the
    // screen (where the table's base is one colour) each is filled in as the opaque colour
    // it makes there: the same pixels as a plain table's blending.
    SessionModel model;
    model.applySnapshot(poll(kNow, 30));
    QTableView plain;
    SessionTableView ours;
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)}) {
        view->setWordWrap(false);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setModel(&model);
        view->resize(1900, 700);
        view->setColumnWidth(SessionModel::State, 200); // "idle in transaction" not elided (the style draws an elided text)
        view->selectionModel()->select(model.index(4, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
    }
    const auto *delegate = qobject_cast<const SessionCellDelegate *>(ours.itemDelegate());
    QVERIFY(delegate);
    int coloured = 0; // the cells of the visible rows with a translucent colour
    for (int row = 0; row < model.rowCount() && ours.rowViewportPosition(row) < ours.viewport()->height(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const QVariant colour = model.index(row, column).data(Qt::BackgroundRole);
            // (Row 4 is selected; row 5, pgsessions' own session, is in italics: the style
            // draws its texts and panels.)
            coloured += colour.isValid() && colour.value<QColor>().alpha() < 255 && row != 4 && row != 5;
        }
    }
    QVERIFY(coloured >= 20);
    const auto compare = [&](const QString &name) {
        const quint64 before = delegate->opaqueFills();
        for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)})
            view->viewport()->update();
        const QImage expected = shownOnScreen(plain.viewport());
        const QImage actual = shownOnScreen(ours.viewport());
        [&] {
            QCOMPARE(actual.size(), expected.size());
            QCOMPARE(differentPixels(expected, actual, name), 0);
        }();
        return int(delegate->opaqueFills() - before);
    };
    QCOMPARE(compare(QStringLiteral("coloured")), coloured);
    if (QTest::currentTestFailed())
        return;

    // Alternate rows: their panel is the alternate base, one colour too.
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)})
        view->setAlternatingRowColors(true);
    QCOMPARE(compare(QStringLiteral("coloured-alternate")), coloured);

    // A style whose row panels are not one colour, and a base that is not opaque: what
    // lies under a cell is not one colour, and its colour is blended as before.
    Banded banded(QStyle::PE_PanelItemViewRow);
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)})
        view->setStyle(&banded);
    QCOMPARE(compare(QStringLiteral("coloured-banded")), 0);
    for (QTableView *view : {static_cast<QTableView *>(&plain), static_cast<QTableView *>(&ours)}) {
        view->setStyle(nullptr);
        view->setAlternatingRowColors(false);
        QPalette palette = view->palette();
        palette.setColor(QPalette::Base, QColor(250, 250, 200, 120));
        view->setPalette(palette);
    }
    QCOMPARE(compare(QStringLiteral("coloured-translucent-base")), 0);
}

void TestSessionTable::anAgePastAThresholdIsHeard()
{
    // An age past a threshold is coloured; a screen reader hears which threshold, with
    // the cell's text.
    SessionModel model;
    model.setAgeThresholds(60, 600);
    model.applySnapshot(poll(kNow, 30));
    SessionTableView view;
    view.setModel(&model);
    view.resize(1200, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QAccessibleInterface *table = QAccessible::queryAccessibleInterface(&view);
    QVERIFY(table && table->tableInterface());
    const auto cell = [&](int row, int column) { return table->tableInterface()->cellAt(row, column); };
    // Session 0 is active: its transaction is 700 s old, its query 5 s; session 8's query
    // is 93 s old.
    QAccessibleInterface *critical = cell(0, SessionModel::TransactionAge);
    QVERIFY(critical);
    QCOMPARE(critical->text(QAccessible::Name), QStringLiteral("11:40"));
    QCOMPARE(critical->text(QAccessible::Description), QStringLiteral("Past the critical threshold (10:00)"));
    QCOMPARE(cell(8, SessionModel::QueryAge)->text(QAccessible::Description), QStringLiteral("Past the warning threshold (1:00)"));
    QCOMPARE(cell(0, SessionModel::QueryAge)->text(QAccessible::Description), QString());
    QVERIFY(model.index(0, SessionModel::TransactionAge).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model.index(0, SessionModel::QueryAge).data(Qt::BackgroundRole).isValid());
}

QTEST_MAIN(TestSessionTable)
#include "tst_session_table.moc"
