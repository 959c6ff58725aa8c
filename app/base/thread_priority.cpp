// SPDX-License-Identifier: GPL-3.0-or-later
#include "base/thread_priority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

void yieldToTheGuiThread(int steps)
{
#ifdef Q_OS_LINUX
    // On Linux, PRIO_PROCESS with a thread id sets that thread's nice value alone.
    const auto tid = id_t(::syscall(SYS_gettid));
    const int now = ::getpriority(PRIO_PROCESS, tid);
    (void)::setpriority(PRIO_PROCESS, tid, now + steps);
#else
    Q_UNUSED(steps)
#endif
}
