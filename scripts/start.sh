#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and starts pgsessions. Arguments go to the app (a
# conninfo string or postgresql:// URI); without any, it starts on its demo server: a
# private throwaway PostgreSQL with a live workload, removed when the app exits.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_packages "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"
configure_and_build
[ $# -eq 0 ] && set -- --demo
exec "$PGSESSIONS_BUILD/app/pgsessions" "$@"
