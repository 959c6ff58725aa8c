// SPDX-License-Identifier: GPL-3.0-or-later
// A process that runs one kill-all and journals it, for tests that kill it midway.
// Usage: action_helper CONNINFO DATABASE JOURNAL WAIT_MS [block] [pooler=CONNINFO]
// DATABASE "*": every database of the server (a server-wide kill). pooler=: also at the
// PgBouncer there (its alias of the same name), which the journal names "bouncer".
#include "actions/action_journal.h"
#include "servers/server_monitor.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 5 || args.size() > 7) {
        std::fprintf(stderr, "usage: action_helper CONNINFO DATABASE JOURNAL WAIT_MS [block] [pooler=CONNINFO]\n");
        return 2;
    }
    const Expected<ConnectionSpec> spec = ConnectionSpec::parse(args.at(1));
    if (!spec.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(spec.error().message()));
        return 2;
    }
    MonitorOptions options;
    options.intervalMs = 3600 * 1000;
    ServerMonitor monitor(1, *spec, options, std::make_shared<ActionJournal>(args.at(3)));
    QObject::connect(&monitor, &ServerMonitor::actionFinished, &app, &QCoreApplication::quit);
    ActionRequest request;
    const bool serverWide = args.at(2) == QLatin1String("*");
    request.kind = serverWide ? ActionRequest::KillServer : ActionRequest::KillAll;
    request.database = serverWide ? QString() : args.at(2);
    request.waitMs = args.at(4).toInt();
    request.blockNewConnections = args.mid(5).contains(QLatin1String("block"));
    for (const QString &arg : args.mid(5)) {
        if (!arg.startsWith(QLatin1String("pooler=")))
            continue;
        const Expected<ConnectionSpec> pooler = ConnectionSpec::parse(arg.mid(7));
        if (!pooler.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(pooler.error().message()));
            return 2;
        }
        ActionRequest::AlsoAtPooler at;
        at.spec = *pooler;
        at.name = QStringLiteral("bouncer");
        at.databases = {request.database};
        at.serverKey = ServerMonitor::keyOf(*pooler); // as a registry watching it without a profile keys it
        request.alsoAtPooler = at;
    }
    monitor.submit(request);
    return app.exec();
}
