// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// The desktop application: translations, the command line (servers to watch, --demo),
/// the main window and the demo server; returns the exit status.
int runApplication(int argc, char *argv[]);
