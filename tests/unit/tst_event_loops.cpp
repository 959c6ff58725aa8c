// SPDX-License-Identifier: GPL-3.0-or-later
// Worker threads run Qt's own event loop, the GUI thread GLib's (useQtEventLoopsOnWorkerThreads).
#include "base/event_loops.h"

#include <QAbstractEventDispatcher>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <memory>

namespace {

// Whether a thread started now runs GLib's main loop.
bool newThreadRunsGLib()
{
    bool glib = false;
    std::unique_ptr<QThread> thread(QThread::create([&glib] {
        const QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
        glib = dispatcher && dispatcher->inherits("QEventDispatcherGlib");
    }));
    thread->start();
    thread->wait();
    return glib;
}

} // namespace

class TestEventLoops : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void workersRunQtsLoopTheMainThreadGLibs();
    void aWorkersTimersFire();
    void aValueTheUserSetIsKept();
};

void TestEventLoops::workersRunQtsLoopTheMainThreadGLibs()
{
    qunsetenv("QT_NO_THREADED_GLIB"); // (the suite runs with it set, as the application does)
    // This Qt runs GLib's loop on every thread unless told otherwise: else what follows
    // would prove nothing.
    QVERIFY(QAbstractEventDispatcher::instance()->inherits("QEventDispatcherGlib"));
    QVERIFY(newThreadRunsGLib());

    useQtEventLoopsOnWorkerThreads();
    QVERIFY(!newThreadRunsGLib());
    QVERIFY(QAbstractEventDispatcher::instance()->inherits("QEventDispatcherGlib"));
}

void TestEventLoops::aWorkersTimersFire()
{
    useQtEventLoopsOnWorkerThreads();
    // As a poll thread runs: its event loop, and a timer in it.
    QThread thread;
    QTimer timer;
    timer.setSingleShot(true);
    timer.setInterval(50);
    timer.moveToThread(&thread);
    int fired = 0;
    bool glib = true;
    connect(&timer, &QTimer::timeout, &timer, [&fired, &glib, &thread] {
        ++fired;
        glib = QAbstractEventDispatcher::instance()->inherits("QEventDispatcherGlib");
        thread.quit();
    });
    connect(&thread, &QThread::started, &timer, qOverload<>(&QTimer::start));
    thread.start();
    QVERIFY(thread.wait(5000));
    QCOMPARE(fired, 1);
    QVERIFY(!glib);
}

void TestEventLoops::aValueTheUserSetIsKept()
{
    qputenv("QT_NO_THREADED_GLIB", QByteArrayLiteral("yes"));
    useQtEventLoopsOnWorkerThreads();
    QCOMPARE(qgetenv("QT_NO_THREADED_GLIB"), QByteArray("yes"));
}

QTEST_GUILESS_MAIN(TestEventLoops)
#include "tst_event_loops.moc"
