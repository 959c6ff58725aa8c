#!/bin/bash
# Instructions the client runs over 30 s of polling 1,000 backends at a 1 s interval:
# bench_cpu under callgrind, instrumented only once the window has polled for a while.
# Unlike CPU time, the count does not move with the machine's load or clock, so two
# builds compare within a fraction of a percent (the poll thread's count repeats to the
# instruction). Run it from the build directory:
#   tests/bench/instructions.sh tests/bench/bench_cpu [OUT]
# It prints the polls of the window and the instructions, as callgrind_annotate counts
# them; OUT (default /tmp/pgsessions-instructions.out) keeps the profile for
# `callgrind_annotate --inclusive=yes OUT`. Needs valgrind (apt-get install valgrind).
set -euo pipefail
bin=$1
out=${2:-/tmp/pgsessions-instructions.out}
command -v valgrind > /dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
export QT_QPA_PLATFORM=offscreen
export PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
stdbuf -oL valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" "$bin" 1000 100 --pgsessions-only > "$log" 2>&1 &
runner=$!
for _ in $(seq 1 900); do grep -q "prepared poll" "$log" && break; sleep 1; done
sleep 40 # the window shown, its first polls and the history's first batch behind it
callgrind_control -i on "$runner" > /dev/null
sleep 30
callgrind_control -i off "$runner" > /dev/null
wait "$runner"
echo "polls in the window: $(callgrind_annotate --inclusive=yes --tree=calling "$out" 2> /dev/null | grep -m1 -o 'ServerWorker::poll() ([0-9]*x)' || echo unknown)"
callgrind_annotate "$out" 2> /dev/null | grep -m1 "PROGRAM TOTALS"
