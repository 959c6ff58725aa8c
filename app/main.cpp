// SPDX-License-Identifier: GPL-3.0-or-later
// The entry: the demo's workload (this same binary, without a GUI), or the application.
#include "base/event_loops.h"
#include "demo/demo_workload.h"
#include "window/application.h"

#include <cstdlib>
#include <cstring>

int main(int argc, char *argv[])
{
    useQtEventLoopsOnWorkerThreads(); // before any thread starts
    if ((argc == 4 || argc == 5) && std::strcmp(argv[1], "--demo-workload") == 0)
        runDemoWorkload(QString::fromLocal8Bit(argv[2]), std::atoll(argv[3]), argc == 5 ? QString::fromLocal8Bit(argv[4]) : QString());
    return runApplication(argc, argv);
}
