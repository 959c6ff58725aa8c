#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with a system keychain: an unlocked gnome-keyring (Secret Service) on
# the private session bus that dbus-run-session gives it. Usage:
#   dbus-run-session -- with-keyring.sh COMMAND [ARGS...]
set -eu
# A keyring of its own, created and unlocked here, removed afterwards.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
printf 'pgsessions-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
