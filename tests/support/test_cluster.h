// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/local_cluster.h"
#include "pg/connection_spec.h"
#include "verify_ok.h"

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

    /// The first value of the first row, as a test compares it; on failure the error's
    /// words after "error: ", which compare unequal to any value a test expects.
    QString value(const QString &sql, const QString &database = QStringLiteral("postgres")) const
    {
        const Expected<QString> v = queryValue(sql, database);
        return v.ok() ? *v : QStringLiteral("error: ") + v.error().message();
    }
};

/// A connection string the test knows to be right, parsed.
inline ConnectionSpec specOf(const QString &text)
{
    Expected<ConnectionSpec> spec = ConnectionSpec::parse(text);
    if (!spec.ok())
        qFatal("not a connection string: %s (%s)", qPrintable(text), qPrintable(spec.error().message()));
    return *spec;
}
