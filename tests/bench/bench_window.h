// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action_journal.h"
#include "servers/server_registry.h"
#include "window/main_window.h"

#include <QDir>
#include <QTemporaryDir>

#include <memory>

namespace bench {

/// The benchmarks' journal, apart from the user's, in a folder of this run's own (removed
/// at exit). The history file goes beside it: one shared by every run grew by the sessions
/// each run left open (90,000 of 149 servers in a day), which the app reads and tracks
/// when it starts, and the figures of a run depended on how many runs came before.
inline std::shared_ptr<ActionJournal> journal()
{
    static QTemporaryDir folder(QDir::tempPath() + QStringLiteral("/pgsessions-bench-XXXXXX"));
    return std::make_shared<ActionJournal>(folder.filePath(QStringLiteral("journal.jsonl")));
}

/// Shows @p window wide enough for every column of the sessions table: the ages, which
/// change at every poll, are then repainted at every poll, as on a wide screen (at the
/// first-start width they are scrolled out of sight, and a poll would repaint little).
inline void showEveryColumn(MainWindow &window)
{
    window.resize(2400, 1000);
    window.show();
}

} // namespace bench
