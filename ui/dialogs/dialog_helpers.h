// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

class QListWidget;
class QMessageBox;
class QString;
class QWidget;

namespace dialog_helpers {

/// Asks whether the servers of group @p from go into group @p to, which exists already
/// (their folders become one). Cancel is the default. @p hook sees the question before it
/// runs (tests).
bool askToMergeGroups(QWidget *parent, const QString &from, const QString &to, const std::function<void(QMessageBox *)> &hook);

/// Enter on @p list's current item activates it (itemActivated) and goes no further: the
/// dialog's default button is not pressed along with it.
void activateOnEnter(QListWidget *list);

} // namespace dialog_helpers
