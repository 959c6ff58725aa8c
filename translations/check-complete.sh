#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs lupdate over the sources into a copy of each .ts file and fails if any source
# string has no finished translation (for *_en.ts, which holds only plural forms: no
# finished plural). Usage: check-complete.sh LUPDATE SOURCE_DIR TS...
set -euo pipefail
lupdate=$1 src=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for ts in "$@"; do
    copy="$work/$(basename "$ts")"
    cp "$ts" "$copy"
    only=()
    case "$ts" in *_en.ts) only=(-pluralonly) ;; esac
    "$lupdate" -silent -locations none "${only[@]}" "$src/app" "$src/ui" -ts "$copy" >/dev/null
    unfinished=$(grep -c 'type="unfinished"' "$copy" || true)
    total=$(grep -c '<message' "$copy" || true)
    echo "$(basename "$ts"): $total messages, $unfinished without a finished translation"
    if [ "$unfinished" -gt 0 ]; then
        grep -B3 'type="unfinished"' "$copy" | grep '<source>' | sed 's/^/  missing: /'
        status=1
    fi
done
exit $status
