// SPDX-License-Identifier: GPL-3.0-or-later
#include "pg/maintenance.h"

#include "pg/connection_spec.h"

namespace maintenance {

QStringList candidates(const ConnectionSpec &spec, const QString &avoid)
{
    QStringList out;
    if (spec.has(QStringLiteral("dbname")))
        out << spec.value(QStringLiteral("dbname"));
    else if (spec.has(QStringLiteral("service")))
        out << QString(); // the service's own database
    out << QStringLiteral("postgres") << QStringLiteral("template1");
    out.removeDuplicates();
    if (!avoid.isEmpty())
        out.removeAll(avoid);
    return out;
}

bool tryNext(const Error &refusal)
{
    const QString &state = refusal.sqlState();
    return refusal.kind() != Error::Kind::NeedsPassword && refusal.kind() != Error::Kind::Stopped
           && (state == QLatin1String("3D000") || state == QLatin1String("55000") || state == QLatin1String("42501"));
}

} // namespace maintenance

