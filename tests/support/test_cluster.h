// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/local_cluster.h"

/// The tests' cluster: the binaries come from $PG_BINDIR, else Debian's PostgreSQL 15.
class TestCluster : public LocalCluster
{
public:
    TestCluster()
        : TestCluster(Options{})
    {
    }
    explicit TestCluster(Options options)
        : LocalCluster(qEnvironmentVariable("PG_BINDIR", QStringLiteral("/usr/lib/postgresql/15/bin")), options)
    {
    }
};
