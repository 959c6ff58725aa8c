// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QEventLoop>
#include <QTimer>

/// Runs a real event loop until @p done() holds or @p timeoutMs pass. Unlike QTest::qWait
/// and the QTRY_ macros, it never sleeps the thread, so a StallProbe measures the
/// application and not the test's own waiting.
template<typename Predicate>
bool runEventsUntil(Predicate done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(2);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    check.start();
    loop.exec();
    return done();
}

/// Runs a real event loop for @p ms.
inline void runEventsFor(int ms)
{
    runEventsUntil([] { return false; }, ms);
}
