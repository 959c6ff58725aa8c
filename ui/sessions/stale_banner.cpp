// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/stale_banner.h"

#include "models/formatter.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"

#include <QTimer>

#include <algorithm>

StaleBanner::StaleBanner(const ServerRegistry *registry, QWidget *parent)
    : QLabel(parent)
    , m_registry(registry)
    , m_ticker(new QTimer(this))
{
    setObjectName(QStringLiteral("staleBanner"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setMargin(4);
    setStyleSheet(QStringLiteral("QLabel { background: rgba(240, 150, 0, 60); border-radius: 3px; }"));
    hide();
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &StaleBanner::refresh);
    connect(registry, &ServerRegistry::statusChanged, this, &StaleBanner::refresh);
    connect(registry, &ServerRegistry::staleChanged, this, &StaleBanner::refresh);
    connect(registry, &ServerRegistry::snapshotReady, this, &StaleBanner::refresh);
    connect(registry, &ServerRegistry::serverRemoved, this, &StaleBanner::refresh);
}

void StaleBanner::setScope(int server, const QList<int> &servers)
{
    m_scope = server;
    m_servers = server ? QList<int>{} : servers;
    refresh();
}

void StaleBanner::refresh()
{
    QStringList lines;
    for (int id : m_registry->servers()) {
        if ((m_scope && m_scope != id) || (!m_servers.isEmpty() && !m_servers.contains(id)))
            continue;
        const ServerStatus &status = m_registry->monitor(id)->status();
        const QString name = m_registry->options(id).name;
        QString retry;
        if (status.state == ServerStatus::Error && status.retryInSeconds > 0 && m_registry->statusAgeMs(id) >= 0) {
            const qint64 left = std::max<qint64>(0, status.retryInSeconds - m_registry->statusAgeMs(id) / 1000);
            retry = left > 0 ? tr(" Next attempt in %n s.", nullptr, int(left)) : tr(" Trying again…");
        }
        if (m_registry->isStale(id)) {
            const QString age = format::duration(m_registry->dataAgeMs(id) * 1000);
            lines << tr("%1 does not answer: its sessions as of %2 ago are shown greyed until it does. %3").arg(name, age, status.message)
                         + retry;
        } else if (status.state == ServerStatus::Error) {
            // Never reached yet: an empty table needs saying why.
            lines << tr("%1 cannot be reached: %2").arg(name, status.message) + retry;
        }
    }
    setText(lines.join(QLatin1Char('\n')));
    setVisible(!lines.isEmpty());
    if (lines.isEmpty())
        m_ticker->stop();
    else if (!m_ticker->isActive())
        m_ticker->start();
}
