#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Client CPU a refresh of this build's app against another build's, measured in turns on
# one server: the programs themselves, each started with the server's conninfo, polling
# every 1 s in a 2400x1000 window (every column of the sessions table on screen) on Qt's
# offscreen platform, with a settings folder of its own. CPU is every thread's own clock
# (/proc/PID/task/*/schedstat) over SECONDS after WARM seconds; refreshes are counted as
# the calls of the activity statement that pg_stat_statements recorded. Each pair prints
# both figures and their ratio; the last line, the medians. Docs: tests/bench/README.md.
#   cpu_against_build.sh BASELINE_PROGRAM [PAIRS] [SECONDS]
#   BENCH_BACKENDS  client backends (1000)
#   BENCH_WARM      seconds between a start and the measurement (40: past the history's
#                   first batch, and past the end of the thread pool's idle threads)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    die "usage: $0 BASELINE_PROGRAM [PAIRS] [SECONDS] (the baseline: another build's app/pgsessions)"
fi
BASELINE=$(realpath "$1")
PAIRS=${2:-3}
SECONDS_EACH=${3:-60}
BACKENDS=${BENCH_BACKENDS:-1000}
WARM=${BENCH_WARM:-40}
CANDIDATE=$PGSESSIONS_BUILD/app/pgsessions
BENCH_DIR=$PGSESSIONS_BUILD/tests/bench

ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
configure -DPGSESSIONS_BUILD_TESTS=ON
say "building the app and the benchmark's server"
cmake --build "$PGSESSIONS_BUILD" --parallel "$(nproc)" --target pgsessions bench_backends

# shellcheck source=tests/bench/bench_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_server.sh"
work=$(mktemp -d)
app_pid=
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
    stop_bench_server
    rm -rf "$work"
}
trap cleanup EXIT

start_bench_server "$BACKENDS" "$work/server"
conninfo=$bench_conninfo

# A screen of 2600x1200 and, in the settings, a 1 s interval and a window of 2400x1000 on it
# (QWidget::saveGeometry's bytes): both builds start at 1500x900 otherwise, the ages out of
# sight.
cat >"$work/screen.json" <<'EOF'
{ "synchronousWindowSystemEvents": false, "windowFrameMargins": false,
  "screens": [ { "name": "OffscreenScreen", "x": 0, "y": 0, "width": 2600, "height": 1200,
                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1 } ] }
EOF
cat >"$work/settings.conf" <<'EOF'
[polling]
intervalMs=1000

[window]
geometry=@ByteArray(\x1\xd9\xd0\xcb\0\x3\0\0\0\0\0\0\0\0\0\0\0\0\t_\0\0\x3\xe7\0\0\0\0\0\0\0\0\0\0\t_\0\0\x3\xe7\0\0\0\0\0\0\0\0\n(\0\0\0\0\0\0\0\0\0\0\t_\0\0\x3\xe7)
EOF

polls() {
    psql "$conninfo" -F ' ' -Atc "SELECT queryid, calls FROM pg_stat_statements WHERE query LIKE '%pg_stat_activity%'"
}
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }'; }
threads() { ls /proc/"$1"/task | sort | tr '\n' ' '; }

# measure PROGRAM: prints "<CPU ms a refresh> <refreshes>", or fails.
measure() {
    local home="$work/home"
    rm -rf "$home" && mkdir -p "$home/.config/pgsessions"
    cp "$work/settings.conf" "$home/.config/pgsessions/pgsessions.conf"
    HOME=$home QT_QPA_PLATFORM="offscreen:configfile=$work/screen.json" "$1" "$conninfo" >"$work/app.log" 2>&1 &
    app_pid=$!
    sleep "$WARM"
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; die "$1 ended before the measurement"; }
    polls >"$work/calls0"
    local tasks0 cpu0 tasks1 cpu1
    tasks0=$(threads "$app_pid") cpu0=$(cpu_ns "$app_pid")
    sleep "$SECONDS_EACH"
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; die "$1 ended during the measurement"; }
    tasks1=$(threads "$app_pid") cpu1=$(cpu_ns "$app_pid")
    polls >"$work/calls1"
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    app_pid=
    # A thread that ended in between took its CPU along: the figure would be short.
    [ "$tasks0" = "$tasks1" ] || say "  (a thread started or ended during the measurement: this figure leaves its CPU out)"
    local refreshes
    refreshes=$(awk 'NR == FNR { a[$1] = $2; next } { d = $2 - a[$1]; if (d > m) m = d } END { print m + 0 }' "$work/calls0" "$work/calls1")
    [ "$refreshes" -gt 0 ] || die "no refresh counted for $1"
    awk -v ns=$((cpu1 - cpu0)) -v n="$refreshes" 'BEGIN { printf "%.2f %d\n", ns / 1e6 / n, n }'
}

say "baseline  $BASELINE"
say "candidate $CANDIDATE"
: >"$work/pairs"
for pair in $(seq 1 "$PAIRS"); do
    measure "$BASELINE" >"$work/figure"
    read -r base base_n <"$work/figure"
    measure "$CANDIDATE" >"$work/figure"
    read -r cand cand_n <"$work/figure"
    ratio=$(awk -v a="$cand" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
    echo "$base $cand $ratio" >>"$work/pairs"
    echo "pair $pair: baseline $base ms a refresh ($base_n refreshes), this build $cand ms ($cand_n), ${ratio}x"
done
median() { sort -n | awk '{ r[NR] = $1 } END { print (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }'; }
echo "RESULT|client CPU per refresh against another build, $BACKENDS backends, medians of $PAIRS pairs|$(cut -d' ' -f2 "$work/pairs" | median)|ms|$(cut -d' ' -f1 "$work/pairs" | median)|$(cut -d' ' -f3 "$work/pairs" | median)x|-|-"
