// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <functional>

class QAction;
class QTreeView;
class QWidget;
class RuleDialog;
class ServerRegistry;
class SessionsPanel;
class WatchdogDialog;

/// Selection rules and the watchdog, for the server of the tree's current node: "Select
/// sessions…" (the rule editor; its sessions selected in the table), "Arm watchdog…" and
/// "Disarm watchdog". What the watchdog says goes to the status bar.
class RuleActions : public QObject
{
    Q_OBJECT
public:
    RuleActions(ServerRegistry *registry, SessionsPanel *panel, QTreeView *tree, QWidget *window);

    QAction *selectSessions() const { return m_select; }
    QAction *arm() const { return m_arm; }
    QAction *disarm() const { return m_disarm; }

    /// Called with each dialog before it is shown (for tests and automation).
    void setRuleDialogHook(std::function<void(RuleDialog *)> hook) { m_ruleHook = std::move(hook); }
    void setWatchdogDialogHook(std::function<void(WatchdogDialog *)> hook) { m_watchdogHook = std::move(hook); }
    void updateEnabled();

Q_SIGNALS:
    void message(const QString &text, int timeoutMs);

private:
    int currentServer() const;
    void runSelect();
    void runArm();

    ServerRegistry *m_registry;
    SessionsPanel *m_panel;
    QTreeView *m_tree;
    QWidget *m_window;
    QAction *m_select;
    QAction *m_arm;
    QAction *m_disarm;
    std::function<void(RuleDialog *)> m_ruleHook;
    std::function<void(WatchdogDialog *)> m_watchdogHook;
};
