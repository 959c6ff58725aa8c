#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs the whole test suite through ctest:
# unit and GUI tests, and the integration tests against PostgreSQL 15 (Debian's), 12 and
# 18 (from npm), each in a throwaway cluster the tests start and remove themselves.
# Extra arguments go to ctest (for example: -L unit, -R session_model).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_command npm nodejs npm

servers="15=/usr/lib/postgresql/15/bin"
for version in "${EMBEDDED_PG_VERSIONS[@]}"; do
    servers+=";${version%%.*}=$(embedded_pg_bindir "$version")"
done
IFS=';' read -ra entries <<<"$servers"
for entry in "${entries[@]}"; do
    say "integration tests run against PostgreSQL ${entry%%=*}: $("${entry#*=}/postgres" --version) (${entry#*=})"
done

configure_and_build -DPGSESSIONS_BUILD_TESTS=ON "-DPGSESSIONS_TEST_SERVERS=$servers"

say "running the tests"
cd "$PGSESSIONS_BUILD"
ctest --output-on-failure --parallel 2 "$@"
