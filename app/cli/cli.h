// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <cstdio>

/// pgsessions-cli: the app's sessions and actions for scripts and terminals, on the same
/// core, with the same journal and saved servers and rules, and no display.
namespace cli {

/// Exit statuses.
enum Status { AllDone = 0, SomeRefused = 1, UsageOrConnection = 2 };

/// Where the command reads answers and writes results (a terminal, or pipes in tests).
struct Io {
    std::FILE *out = stdout;
    std::FILE *err = stderr;
    std::FILE *in = stdin;
    /// Whether a person can be asked (stdin and stderr are a terminal).
    bool interactive = false;
};

/// Runs the command line @p arguments (without the program name).
int run(const QStringList &arguments, const Io &io);

} // namespace cli
