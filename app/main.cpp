// SPDX-License-Identifier: GPL-3.0-or-later
#include "connection_spec.h"
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("pgsessions"));
    QApplication::setOrganizationName(QStringLiteral("pgsessions"));
    QApplication::setApplicationVersion(QStringLiteral(PGSESSIONS_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("pgsessions"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "See and end PostgreSQL sessions."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("server"),
                                 QApplication::translate("main", "A libpq connection string (\"host=db1 user=dba\") or a postgresql:// URI. "
                                                                 "Without one, libpq's defaults apply (PG* variables, the local socket)."),
                                 QStringLiteral("[server...]"));
    parser.process(app);

    QStringList servers = parser.positionalArguments();
    if (servers.isEmpty())
        servers << QString();
    std::vector<ConnectionSpec> specs;
    for (const QString &text : servers) {
        QString error;
        ConnectionSpec spec = ConnectionSpec::parse(text, &error);
        if (!spec.isValid()) {
            const QString message = QApplication::translate("main", "Cannot use \"%1\": %2").arg(text, error);
            std::fprintf(stderr, "pgsessions: %s\n", qPrintable(message));
            return 2;
        }
        specs.push_back(spec);
    }

    MainWindow window;
    for (const ConnectionSpec &spec : specs)
        window.addServer(spec);
    window.show();
    return app.exec();
}
