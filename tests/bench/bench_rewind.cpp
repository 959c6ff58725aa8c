// SPDX-License-Identifier: GPL-3.0-or-later
// Rewinding the real window: an hour of history at 1 s (1,000 backends, 100 not idle, as
// bench_history writes it) for a server the window watches; then the time from moving to a
// moment to the sessions table repainted with it, for moments anywhere in that hour, and
// the time the timeline chart takes to rebuild and repaint with the hour shown.
// Usage: bench_rewind [MOMENTS]
#include "base/event_loops.h"
#include "actions/action_journal.h"
#include "bench_result.h"
#include "history/history_panel.h"
#include "history/history_store.h"
#include "history/rewind.h"
#include "history_workload.h"
#include "models/server_tree_model.h"
#include "models/session_model.h"
#include "servers/server_monitor.h"
#include "servers/server_registry.h"
#include "sessions/sessions_panel.h"
#include "test_cluster.h"
#include "window/main_window.h"

#include "history/timeline_chart.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>

#include <algorithm>
#include <cstdio>

namespace {

/// An hour of polls of @p key, ending now, into @p path, as bench_history records them.
void writeHour(const QString &path, const QString &key, int samples)
{
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(samples) * 1000;
    bench::HistoryWorkload workload(start);
    HistoryStore store(path);
    for (int p = 0; p < samples; ++p) {
        store.record(key, workload.poll(p), start + qint64(p) * 1000);
        if (p % 30 == 29)
            store.flush(); // as polls come: the store keeps at most a minute of them waiting
    }
    store.flush();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // as the application does
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("pgsessions-bench"));
    const int moments = argc > 1 ? std::atoi(argv[1]) : 20;
    TestCluster cluster;
    if (const Error e = cluster.start()) {
        std::fprintf(stderr, "cannot start the cluster: %s\n", qPrintable(e.message()));
        return 1;
    }
    QTemporaryDir dir;
    MainWindow window(std::make_shared<ActionJournal>(dir.filePath(QStringLiteral("journal.jsonl"))));
    ServerRegistry *registry = window.registry();
    if (!registry->history()) {
        std::fprintf(stderr, "history is turned off in this user's settings\n");
        return 1;
    }
    ServerOptions options;
    options.name = QStringLiteral("bench");
    options.intervalMs = 1000;
    const int server = registry->addServer(specOf(cluster.conninfo()), options);
    window.resize(1600, 1000);
    window.show();
    QSignalSpy first(registry, &ServerRegistry::snapshotReady);
    if (!first.wait(15000)) {
        std::fprintf(stderr, "the server was not polled\n");
        return 1;
    }
    const QString key = registry->monitor(server)->serverKey();
    const int samples = 3600;
    std::printf("writing an hour of history (%d samples, 1,000 backends, 100 not idle)...\n", samples);
    std::fflush(stdout);
    writeHour(registry->history()->path(), key, samples);

    window.serverTree()->setCurrentIndex(window.serverTreeModel()->serverIndex(server));
    HistoryPanel *panel = window.sessionsPanel()->historyPanel();
    panel->rangeBox()->setCurrentIndex(1); // the last hour
    QElapsedTimer wait;
    wait.start();
    const auto drawn = [&] {
        return std::count_if(panel->buckets().begin(), panel->buckets().end(), [](const history::LoadBucket &b) { return !b.gap; });
    };
    const auto enough = [&] { return !panel->buckets().empty() && drawn() >= qsizetype(panel->buckets().size()) * 9 / 10; };
    while (!enough() && wait.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!enough()) {
        std::fprintf(stderr, "the hour was not drawn (%d stretches)\n", int(drawn()));
        return 1;
    }

    // The chart: rebuilding its series from the hour, and repainting it.
    std::vector<double> rebuild, repaint;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer clock;
        clock.start();
        panel->redraw();
        rebuild.push_back(clock.nsecsElapsed() / 1e6);
        clock.start();
        panel->chart()->repaint();
        repaint.push_back(clock.nsecsElapsed() / 1e6);
    }

    // Rewinding: to the table repainted with the moment.
    QRandomGenerator random(11);
    std::vector<double> rewind;
    QTableView *table = window.sessionView();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < moments; ++i) {
        const qint64 at = now - 3500 * 1000 + qint64(random.bounded(3400)) * 1000;
        QSignalSpy shown(panel->rewind(), &Rewind::shown);
        QElapsedTimer clock;
        clock.start();
        panel->rewindTo(at);
        while (shown.isEmpty() && clock.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
        table->viewport()->repaint();
        const double ms = clock.nsecsElapsed() / 1e6;
        if (shown.isEmpty() || !shown.first().at(2).toBool() || window.sessionModel()->rowCount() < 50) {
            std::fprintf(stderr, "moment %d was not shown (%d rows)\n", i, window.sessionModel()->rowCount());
            return 1;
        }
        rewind.push_back(ms);
    }
    std::sort(rewind.begin(), rewind.end());
    const double rewindMedian = median(rewind), rewindWorst = rewind.back();
    const double repaintMedian = median(repaint), repaintWorst = *std::max_element(repaint.begin(), repaint.end());
    std::printf("rewind to a moment of the last hour, to the table repainted: median %.1f ms, worst %.1f ms (%d moments, ~100 rows each)\n",
                rewindMedian, rewindWorst, moments);
    std::printf("timeline chart, the hour in %d stretches: series rebuilt in %.1f ms (median), repainted in %.1f ms (median), %.1f ms (worst)\n",
                int(panel->buckets().size()), median(rebuild), repaintMedian, repaintWorst);
    bench::result(QStringLiteral("rewind to a moment of the last hour, to a repainted table (worst of %1)").arg(moments), rewindWorst,
                  QStringLiteral("ms"), 0, QStringLiteral("<= 50 ms"), bench::met(rewindWorst <= 50));
    bench::result(QStringLiteral("timeline chart repaint, last hour (median of 20)"), repaintMedian, QStringLiteral("ms"), 0,
                  QStringLiteral("<= 8 ms"), bench::met(repaintMedian <= 8));
    bench::result(QStringLiteral("timeline chart series rebuilt, last hour (median of 20)"), median(rebuild), QStringLiteral("ms"), 0,
                  QStringLiteral("-"), QStringLiteral("-"));
    return 0;
}
