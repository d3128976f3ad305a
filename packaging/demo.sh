#!/usr/bin/env bash
# Usage: packaging/demo.sh
#
# The one command that shows migctl doing its job on the Aksara schema: installs what is
# missing (install-deps.sh), builds (build.sh), then, from the repo root, runs
#   migctl --plugin aksara.so upgrade   (001_initial, 002_refresh_tokens: the backend's schema)
#   migctl --plugin aksara.so seed      (user admin, bcrypt password; see SEED_ADMIN_PASSWORD)
#   migctl --plugin aksara.so current   (002_refresh_tokens (head))
#   migctl --plugin aksara.so history
#   migctl --plugin aksara.so doctor    (.env warnings are expected in a bare checkout)
# A database the backend's Alembic already migrated works the same way: point
# DATABASE_CONN at it; `current` then says 002_refresh_tokens (head) without an upgrade.
# Database: DATABASE_CONN from the environment or from <repo>/.env (migctl reads .env from
# its current directory, the repo root here). If neither has it, a throwaway cluster is
# started (packaging/pg-throwaway.sh, directory <repo>/.pgdata or $MIGCTL_PG_DIR) and
# left running at the end, with instructions to connect and to stop it.
# Environment: BUILD_DIR (default <repo>/build), DATABASE_CONN, MIGCTL_PG_DIR.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname "$here")
BUILD_DIR=$(realpath -m -- "${BUILD_DIR:-$repo/build}")
export BUILD_DIR
psql_bin=/usr/lib/postgresql/15/bin/psql

"$here/install-deps.sh"
"$here/build.sh"
cd "$repo"

# True if ./.env assigns DATABASE_CONN (a line "DATABASE_CONN=..." or
# "export DATABASE_CONN=..."). migctl parses the value; this only decides whether the
# demo needs a database of its own.
dotenv_has_conn() {
  [[ -f .env ]] && grep -qE '^[[:space:]]*(export[[:space:]]+)?DATABASE_CONN[[:space:]]*=' .env
}

own_cluster=0
if [[ -n ${DATABASE_CONN:-} ]]; then
  echo "demo.sh: using DATABASE_CONN from the environment"
elif dotenv_has_conn; then
  echo "demo.sh: using DATABASE_CONN from $repo/.env"
else
  echo "demo.sh: DATABASE_CONN is not set (environment or .env): starting a throwaway cluster"
  "$here/pg-throwaway.sh" start
  DATABASE_CONN=$("$here/pg-throwaway.sh" url)
  export DATABASE_CONN
  own_cluster=1
fi

libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$BUILD_DIR/CMakeCache.txt")
export MIGCTL_PLUGIN_PATH=$BUILD_DIR/${libdir:-lib}/migctl/plugins
migctl=$BUILD_DIR/bin/migctl
[[ -x $migctl ]] || {
  echo "demo.sh: $migctl was not built" >&2
  exit 1
}

run() {
  echo
  echo "\$ migctl $*"
  "$migctl" "$@"
}

run --plugin aksara.so upgrade
# The seed: user `admin` with its profile, the password stored as bcrypt ($2b$12$...) so
# the backend's passlib logs it in (dev default password admin123 with a warning; set
# SEED_ADMIN_PASSWORD to choose one; production refuses the default).
run --plugin aksara.so seed
run --plugin aksara.so current
run --plugin aksara.so history
# The backend's .env (JWT_SECRET, JWT_ALGORITHM, ...) is checked too: in a checkout without
# one, doctor warns about it and still exits 0 in dev.
run --plugin aksara.so doctor || echo "demo.sh: doctor reported errors (see above)"

if ((own_cluster)); then
  again=$(printf %q "$here/pg-throwaway.sh")
  if [[ -n ${MIGCTL_PG_DIR:-} ]]; then again="MIGCTL_PG_DIR=$(printf %q "$MIGCTL_PG_DIR") $again"; fi
  redacted=$("$here/pg-throwaway.sh" url | sed -E 's#^(postgresql://[^:]+:)[^@]*@#\1***@#')
  cat <<EOF

demo.sh: the throwaway PostgreSQL cluster is still running.
  connect:   $psql_bin "\$($again url)"
             (that is: $psql_bin '$redacted',
              the password is printed by: $again url)
  status:    $again status
  stop:      $again stop          (deletes it; --keep keeps the data)
EOF
fi
