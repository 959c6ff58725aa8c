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
callgrind_control -i on "$runner" > /dev/null 2>&1
sleep 30
callgrind_control -i off "$runner" > /dev/null 2>&1
wait "$runner"
callgrind_annotate --inclusive=yes --tree=calling "$out" > "$log" 2> /dev/null
polls=$(grep -o 'ServerWorker::poll() ([0-9]*x)' "$log" | head -n 1 | grep -o '[0-9]*x' || true)
total=$(grep 'PROGRAM TOTALS' "$log" | head -n 1 | awk '{print $1}')
echo "instructions: $total in the window, polls: ${polls:-unknown}"
