#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds and runs every benchmark; each prints its figures, baseline and ratio.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
configure_and_build -DPGSESSIONS_BUILD_TESTS=ON
"$PGSESSIONS_BUILD/tests/bench/bench_model_diff"
"$PGSESSIONS_BUILD/tests/bench/bench_kill_all" "${BENCH_BACKENDS:-1000}" "${BENCH_ROUNDS:-3}"
