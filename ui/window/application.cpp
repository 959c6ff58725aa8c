// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/application.h"

#include "demo/demo_server.h"
#include "servers/server_monitor.h"
#include "pg/connection_spec.h"
#include "servers/server_profile.h"
#include "servers/server_registry.h"
#include "window/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QSocketNotifier>
#include <QStatusBar>
#include <QThread>
#include <QTranslator>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &byte, 1);
}

// Ctrl+C and SIGTERM close the window like the user would, so the demo server and its
// workload are stopped and removed on the way out.
void quitOnSignals(QApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
        char byte;
        [[maybe_unused]] const ssize_t n = ::read(signalPipe[0], &byte, 1);
        QApplication::closeAllWindows();
        QApplication::quit();
    });
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

} // namespace

namespace {

struct Options {
    QCommandLineOption demo{QStringLiteral("demo"),
                            QCoreApplication::translate("main", "Start a private demo server with a live workload, and watch it.")};
};

void setUp(QCoreApplication &app, QTranslator &qtTranslator, QTranslator &appTranslator)
{
    QCoreApplication::setApplicationName(QStringLiteral("pgsessions"));
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PGSESSIONS_VERSION));
    // The system locale's translation of Qt's own strings (dialog buttons, ...) and of ours.
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    // An installed .qm file first (share/pgsessions/translations), else the embedded one.
    // A locale without a translation of its own (C, French, ...) gets the English plural
    // forms, the language of the sources: "1 session", not "1 session(s)".
    const QStringList dirs = {QCoreApplication::applicationDirPath() + QStringLiteral("/../share/pgsessions/translations"),
                              QStringLiteral(":/i18n")};
    const auto loadFromAnyDir = [&dirs](const auto &load) { return std::any_of(dirs.cbegin(), dirs.cend(), load); };
    if (loadFromAnyDir([&](const QString &dir) { return appTranslator.load(QLocale(), QStringLiteral("pgsessions"), QStringLiteral("_"), dir); })
        || loadFromAnyDir([&](const QString &dir) { return appTranslator.load(QStringLiteral("pgsessions_en"), dir); }))
        QCoreApplication::installTranslator(&appTranslator);
    Q_UNUSED(app)
}

void describe(QCommandLineParser &parser, const Options &options)
{
    parser.setApplicationDescription(QCoreApplication::translate("main", "See and end PostgreSQL sessions."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(options.demo);
    parser.addPositionalArgument(QStringLiteral("server"),
                                 QCoreApplication::translate("main", "A libpq connection string (\"host=db1 user=dba\"), a postgresql:// URI or "
                                                                     "service=NAME, watched for this run without being saved. Without one, the "
                                                                     "saved servers are watched, or, when there are none, libpq's defaults "
                                                                     "(PG* variables, the local socket)."),
                                 QStringLiteral("[server...]"));
}

// --help and --version print and leave: they need no display, so no QApplication.
void answerWithoutDisplay(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all" || arg == "--version" || arg == "-v") {
            QCoreApplication app(argc, argv);
            QTranslator qtTranslator, appTranslator;
            setUp(app, qtTranslator, appTranslator);
            Options options;
            QCommandLineParser parser;
            describe(parser, options);
            parser.process(app); // prints and exits
        }
    }
}

} // namespace

int runApplication(int argc, char *argv[])
{
    answerWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    QTranslator qtTranslator, appTranslator;
    setUp(app, qtTranslator, appTranslator);
    QApplication::setApplicationDisplayName(QStringLiteral("pgsessions"));

    Options options;
    QCommandLineParser parser;
    describe(parser, options);
    parser.process(app);
    const bool demoMode = parser.isSet(options.demo);

    QStringList servers = parser.positionalArguments();
    QSettings settings;
    const QList<ServerProfile> profiles = ServerProfile::load(settings);
    const bool watchSaved = servers.isEmpty() && !demoMode;
    if (watchSaved && profiles.isEmpty())
        servers << QString();
    std::vector<ConnectionSpec> specs;
    for (const QString &text : servers) {
        const Expected<ConnectionSpec> spec = ConnectionSpec::parse(text);
        if (!spec.ok()) {
            const QString message = QApplication::translate("main", "Cannot use \"%1\": %2").arg(text, spec.error().message());
            std::fprintf(stderr, "pgsessions: %s\n", qPrintable(message));
            return 2;
        }
        specs.push_back(*spec);
    }

    quitOnSignals(app);
    auto demo = demoMode ? std::make_unique<DemoServer>() : nullptr;
    std::unique_ptr<QThread> demoStarter;
    int status = 0;
    {
        MainWindow window;
        ServerRegistry *registry = window.registry();
        for (const ConnectionSpec &spec : specs)
            registry->addServer(spec);
        // Always known, so that editing them never loses one; watched only when the
        // command line names no server.
        registry->setProfiles(profiles, watchSaved);
        if (demo) {
            // initdb and the start take seconds: off the GUI thread.
            window.statusBar()->showMessage(QApplication::translate("main", "Starting the demo server…"));
            auto result = std::make_shared<Error>();
            demoStarter.reset(QThread::create([d = demo.get(), result] { *result = d->start(); }));
            QObject::connect(demoStarter.get(), &QThread::finished, &window, [&window, registry, d = demo.get(), result] {
                Error error = *result;
                if (!error)
                    error = d->startWorkload();
                if (!error) {
                    ServerOptions demoOptions;
                    demoOptions.name = QApplication::translate("main", "demo");
                    const int server = registry->addServer(ConnectionSpec::parse(d->conninfo()).value(), demoOptions);
                    if (!d->poolerConninfo().isEmpty()) {
                        ServerOptions poolerOptions;
                        poolerOptions.name = QApplication::translate("main", "demo pooler");
                        poolerOptions.kind = ServerKind::PoolerConsole;
                        registry->linkPooler(server, registry->addServer(ConnectionSpec::parse(d->poolerConninfo()).value(), poolerOptions));
                    }
                    window.statusBar()->showMessage(QApplication::translate("main", "Demo server PostgreSQL %1 in %2 (removed on exit)")
                                                        .arg(d->version(), d->dataDirectory()),
                                                    10000);
                } else {
                    std::fprintf(stderr, "pgsessions: %s\n", qPrintable(error.message()));
                    window.statusBar()->clearMessage();
                    QMessageBox::critical(&window, QApplication::translate("main", "Demo server"), error.message());
                }
            });
            demoStarter->start();
        }
        window.show();
        status = app.exec();
        if (demoStarter)
            demoStarter->wait();
    } // the window and its monitors go first, then the demo server
    demo.reset();
    // A monitor thread still stuck on a server that stopped answering must not run into
    // static destructors: leave without them (settings and journal are already written).
    if (ServerMonitor::threadsStillWaiting() > 0) {
        std::fflush(nullptr);
        std::_Exit(status);
    }
    return status;
}
