// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "test_cluster.h"

#include <QtTest>

/// Starts @p cluster in initTestCase(), says which server is under test, and checks it is
/// the major version ctest asked for (PGSESSIONS_EXPECT_MAJOR), so a test named for a
/// version cannot silently run against another.
#define PGSESSIONS_START_CLUSTER(cluster)                                                                     \
    do {                                                                                                      \
        QVERIFY_OK((cluster).start());                                                                        \
        qInfo("PostgreSQL under test: %s (server_version_num %d, binaries %s)", qPrintable((cluster).serverVersion()), \
              (cluster).serverVersionNum(), qPrintable((cluster).binDir()));                                  \
        const int expectedMajor = qEnvironmentVariableIntValue("PGSESSIONS_EXPECT_MAJOR");                    \
        if (expectedMajor > 0)                                                                                \
            QCOMPARE((cluster).serverVersionNum() / 10000, expectedMajor);                                    \
    } while (false)
