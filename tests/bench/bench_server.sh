# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# The benchmarks' shared server, sourced by run.sh and cpu_against_build.sh after
# scripts/common.sh, with BENCH_DIR set to the built benchmarks.

bench_server_pid=
bench_conninfo=

# start_bench_server BACKENDS FILE: starts bench_backends with BACKENDS client backends, its
# output in FILE, and waits for it to print its conninfo, kept in bench_conninfo. Not to be
# called in a subshell: the server must stay this shell's child, for stop_bench_server.
start_bench_server() {
    say "starting a cluster with $1 client backends"
    "$BENCH_DIR/bench_backends" "$1" >"$2" &
    bench_server_pid=$!
    until grep -q '^CONNINFO ' "$2"; do
        kill -0 "$bench_server_pid" 2>/dev/null || die "the benchmark cluster did not start"
        sleep 1
    done
    # shellcheck disable=SC2034 # read by the scripts that source this file
    bench_conninfo=$(sed -n 's/^CONNINFO //p' "$2")
}

# stop_bench_server: stops the server start_bench_server started, if it still runs, and
# waits for its cluster to be removed.
stop_bench_server() {
    if [ -n "$bench_server_pid" ] && kill -0 "$bench_server_pid" 2>/dev/null; then
        kill -TERM "$bench_server_pid"
        wait "$bench_server_pid" || true
    fi
    bench_server_pid=
}
