// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QAction;
class QScrollArea;
class QVBoxLayout;
class ServerRegistry;
struct UnfinishedBlock;

/// Above the sessions table: a way back for databases that refuse new connections. What an
/// earlier run of pgsessions left blocked (the journal says so) is offered for restore, one
/// click each; and the database selected in the tree, when it refuses connections whatever
/// blocked it, gets a button that allows them again. Not modal: work goes on around it.
class DatabaseBanner : public QFrame
{
    Q_OBJECT
public:
    explicit DatabaseBanner(ServerRegistry *registry, QWidget *parent = nullptr);

    /// What is in view: one server (0: all) and maybe one of its databases.
    void setScope(int server, const QString &database);
    /// The action that allows connections to the selected database (it confirms first).
    void setAllowAction(QAction *allow) { m_allow = allow; }
    void refresh();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitHeight();
    /// The journal's kind of action (@p kind), in the user's words.
    static QString whatRan(const QString &kind);
    /// The name of the watched server with @p serverKey, else @p journalName.
    QString nameOf(const QString &serverKey, const QString &journalName) const;
    /// Whether a pooler's @p offer concerns the selected server behind that pooler.
    bool leadsToSelectedServer(const UnfinishedBlock &offer) const;

    ServerRegistry *m_registry;
    QAction *m_allow = nullptr;
    QScrollArea *m_scroll;
    QVBoxLayout *m_rows = nullptr;
    int m_server = 0;
    QString m_database;
    QString m_shown; // what the rows say now: they are built again only when it changes
};
