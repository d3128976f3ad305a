#!/usr/bin/env bash
# Usage: packaging/install-deps.sh [--bench] [--check]
#
# Installs the Debian 12 packages that building, testing and running migctl need.
# Only missing packages are installed (apt-get update + install --no-install-recommends),
# so a second run does nothing and takes well under a second. Needs root for installing:
# runs apt-get through sudo when not root and sudo exists.
#
#   --bench   also the benchmark tools: hyperfine, alembic (the /usr/bin/alembic command),
#             time, npm (bench/sqlfiles.sh installs dbmate's Linux binary with it)
#   --check   install nothing: list the missing packages, exit 1 if there are any
#
# Installing postgresql-15 may make Debian create and start a cluster "15/main" on port
# 5432. Nothing here uses it: packaging/pg-throwaway.sh runs its own clusters.
set -euo pipefail

packages=(
  g++ make cmake pkg-config
  libpoco-dev libboost-dev libboost-test-dev libpq-dev
  # libpg_query: PostgreSQL's own parser as a library (PostgreSQL 15's grammar). The
  # PostgreSQL driver splits scripts into statements, tells which statements cannot run in
  # a transaction and computes checksums from the parse tree with it; its scanner's tokens
  # come as protobuf-c messages, whose header is libprotobuf-c-dev's.
  libpg-query-dev libprotobuf-c-dev
  libcrypt-dev # libxcrypt: the Aksara plugin's bcrypt password hash
  libsqlite3-dev # the SQLite driver: SQLite's C API next to Poco's SQLite connector
  sqlite3        # the shell: applies --sql scripts; the tests and the benchmark compare with it
  postgresql-15 postgresql-client-15
  ca-certificates
  graphviz # `migctl graph --output x.svg`; the tests render an SVG
  # The tests check migctl against the tools it replaces: Alembic builds the database
  # migctl takes over and answers the differential test (tests/alembic/); bcrypt and
  # passlib verify the seeded password hash independently.
  python3 python3-alembic python3-psycopg2 python3-bcrypt python3-passlib
  dpkg-dev lintian man-db zsh # the packaging test: dpkg-shlibdeps, lintian, `man` migctl(1), zsh completion
  pgbouncer # the tests run migctl behind a real PgBouncer (session and transaction pooling)
  clang libclang-rt-14-dev # packaging/fuzz.sh: libFuzzer harnesses (tests/fuzz/)
)
bench_packages=(hyperfine alembic time npm)

check_only=0
for arg in "$@"; do
  case $arg in
    --bench) packages+=("${bench_packages[@]}") ;;
    --check) check_only=1 ;;
    -h | --help)
      sed -n '2,14s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *)
      echo "install-deps.sh: unknown argument '$arg' (see --help)" >&2
      exit 2
      ;;
  esac
done

is_installed() {
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  [[ $status == *" ok installed" ]]
}

missing=()
for pkg in "${packages[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps.sh: missing: ${missing[*]}"
if ((check_only)); then
  exit 1
fi

if ((EUID == 0)); then
  as_root=(env)
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo env)
else
  echo "install-deps.sh: not root and sudo is not installed: install the packages above as root" >&2
  exit 1
fi

"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"

still_missing=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still_missing+=("$pkg")
done
if ((${#still_missing[@]} > 0)); then
  echo "install-deps.sh: still not installed after apt-get: ${still_missing[*]}" >&2
  exit 1
fi
echo "install-deps.sh: installed ${missing[*]}"
