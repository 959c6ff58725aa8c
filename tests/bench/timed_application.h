// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QString>
#include <QThread>

namespace bench {

// The application, timing every event the GUI thread handles (outermost deliveries
// only): the longest is the window's own longest piece of work, whatever the machine does
// around it (a descheduled virtual CPU still counts as the thread's CPU time, so the
// probe's "on the CPU" can include time the window did not use).
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer clock;
        clock.start();
        const bool handled = QApplication::notify(receiver, event);
        const qint64 us = clock.nsecsElapsed() / 1000;
        --m_depth;
        if (us > m_longestUs) {
            m_longestUs = us;
            m_longestWhat = QStringLiteral("%1 event %2").arg(QLatin1String(receiver->metaObject()->className())).arg(int(event->type()));
        }
        return handled;
    }
    void reset()
    {
        m_longestUs = 0;
        m_longestWhat.clear();
    }
    qint64 longestUs() const { return m_longestUs; }
    QString longestWhat() const { return m_longestWhat; }

private:
    int m_depth = 0;
    qint64 m_longestUs = 0;
    QString m_longestWhat;
};

} // namespace bench
