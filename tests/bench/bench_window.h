// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/action_journal.h"
#include "servers/server_registry.h"
#include "window/main_window.h"

#include <QDir>

#include <memory>

namespace bench {

/// The benchmarks' journal, apart from the user's.
inline std::shared_ptr<ActionJournal> journal()
{
    return std::make_shared<ActionJournal>(QDir::tempPath() + QStringLiteral("/pgsessions-bench-journal.jsonl"));
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
