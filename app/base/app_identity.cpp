// SPDX-License-Identifier: GPL-3.0-or-later
#include "base/app_identity.h"

#include <QRandomGenerator>

namespace app_identity {

QString token()
{
    static const QString value =
        QString::number(QRandomGenerator::system()->generate() & 0xffffff, 16).rightJustified(6, QLatin1Char('0'));
    return value;
}

QString applicationName(const QString &purpose)
{
    return QStringLiteral("pgsessions ") + purpose + QLatin1Char(' ') + token();
}

bool isOwnApplicationName(const QString &name)
{
    return name.startsWith(QLatin1String("pgsessions ")) && name.endsWith(QLatin1Char(' ') + token());
}

QString ownConnectionPredicate(const QString &alias)
{
    // The token is hex digits only: safe inside a literal.
    return QStringLiteral("(%1.pid = pg_backend_pid() OR (%1.application_name LIKE 'pgsessions %' AND %1.application_name LIKE '% %2'))")
        .arg(alias, token());
}

} // namespace app_identity
