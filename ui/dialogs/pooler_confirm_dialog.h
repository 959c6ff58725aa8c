// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

/// Asks before a command on PgBouncer's admin console: what the command does to the
/// pooler database (or client), the clients it touches, for a kill-all whether it stays
/// disabled, and for a production server the database's name typed out. Nothing is
/// confirmed that the journal cannot hold.
class PoolerConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    struct Context {
        /// PAUSE, RESUME, DISABLE, ENABLE, RECONNECT, KILL, KILL_CLIENT; or empty for a kill-all.
        QString command;
        QString serverName;
        bool production = false;
        QString database;    ///< the pooler database (alias)
        QString clientId;    ///< KILL_CLIENT
        QString clientText;  ///< KILL_CLIENT: who the client is
        QStringList clients; ///< the clients of the database now, described
        QString journalProblem;
    };

    explicit PoolerConfirmDialog(Context context, QWidget *parent = nullptr);

    ActionRequest request() const;
    QString requiredConfirmation() const;
    QLineEdit *confirmationEdit() const { return m_typed; }
    QCheckBox *keepDisabledBox() const { return m_keepDisabled; }
    QString heading() const;

private:
    void updateOk();

    Context m_context;
    QLabel *m_heading = nullptr;
    QCheckBox *m_keepDisabled = nullptr;
    QLineEdit *m_typed = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
