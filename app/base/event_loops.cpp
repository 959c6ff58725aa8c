// SPDX-License-Identifier: GPL-3.0-or-later
#include "base/event_loops.h"

#include <QByteArray>

void useQtEventLoopsOnWorkerThreads()
{
    if (qEnvironmentVariableIsEmpty("QT_NO_THREADED_GLIB"))
        qputenv("QT_NO_THREADED_GLIB", QByteArrayLiteral("1"));
}
