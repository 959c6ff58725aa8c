// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demo_workload.h"

#include "pg/connection.h"

#include <QByteArray>

#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <random>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

struct Actor {
    const char *database;
    const char *user;
    const char *application;
    std::chrono::milliseconds reconnectAfter;
    /// Runs on a fresh connection; returns when the connection is gone.
    std::function<void(const pg::Connection &)> script;
    bool throughPooler = false;
};

bool run(const pg::Connection &conn, const char *sql)
{
    return conn.exec(QByteArray(sql)).ok();
}

// Holds whatever state the session is in, sending nothing (so its last query stays on
// show), until the server ends it.
void holdUntilGone(const pg::Connection &conn)
{
    conn.waitUntilClosed();
}

void loop(const QByteArray &base, const Actor &actor)
{
    const QByteArray info = base + " dbname=" + actor.database + " user=" + actor.user + " application_name='" + actor.application + "'";
    while (true) {
        const Expected<pg::Connection> conn = pg::Connection::connect(QString::fromUtf8(info), 10);
        if (conn.ok())
            actor.script(*conn);
        std::this_thread::sleep_for(actor.reconnectAfter);
    }
}

} // namespace

void runDemoWorkload(const QString &conninfo, qint64 parentPid, const QString &poolerConninfo)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL); // gone with the app, however it ends
    // ... unless it ended before this line ran: then there is nobody left to signal us.
    if (::getppid() != pid_t(parentPid))
        std::_Exit(0);
    const QByteArray base = conninfo.toUtf8();
    const QByteArray poolerBase = poolerConninfo.toUtf8();
    std::vector<Actor> actors;

    // A web application's pool: short queries, idle in between, back within 200 ms.
    for (int i = 0; i < 6; ++i) {
        actors.push_back({"games", "web", "games-web", 200ms, [i](const pg::Connection &conn) {
                              std::mt19937 rng(unsigned(i) * 7919u);
                              std::uniform_int_distribution<int> query(50, 400), pause(300, 1500);
                              while (true) {
                                  const QByteArray sql = "SELECT pg_sleep(" + QByteArray::number(query(rng) / 1000.0)
                                                         + ") /* leaderboard for player " + QByteArray::number(i) + " */";
                                  if (!run(conn, sql.constData()))
                                      return;
                                  std::this_thread::sleep_for(std::chrono::milliseconds(pause(rng)));
                              }
                          },
                          false});
    }
    // A reporting job with a long query; its scheduler retries after 30 s.
    actors.push_back({"games", "reporting", "monthly-report", 30s, [](const pg::Connection &conn) {
                          run(conn, "/* monthly revenue report */ SELECT pg_sleep(3600)");
                      }});
    // Somebody's psql, left in an open transaction.
    actors.push_back({"shop", "admin", "psql", 30s, [](const pg::Connection &conn) {
                          if (run(conn, "BEGIN") && run(conn, "UPDATE orders SET status = status WHERE id = 1"))
                              holdUntilGone(conn);
                      }});
    // A lock chain: a migration holds a row lock, three workers wait for it.
    actors.push_back({"games", "admin", "migration", 15s, [](const pg::Connection &conn) {
                          if (run(conn, "BEGIN") && run(conn, "UPDATE scores SET points = points WHERE id = 1"))
                              holdUntilGone(conn);
                      }});
    for (int i = 0; i < 3; ++i) {
        actors.push_back({"games", "web", "games-worker", 1s, [](const pg::Connection &conn) {
                              while (run(conn, "UPDATE scores SET points = points + 1 WHERE id = 1"))
                                  std::this_thread::sleep_for(3s);
                          }});
    }
    // Another role's session, mostly idle.
    actors.push_back({"analytics", "analyst", "notebook", 10s, [](const pg::Connection &conn) {
                          while (run(conn, "SELECT 1"))
                              std::this_thread::sleep_for(10s);
                      }});

    // The shop's web application, through the pooler: three clients, short queries.
    for (int i = 0; !poolerBase.isEmpty() && i < 3; ++i) {
        actors.push_back({"shop", "web", "shop-web", 1s,
                          [](const pg::Connection &conn) {
                              while (run(conn, "SELECT count(*) FROM orders WHERE status = 'open'"))
                                  std::this_thread::sleep_for(2s);
                          },
                          true});
    }

    std::vector<std::thread> threads;
    for (const Actor &a : actors) {
        threads.emplace_back(loop, a.throughPooler ? poolerBase : base, a);
        std::this_thread::sleep_for(20ms); // the blocker gets its lock before the waiters ask
    }
    for (std::thread &t : threads)
        t.join();
    std::_Exit(0);
}
