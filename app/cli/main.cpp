// SPDX-License-Identifier: GPL-3.0-or-later
// pgsessions-cli: the command line, on the core alone (no display needed).
#include "base/event_loops.h"
#include "cli/cli.h"

#include <QCoreApplication>

#include <unistd.h>

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does, before any thread starts
    QCoreApplication app(argc, argv);
    // The app's settings (saved servers and rules) and its journal.
    QCoreApplication::setApplicationName(QStringLiteral("pgsessions"));
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PGSESSIONS_VERSION));
    QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments == QStringList{QStringLiteral("--version")}) {
        std::printf("pgsessions-cli %s\n", PGSESSIONS_VERSION);
        return 0;
    }
    cli::Io io;
    io.interactive = ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
    return cli::run(arguments, io);
}
