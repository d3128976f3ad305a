#!/usr/bin/env bash
# Usage: packaging/demo.sh
#
# The one command that shows migctl doing its job on the Aksara schema: installs what is
# missing (install-deps.sh), builds what the job needs (build.sh without the tests or the
# benchmark, in its own build directory), then, from the repo root, runs
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
# left running at the end, with instructions to connect and to stop it, and <repo>/.env
# (git-ignored, mode 0600) is written for it unless a .env exists already.
#
# It ends usable: run as root, it links /usr/local/bin/migctl to the built migctl (unless
# that name is taken by something else; MIGCTL_DEMO_LINK=0 skips it), so `migctl` works in
# the caller's shell at once; otherwise it prints the `export PATH=...` line to paste.
# Either way it prints the `cd` to the repo root (migctl reads ./.env from there) and the
# dev credentials of the seeded admin.
# Environment: BUILD_DIR (default <repo>/build-demo; not the test build directory, which
# needs the tests), DATABASE_CONN, MIGCTL_PG_DIR, SEED_ADMIN_PASSWORD, MIGCTL_DEMO_LINK.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname "$here")
BUILD_DIR=$(realpath -m -- "${BUILD_DIR:-$repo/build-demo}")
export BUILD_DIR
psql_bin=/usr/lib/postgresql/15/bin/psql

"$here/install-deps.sh"
"$here/build.sh" -DBUILD_TESTING=OFF -DMIGCTL_BUILD_BENCH=OFF
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

# A .env for the cluster, so migctl run from the repo root finds it (and aksara.so) with no
# further setting. Never overwrites one; the password in it is never printed.
wrote_env=0
if ((own_cluster)) && [[ ! -e .env ]]; then
  # The backend reads JWT_SECRET; its migration guide names JWT_SECRET_KEY: both, one value.
  jwt_secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  (
    umask 077
    cat >.env <<EOF
# Written by packaging/demo.sh for its throwaway PostgreSQL cluster (.pgdata/); git-ignored.
# migctl reads ./.env from the current directory. Remove it when you stop the cluster.
DATABASE_CONN=$DATABASE_CONN
ENVIRONMENT=dev
MIGCTL_PLUGINS=aksara.so
JWT_SECRET=$jwt_secret
JWT_SECRET_KEY=$jwt_secret
JWT_ALGORITHM=HS256
EOF
  )
  wrote_env=1
  echo "demo.sh: wrote $repo/.env (mode 0600) for the cluster"
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

# The ways back into migctl from the caller's shell.
path_line="export PATH=$(printf %q "$BUILD_DIR/bin"):\$PATH"
linked=''
if ((EUID == 0)) && [[ ${MIGCTL_DEMO_LINK:-1} != 0 && -d /usr/local/bin ]]; then
  link=/usr/local/bin/migctl
  # Only a link this demo made (into some build-demo/bin/) is replaced.
  if [[ ! -e $link && ! -L $link ]] || [[ -L $link && $(readlink -- "$link") == */build-demo/bin/migctl ]]; then
    ln -sfn -- "$migctl" "$link"
    linked=$link
  fi
fi
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
  if ((wrote_env)); then echo "             then: rm $(printf %q "$repo/.env")   (it names this cluster)"; fi
fi

echo
echo "demo.sh: done. migctl in your shell:"
if [[ -n $linked ]]; then
  echo "  $linked -> $migctl (remove with: rm $linked)"
else
  echo "  $path_line"
fi
echo "  cd $(printf %q "$repo")      # migctl reads ./.env here$( ((wrote_env)) && echo " (database, MIGCTL_PLUGINS=aksara.so)")"
if ((own_cluster)) && ! dotenv_has_conn; then
  echo "  export DATABASE_CONN=\$($(printf %q "$here/pg-throwaway.sh") url)   # ./.env does not name the cluster"
fi
echo "then: migctl --plugin aksara.so current"
if [[ -n ${SEED_ADMIN_PASSWORD:-} ]]; then
  echo "Aksara admin (seeded): user admin, the password in SEED_ADMIN_PASSWORD"
else
  echo "Aksara admin (dev seed): user admin, password admin123 (dev default; set SEED_ADMIN_PASSWORD to choose one)"
fi
