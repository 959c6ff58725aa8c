// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

class QTimer;
class ServerRegistry;

/// Shown above the sessions table while a server in view does not answer: its rows as of
/// how long ago are greyed, or, for a server never reached, why the table is empty; and
/// when the next attempt is due (counting down).
class StaleBanner : public QLabel
{
    Q_OBJECT
public:
    explicit StaleBanner(const ServerRegistry *registry, QWidget *parent = nullptr);

    /// Only this server's trouble; for 0, that of @p servers (a folder's, a cluster's), or
    /// every server's when empty (All servers).
    void setScope(int server, const QList<int> &servers = {});
    void refresh();

private:
    const ServerRegistry *m_registry;
    QTimer *m_ticker;
    int m_scope = 0;
    QList<int> m_servers;
};
