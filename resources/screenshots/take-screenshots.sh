#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Retakes the README's screenshots: the app on its demo server in a virtual display,
# driven with xdotool (apt install xvfb xdotool imagemagick). Run from anywhere after a build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app=${1:-$here/../../build/app/pgsessions}
out=$(mktemp -d)
export DISPLAY=:99
Xvfb :99 -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$out"' EXIT
sleep 1
XDG_CONFIG_HOME=$out "$app" --demo >"$out/app.log" 2>&1 &
pid=$!
sleep 40                            # some history for the timeline
xdotool mousemove 600 350 click 1   # the table has the keyboard
sleep 0.5
xdotool key ctrl+f                  # the filter
xdotool type --delay 30 "games-worker"
sleep 2.5
xdotool mousemove 600 350 click 1   # a lock waiter: its details, blocked by, blocking
sleep 2.5
import -window root -crop 1472x900+0+0 +repage "$here/main-window.png"
xdotool key ctrl+b                  # View ▸ Blocking tree
sleep 2.5
import -window root -crop 1472x900+0+0 +repage "$here/blocking.png"
xdotool key ctrl+b                  # back to the sessions table
sleep 1
xdotool key ctrl+f ctrl+a BackSpace # no filter
sleep 1
xdotool mousemove 905 160 click 1   # the timeline, some 15 s before the end: the table rewinds
sleep 2.5
import -window root -crop 1472x900+0+0 +repage "$here/rewind.png"
xdotool key alt+l                   # Live
sleep 1.5
xdotool mousemove 100 193 click 1   # the demo pooler's shop database (when pgbouncer is installed)
sleep 2.5
import -window root -crop 1472x900+0+0 +repage "$here/pooler.png"
xdotool mousemove 100 121 click 1   # the games database in the tree
sleep 1.5
xdotool key ctrl+shift+k            # Kill all connections…
sleep 1.5
import -window root -crop 1472x900+0+0 +repage "$here/confirm-kill-all.png"
xdotool key alt+k                   # confirm
sleep 5
import -window root -crop 1472x900+0+0 +repage "$here/log-after-kill-all.png"
xdotool mousemove 600 443 click 1
xdotool key ctrl+shift+s            # Server ▸ Servers…
sleep 1.5
xdotool key alt+a                   # Add…
sleep 1.5
xdotool key alt+s                   # Connection string, URI or service
sleep 0.5
xdotool type --delay 30 "host=db1 port"
sleep 1
import -window root -crop 1472x900+0+0 +repage "$here/server-editor.png"
xdotool key Escape
sleep 0.5
xdotool key Escape
sleep 0.5
xdotool mousemove 100 66 click 1    # the demo server's node
sleep 1
xdotool key ctrl+shift+f            # Sessions ▸ Select sessions…
sleep 1.5
xdotool key alt+i                   # idle in transaction for at least
xdotool type --delay 30 "5"
sleep 1.5
import -window root -crop 1472x900+0+0 +repage "$here/select-sessions.png"
xdotool key Escape
kill -TERM $pid
wait $pid || true
# In German: the same window, a lock waiter's details, the kill-all confirmation open.
de=$(mktemp -d)
LANG=de_DE.UTF-8 LANGUAGE=de XDG_CONFIG_HOME=$de "$app" --demo >"$out/app-de.log" 2>&1 &
pid=$!
sleep 40
xdotool mousemove 600 350 click 1
sleep 0.5
xdotool key ctrl+f
xdotool type --delay 30 "games-worker"
sleep 2.5
xdotool mousemove 600 350 click 1   # a lock waiter
sleep 2
xdotool mousemove 100 121 click 1   # the games database in the tree
sleep 1.5
xdotool key ctrl+shift+k            # Alle Verbindungen beenden…
sleep 2
import -window root -crop 1472x900+0+0 +repage "$here/german.png"
xdotool key Escape
kill -TERM $pid
wait $pid || true
rm -rf "$de"
