// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dialogs/confirm_dialog.h"

#include <QDialog>

#include <vector>

class QDialogButtonBox;

/// One confirmation for sessions of several servers (selected in All servers): a part per
/// server, each the confirmation that server alone would ask (its sessions, warnings, and
/// the typed answer if it is a production server), under the server's name. OK runs every
/// part, each on its own server.
class ServersConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    struct Part {
        int server = 0;
        ConfirmDialog *dialog = nullptr; ///< owned by this dialog
    };

    /// @p parts: server id and what its confirmation shows, in the order shown.
    ServersConfirmDialog(ActionRequest::Kind kind, std::vector<std::pair<int, ConfirmDialog::Context>> parts, QWidget *parent = nullptr);

    const std::vector<Part> &parts() const { return m_parts; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void updateOk();

    std::vector<Part> m_parts;
    QDialogButtonBox *m_buttons = nullptr;
};
