// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "base/error.h"
#include "pg/connection.h"

class QSqlDatabase;
class ConnectionSpec;

/// QPSQL on a connection pgsessions made: one connection per connect attempt.
namespace pg::qtsql {

/// Opens @p db (a QPSQL connection) on @p connection, already connected through
/// Connection::open(): QPSQL takes it over instead of connecting a second time. Where
/// this process cannot hand a connection to QPSQL (handoffAvailable()), @p connection is
/// closed and QPSQL connects itself with @p target, the spec it was made from.
Error open(QSqlDatabase &db, Connection connection, const ConnectionSpec &target);

/// The libpq connection under an open QPSQL connection, borrowed (QPSQL closes it).
Connection borrow(const QSqlDatabase &db);

/// Whether QPSQL, when it connects, takes the connection open() hands it. True in every
/// program that links pgsessions' core with its link options (see qtsql.cpp).
bool handoffAvailable();

} // namespace pg::qtsql
