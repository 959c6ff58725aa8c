// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"
#include "monitor/privileges.h"
#include "monitor/session.h"

#include <QDialog>
#include <QHash>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTreeWidget;

/// Asks before any action: how many sessions, grouped by user, application and client, the
/// exact list, warnings, the kill-all options, and for a production server the database
/// name or the count typed out. The sessions are a copy taken when the dialog opens: polls
/// that arrive while it is open change nothing. Options that cannot work on the server (a
/// standby) are off with the reason; when the journal cannot be written, nothing can be
/// confirmed.
class ConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    struct Context {
        ActionRequest::Kind kind = ActionRequest::Terminate;
        QString serverName;
        int serverVersion = 0;
        bool production = false;
        bool standby = false;          ///< the server is in recovery: nothing that writes can run
        bool pooled = false;           ///< reached through a connection pooler
        PrivilegeHints privileges;
        QString database;              ///< KillAll, AllowConnections, BlockConnections
        std::optional<bool> allowsConnections; ///< the database's datallowconn, as of the last poll
        std::vector<Session> sessions; ///< the targets, or the database's current sessions for KillAll
        QString journalProblem;        ///< why the journal cannot be written now, or empty
        QHash<int, int> unblocks;      ///< pid → sessions that ending it unblocks (blockers only)
        /// KillAll on a server with a linked pooler: its name, its aliases of the database
        /// and how many clients it has there; or why it cannot take part.
        QString poolerName;
        QStringList poolerDatabases;
        int poolerClients = 0;
        QString poolerProblem;
        /// KillAll as a reset: drop the database and create it again from a template.
        bool reset = false;
        QStringList templates;         ///< Reset: the databases it can be created from
        int databaseCount = 0;         ///< KillServer: databases the sessions are in
        /// Why the sessions shown may be out of date: the server's last poll did not get
        /// through (its error, or that it is reconnecting or waiting for a password); empty
        /// when it did.
        QString outOfDate;
        bool unreachable = false; ///< with outOfDate: the connection is lost, not just a poll
    };

    explicit ConfirmDialog(Context context, QWidget *parent = nullptr);

    /// The action to submit, built from what the dialog showed and the options chosen.
    ActionRequest request() const;
    const std::vector<Session> &sessions() const { return m_context.sessions; }
    /// What must be typed to confirm on a production server (empty when nothing must).
    QString requiredConfirmation() const;
    QLineEdit *confirmationEdit() const { return m_typed; }
    QStringList warnings() const { return m_warnings; }
    /// Why OK is off, when it is (shown in red under the options).
    QString problem() const;
    /// The kill-all's pooler part was chosen (the linked pooler's clients shut out first).
    bool alsoAtPooler() const;
    QCheckBox *alsoAtPoolerBox() const { return m_alsoAtPooler; }
    /// OK would be enabled: everything asked is answered and nothing stands in the way.
    bool isConfirmable() const { return m_confirmable; }
    /// As one part of a larger confirmation: a widget without buttons of its own.
    void embed();

    QComboBox *templateBox() const { return m_template; }

Q_SIGNALS:
    void confirmableChanged(bool confirmable);

private:
    void addSessionList(class QVBoxLayout *layout);
    void addWarnings(class QVBoxLayout *layout);
    void addKillAllOptions(class QVBoxLayout *layout);
    void addKillServerOptions(class QVBoxLayout *layout);
    void addResetOptions(class QVBoxLayout *layout);
    /// "Wait until gone, at most [10 s]": m_wait with its label, in @p options.
    class QHBoxLayout *makeWaitRow(QWidget *options);
    void updateOk();

    Context m_context;
    QStringList m_warnings;
    QTreeWidget *m_list = nullptr;
    QCheckBox *m_background = nullptr;
    QCheckBox *m_replication = nullptr;
    QComboBox *m_template = nullptr;
    QCheckBox *m_block = nullptr;
    QCheckBox *m_keepBlocked = nullptr;
    QCheckBox *m_alsoAtPooler = nullptr;
    QSpinBox *m_wait = nullptr;
    QRadioButton *m_thenNothing = nullptr;
    QRadioButton *m_thenDrop = nullptr;
    QRadioButton *m_thenRename = nullptr;
    QLineEdit *m_newName = nullptr;
    QLineEdit *m_typed = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_confirmable = false;
};
