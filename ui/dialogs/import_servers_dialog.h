// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "servers/server_import.h"
#include "servers/server_profile.h"

#include <QDialog>
#include <QSet>

#include <vector>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

/// Servers in bulk, for the saved list: the services libpq's service files define (ticked
/// ones become profiles that name the service), and connection strings or URIs pasted one
/// per line, each line checked as it is typed, with libpq's words for one it refuses (the
/// list of lines keeps its place and current row as the text changes; activating a line
/// puts the editor's cursor on it). Servers already saved the same way are left out, and
/// a line that repeats an earlier one or a ticked service says so.
class ImportServersDialog : public QDialog
{
    Q_OBJECT
public:
    /// @p saved: the profiles already in the list; @p serviceFiles: where to look (libpq's
    /// own files when left out).
    explicit ImportServersDialog(const QList<ServerProfile> &saved, QWidget *parent = nullptr);
    ImportServersDialog(const QList<ServerProfile> &saved, const QStringList &serviceFiles, QWidget *parent = nullptr);

    /// What OK brings in: the ticked services, then the valid pasted lines, each once.
    QList<ServerProfile> profiles() const;

    QListWidget *servicesList() const { return m_services; }
    QPlainTextEdit *pasteEdit() const { return m_paste; }
    QListWidget *linesList() const { return m_lines; }
    QPushButton *importButton() const { return m_ok; }

private:
    void recheck();
    /// The ticked services that are not saved yet, as profiles.
    QList<ServerProfile> tickedServices() const;

    QSet<QString> m_saved; ///< the saved profiles' connection keys
    std::vector<server_import::Line> m_parsed; ///< the pasted lines, as last checked
    QHash<QString, server_import::Line> m_known; ///< the same, by text: not parsed again
    QListWidget *m_services;
    QLabel *m_servicesNote;
    QPlainTextEdit *m_paste;
    QListWidget *m_lines;
    QPushButton *m_ok = nullptr;
};
