# shellcheck shell=bash disable=SC2154 # $repo comes from the caller
# Sourced by bench/run.sh and bench/sqlfiles.sh: the benchmark's throwaway PostgreSQL
# cluster and the environment every tool reads it from. Passwords travel only in
# environment variables (PGPASSWORD, DATABASE_CONN, BENCH_DATABASE_URL), never in a
# command line.
#
#   bench_cluster_start  starts a cluster in $MIGCTL_PG_DIR (packaging/pg-throwaway.sh) and
#                        exports PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE=bench,
#                        DATABASE_CONN and BENCH_DATABASE_URL (.../bench) and BENCH_PSQL;
#                        no timed checkpoint and no autovacuum during the measures
#   bench_cluster_stop   stops it and removes its directory (never fails)
#
# Needs $repo (the repository) set by the caller; PG_BINDIR as pg-throwaway.sh reads it.

bench_cluster_start() {
  local pg=$repo/packaging/pg-throwaway.sh url base_url port userinfo
  printf '\n== starting PostgreSQL in %s\n' "$MIGCTL_PG_DIR" >&2
  "$pg" start >&2
  url=$("$pg" url)
  base_url=${url%/*}
  # The reference client gets the same server and role through libpq's environment.
  port=${base_url##*:}
  userinfo=${base_url#postgresql://}
  userinfo=${userinfo%@*}
  export PGHOST=localhost PGPORT=$port PGUSER=${userinfo%%:*} PGDATABASE=bench
  PGPASSWORD=$(printf '%s' "${userinfo#*:}" |
    /usr/bin/python3 -c 'import sys, urllib.parse; sys.stdout.write(urllib.parse.unquote(sys.stdin.read()))')
  export PGPASSWORD
  export DATABASE_CONN=$base_url/bench BENCH_DATABASE_URL=$base_url/bench
  export BENCH_PSQL=${PG_BINDIR:-/usr/lib/postgresql/15/bin}/psql
  # No timed checkpoint and no autovacuum of the growing catalogs in the middle of a
  # measured run (reset-db.sh checkpoints before each): less noise, the same for every tool.
  "$BENCH_PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "ALTER SYSTEM SET checkpoint_timeout = '1h'" \
    -c "ALTER SYSTEM SET max_wal_size = '8GB'" -c "ALTER SYSTEM SET autovacuum = off" \
    -c "SELECT pg_reload_conf()" >/dev/null
}

bench_cluster_stop() {
  "$repo/packaging/pg-throwaway.sh" stop >/dev/null 2>&1 || true
}
