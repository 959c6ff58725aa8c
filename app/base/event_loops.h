// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// Worker threads (polls, actions, the history writer) run Qt's own event loop, built on
/// poll(2), instead of GLib's main loop; the GUI thread keeps GLib's, which platform
/// themes and native dialogs that are GTK's need. A worker wakes a few times a poll (its
/// timer, the server's answer), and at each wake-up GLib's loop prepared, queried,
/// checked and dispatched its sources: about a tenth of the workers' CPU at 1,000
/// backends (tests/bench/README.md). Qt reads QT_NO_THREADED_GLIB when a thread starts:
/// call this before the first QThread does. A value the user set is left as it is.
void useQtEventLoopsOnWorkerThreads();
