// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtContainerFwd>

#include <functional>

class QInputDialog;
class QListWidget;
class QMessageBox;
class QString;
class QWidget;

namespace dialog_helpers {

/// Asks whether the servers of group @p from go into group @p to, which exists already
/// (their folders become one). Cancel is the default. @p hook sees the question before it
/// runs (tests).
bool askToMergeGroups(QWidget *parent, const QString &from, const QString &to, const std::function<void(QMessageBox *)> &hook);

/// Asks for a new name of group @p group (@p groups: the names in use; the name of another
/// one is taken only when askToMergeGroups() says so). Empty when nothing is to change.
/// The hooks see the dialogs before they run (tests).
QString askNewGroupName(QWidget *parent, const QString &group, const QStringList &groups, const std::function<void(QInputDialog *)> &inputHook,
                        const std::function<void(QMessageBox *)> &questionHook);

/// Enter on @p list's current item activates it (itemActivated) and goes no further: the
/// dialog's default button is not pressed along with it.
void activateOnEnter(QListWidget *list);

} // namespace dialog_helpers
