#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the .deb with CPack and checks what it holds and declares; prints lintian's
# findings. Usage: check-deb.sh BUILD_DIR
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cpack --config "$build/CPackConfig.cmake" -B "$out" >/dev/null
deb=$(ls "$out"/*.deb)
echo "package: $(basename "$deb")"
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/pgsessions ./usr/bin/pgsessions-cli ./usr/share/man/man1/pgsessions-cli.1.gz ./usr/share/man/man1/pgsessions.1.gz ./usr/share/applications/pgsessions.desktop \
            ./usr/share/metainfo/io.github.pgsessions.pgsessions.metainfo.xml \
            ./usr/share/icons/hicolor/scalable/apps/pgsessions.svg ./usr/share/doc/pgsessions/copyright \
            ./usr/share/pgsessions/translations/pgsessions_de.qm \
            ./usr/share/pgsessions/translations/pgsessions_en.qm; do
    grep -q " $path\$" <<<"$contents" || { echo "missing from the package: $path"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libqt6sql6-psql libqt6sql6-sqlite libqt6widgets6 libpq5; do
    grep -q "$dep" <<<"$depends" || { echo "not declared: $dep"; exit 1; }
done
if command -v lintian >/dev/null; then
    echo "lintian:"
    lintian --no-tag-display-limit "$deb" || true
fi
echo "1 passed, 0 failed"
