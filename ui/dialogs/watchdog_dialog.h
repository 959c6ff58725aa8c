// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "servers/watchdog.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTreeWidget;
class ServerRegistry;

/// Arming a saved rule on a server: which rule, terminate or cancel, the limit a minute,
/// and what it would end right now (counted and listed, again at every poll). A
/// production server's name must be typed to arm it.
class WatchdogDialog : public QDialog
{
    Q_OBJECT
public:
    WatchdogDialog(ServerRegistry *registry, int server, const QList<SessionRule> &rules, QWidget *parent = nullptr);

    Watchdog::Armed armed() const;
    QComboBox *ruleBox() const { return m_rule; }
    QRadioButton *cancelButton() const { return m_cancel; }
    QSpinBox *limitBox() const { return m_limit; }
    QLabel *nowLabel() const { return m_now; }
    QLineEdit *confirmationEdit() const { return m_typed; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void update();

    ServerRegistry *m_registry;
    int m_server;
    QList<SessionRule> m_rules;
    QString m_serverName;
    QComboBox *m_rule;
    QRadioButton *m_terminate;
    QRadioButton *m_cancel;
    QSpinBox *m_limit;
    QLabel *m_now;
    QTreeWidget *m_list;
    QLineEdit *m_typed = nullptr;
    QDialogButtonBox *m_buttons;
};
