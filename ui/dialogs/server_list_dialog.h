// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "servers/server_profile.h"

#include <QDialog>
#include <QHash>

#include <functional>

class QInputDialog;
class QListWidget;
class QMessageBox;
class QPushButton;
class ImportServersDialog;
class ServerProfileDialog;

/// The saved servers: add, edit, duplicate, remove and reorder them, put the selected ones
/// in a group, rename a group. Nothing changes until OK; Cancel keeps the list as it was.
class ServerListDialog : public QDialog
{
    Q_OBJECT
public:
    /// @p keychainProblem: why the system keychain cannot be used, or empty.
    ServerListDialog(QList<ServerProfile> profiles, QString keychainProblem, QWidget *parent = nullptr);

    QList<ServerProfile> profiles() const { return m_profiles; }
    /// Passwords typed while editing, by profile id (for this run; and the keychain when
    /// the profile remembers its password).
    QHash<QString, QString> passwords() const { return m_passwords; }

    QListWidget *list() const { return m_list; }
    QPushButton *button(const QString &objectName) const;
    /// Called with each profile editor before it is shown (for tests and automation).
    void setEditorHook(std::function<void(ServerProfileDialog *)> hook) { m_editorHook = std::move(hook); }
    /// Called with the import dialog before it is shown (for tests and automation).
    void setImportHook(std::function<void(ImportServersDialog *)> hook) { m_importHook = std::move(hook); }
    /// Called with Set group's and Rename group's dialog before it runs (for tests).
    void setInputHook(std::function<void(QInputDialog *)> hook) { m_inputHook = std::move(hook); }
    /// Called with the question of a rename into a group that exists (for tests).
    void setQuestionHook(std::function<void(QMessageBox *)> hook) { m_questionHook = std::move(hook); }
    /// The groups renamed with Rename group: old name (as the dialog found it) to new name.
    QHash<QString, QString> renamedGroups() const { return m_renamedGroups; }
    /// Adds @p profiles at the end, but for those saved already (the same connection).
    void importProfiles(const QList<ServerProfile> &profiles);

    void addProfile();
    void editCurrent();
    void duplicateCurrent();
    /// Removes the selected servers (the current one when none is selected).
    void removeCurrent();
    void moveCurrent(int by);
    /// Puts the selected servers in a group asked for (empty: none).
    void setGroupOfSelected();
    /// Renames the current server's group, for every server in it.
    void renameGroupOfCurrent();

private:
    bool edit(ServerProfile &profile);
    /// Fills the list again, with row @p current current and @p selected selected (the
    /// current one alone when empty).
    void refill(int current, const QList<int> &selected = {});
    void updateButtons();
    /// The selected rows, in order (the current one when none is selected).
    QList<int> selectedRows() const;
    QStringList groups() const;
    bool ask(QInputDialog &dialog);

    QList<ServerProfile> m_profiles;
    QHash<QString, QString> m_passwords;
    const QString m_keychainProblem;
    QListWidget *m_list = nullptr;
    std::function<void(ServerProfileDialog *)> m_editorHook;
    std::function<void(ImportServersDialog *)> m_importHook;
    std::function<void(QInputDialog *)> m_inputHook;
    std::function<void(QMessageBox *)> m_questionHook;
    QHash<QString, QString> m_renamedGroups;
    QStringList m_groupsAtStart;
};
