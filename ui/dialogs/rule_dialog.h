// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/session_rule.h"
#include "monitor/snapshot.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class ServerRegistry;

/// "Select sessions…": a rule as conditions combined with AND (state, idle in transaction
/// for, query running for, transaction age, user, application, database, client, wait
/// event, backend type), the sessions of one server that match it now (counted and listed,
/// again at every poll), saving and deleting rules by name. Accepted with "Select them":
/// the caller selects matching() in the table.
class RuleDialog : public QDialog
{
    Q_OBJECT
public:
    RuleDialog(ServerRegistry *registry, int server, QWidget *parent = nullptr);

    SessionRule rule() const;
    void setRule(const SessionRule &rule);
    /// The sessions the rule matches in the server's last poll.
    const std::vector<Session> &matching() const { return m_matching; }

    QLabel *countLabel() const { return m_count; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *savedBox() const { return m_saved; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *selectButton() const { return m_select; }
    /// The field of a text condition: "user", "application", "database", "client", "wait", "backendType".
    QLineEdit *field(const QString &name) const;
    QSpinBox *idleInTransactionBox() const { return m_idleInTransaction; }
    QSpinBox *queryRunningBox() const { return m_queryRunning; }
    QSpinBox *transactionAgeBox() const { return m_transactionAge; }
    QCheckBox *stateBox(const QString &state) const;

private:
    void update();
    void save();
    void remove();
    void loadSaved();

    ServerRegistry *m_registry;
    int m_server;
    QList<SessionRule> m_rules;
    std::vector<Session> m_matching;
    QComboBox *m_saved;
    QLineEdit *m_name;
    QList<QCheckBox *> m_states;
    QSpinBox *m_idleInTransaction;
    QSpinBox *m_queryRunning;
    QSpinBox *m_transactionAge;
    QList<QLineEdit *> m_fields;
    QLabel *m_describe;
    QLabel *m_count;
    QTreeWidget *m_list;
    QPushButton *m_save;
    QPushButton *m_delete;
    QPushButton *m_select;
};
