#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds and runs every benchmark against one throwaway cluster with BENCH_BACKENDS client
# backends, and prints one table: each figure, its baseline measured in the same run, the
# ratio and the budget (docs: tests/bench/README.md).
#   BENCH_BACKENDS  client backends (1000)
#   BENCH_SECONDS   length of the CPU and stall measurements (60)
#   BENCH_ROUNDS    rounds of the kill-all benchmarks (5)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
BACKENDS=${BENCH_BACKENDS:-1000}
SECONDS_EACH=${BENCH_SECONDS:-60}
ROUNDS=${BENCH_ROUNDS:-5}
BENCH_DIR=$PGSESSIONS_BUILD/tests/bench
started=$(date +%s)

ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" pg-activity
configure -DPGSESSIONS_BUILD_TESTS=ON
say "building the benchmarks"
cmake --build "$PGSESSIONS_BUILD" --parallel "$(nproc)" --target bench_backends bench_poll bench_server_time bench_cpu bench_stall \
    bench_memory bench_model_diff bench_history bench_rewind bench_kill_all bench_cli_kill_all bench_blocking bench_pooler bench_fleet

# shellcheck source=tests/bench/bench_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_server.sh"
work=$(mktemp -d)
trap 'stop_bench_server; rm -rf "$work"' EXIT

start_bench_server "$BACKENDS" "$work/server"
export PGSESSIONS_BENCH_CONNINFO=$bench_conninfo
export QT_QPA_PLATFORM=offscreen
# Each benchmark's own output goes to the terminal; its RESULT lines are kept for the table.
run() {
    say "$*"
    local program=$1
    shift
    "$BENCH_DIR/$program" "$@" 2> >(grep -v -e 'propagateSizeHints' -e 'XDG_RUNTIME_DIR' >&2) | tee -a "$work/results"
}
run bench_poll "$BACKENDS"
run bench_server_time "$BACKENDS"
run bench_cpu "$BACKENDS" "$SECONDS_EACH"
run bench_stall "$BACKENDS" "$SECONDS_EACH"
run bench_memory "$BACKENDS"
stop_bench_server
# These need no shared server: kill-all ends its backends and the blocking benchmark forms
# lock chains, so each starts its own cluster.
run bench_model_diff
run bench_history
run bench_rewind
run bench_kill_all "$BACKENDS" "$ROUNDS"
run bench_cli_kill_all "$BACKENDS" "$ROUNDS"
run bench_blocking "$BACKENDS" "$(( BACKENDS / 5 ))" "$(( SECONDS_EACH / 3 ))"
run bench_pooler "$BACKENDS" "$(( SECONDS_EACH / 3 ))"
# Thirty clusters of their own (BENCH_FLEET_SERVERS), fifty backends on each.
run bench_fleet "${BENCH_FLEET_SERVERS:-30}" 50 "$SECONDS_EACH"

echo
echo "pgsessions benchmarks: $BACKENDS backends, PostgreSQL $(psql --version 2>/dev/null | awk '{print $3}'), $(nproc) cores, $(date -u +%Y-%m-%d), $(( $(date +%s) - started )) s in all"
{
    echo "figure|pgsessions|baseline|ratio|budget|met"
    grep '^RESULT|' "$work/results" | awk -F'|' '{ printf "%s|%s %s|%s|%s|%s|%s\n", $2, $3, $4, ($5 + 0 > 0 ? $5 " " $4 : "-"), $6, $7, $8 }'
} | column -t -s '|'
