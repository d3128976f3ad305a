#!/usr/bin/env bash
# Usage: bench/sqlfiles.sh [--revisions N] [--rounds R] [--runs R]
#
# The SQL-file part of the benchmark: the N generated revisions as a directory of dbmate
# files (bench/generate.py), applied by migctl (--migrations-dir), by dbmate itself and by
# psql running the same statements in the same transactions, with and without migctl's
# audit row. Measures: a full upgrade on an empty database (rounds, every tool once per
# round), `current` against `dbmate status` on an up-to-date database, and loading the
# directory (migctl heads: read the files and build the graph; migctl --sql upgrade
# base:head: read, parse every script with the driver's parser and checksum it, no
# database; migctl check: the same, compared with the recorded checksums).
#
# dbmate comes from npm (@dbmate/linux-x64, its Linux binary), installed into the work
# directory; BENCH_DBMATE=/path/to/dbmate uses that binary instead. Without npm or without
# the network the dbmate columns are left out with a note: this part never fails for it.
#
# bench/run.sh calls it with its cluster and inputs. On its own it starts a throwaway
# cluster (bench/cluster.sh), generates its inputs and prints its table.
#
# Environment: BENCH_MIGCTL (default $BUILD_DIR/bin/migctl, BUILD_DIR default
# <repo>/build-bench), BENCH_WORK (generate.py's output; default: generated here),
# BENCH_JSON (where hyperfine's exports go), BENCH_DBMATE, and from bench/cluster.sh:
# PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE, DATABASE_CONN, BENCH_PSQL.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
bench=$repo/bench
# shellcheck source=bench/part_args.sh
source "$bench/part_args.sh"
part_args sqlfiles.sh 23 "$@"
say() { printf '\n== %s\n' "$*" >&2; }

export BENCH_MIGCTL=${BENCH_MIGCTL:-${BUILD_DIR:-$repo/build-bench}/bin/migctl}
for f in "$BENCH_MIGCTL" /usr/bin/hyperfine; do
  [[ -x $f ]] || {
    echo "sqlfiles.sh: $f is missing (packaging/install-deps.sh --bench; build with bench/run.sh)" >&2
    exit 1
  }
done

# --- on its own: inputs and a cluster ---------------------------------------------------
standalone=0
cleanup_dirs=()
cleanup() {
  if ((standalone)); then bench_cluster_stop; fi
  rm -rf -- "${cleanup_dirs[@]}"
}
trap cleanup EXIT
if [[ -z ${BENCH_WORK:-} ]]; then
  standalone=1
  BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/migctl-bench-sqlfiles.XXXXXX")
  cleanup_dirs+=("$BENCH_WORK")
  /usr/bin/python3 "$bench/generate.py" --out "$BENCH_WORK/linear" --revisions "$revisions" \
    --shape linear
  export MIGCTL_PG_DIR=${BENCH_PG_DIR:-${TMPDIR:-/tmp}/migctl-bench-pg.$$}
  # shellcheck source=bench/cluster.sh
  . "$bench/cluster.sh"
  bench_cluster_start
  unset MIGCTL_PLUGINS MIGCTL_PLUGIN_PATH MIGCTL_DRIVER_PATH MIGCTL_HOOKS MIGCTL_VERSION_TABLE
  unset MIGCTL_MIGRATIONS_DIR
  cd "$BENCH_WORK" # no .env here: the tools read only what this script sets
fi
export BENCH_WORK
json=${BENCH_JSON:-$BENCH_WORK/json}
mkdir -p "$json"
migctl=$BENCH_MIGCTL psql_=${BENCH_PSQL:?} dir=$BENCH_WORK/linear/dbmate/migrations
scripts=$BENCH_WORK/linear/dbmate/psql
[[ -d $dir ]] || {
  echo "sqlfiles.sh: $dir is missing (bench/generate.py writes it)" >&2
  exit 1
}
migctl_sql=("$migctl" --migrations-dir "$dir")

# --- dbmate: from npm, or skipped with a note -------------------------------------------
dbmate=${BENCH_DBMATE:-} dbmate_note=''
if [[ -z $dbmate ]]; then
  npm_dir=$BENCH_WORK/npm
  if ! command -v npm >/dev/null; then
    dbmate_note='npm is not installed (apt-get install npm), so dbmate was not measured'
  elif ! npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
    @dbmate/linux-x64 >"$BENCH_WORK/npm.log" 2>&1; then
    dbmate_note="npm install @dbmate/linux-x64 failed ($(tail -n 1 "$BENCH_WORK/npm.log")), so dbmate was not measured"
  else
    dbmate=$npm_dir/node_modules/@dbmate/linux-x64/bin/dbmate
  fi
fi
dbmate_version=''
if [[ -n $dbmate ]]; then
  if [[ -x $dbmate ]] && dbmate_version=$("$dbmate" --version 2>/dev/null); then
    dbmate_version=${dbmate_version#dbmate version }
  else
    dbmate_note="$dbmate does not run here, so dbmate was not measured"
    dbmate=''
  fi
fi
if [[ -n $dbmate_note ]]; then echo "sqlfiles.sh: $dbmate_note" >&2; fi
# dbmate reads its URL from the variable named by --env: the password stays out of argv.
# lib/pq asks for TLS unless told otherwise; the throwaway cluster has none.
export BENCH_DBMATE_URL="$DATABASE_CONN?sslmode=disable"
dbmate_cmd="$dbmate --env BENCH_DBMATE_URL --migrations-dir $dir --no-dump-schema"
/usr/bin/python3 -c 'import json, sys
json.dump({"dbmate": sys.argv[1] or None, "note": sys.argv[2] or None}, open(sys.argv[3], "w"))' \
  "$dbmate_version" "$dbmate_note" "$json/sqlfiles-tools.json"

# Same schema and the same head, whichever tool upgraded: the tools run the same work.
# migctl and psql keep the head in alembic_version, dbmate every version in its own table.
fingerprint() { # version-query
  "$psql_" -X -A -t -v ON_ERROR_STOP=1 -c "SELECT
      (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench\_%') || ' tables, ' ||
      count(*) || ' indexes, ' || md5(string_agg(indexdef, ';' ORDER BY indexname)) ||
      ', head ' || ($1)
    FROM pg_indexes WHERE tablename LIKE 'bench\_%'"
}
tools=(migctl psql_audit)
if [[ -n $dbmate ]]; then tools+=(dbmate); fi
say "SQL files: checking that ${tools[*]} produce the same schema"
expected=''
for tool in "${tools[@]}"; do
  "$bench/reset-db.sh" empty
  case $tool in
    migctl) "${migctl_sql[@]}" upgrade >/dev/null ;;
    psql_audit) "$psql_" -X -q -v ON_ERROR_STOP=1 -f "$scripts/upgrade_audit.sql" ;;
    dbmate) $dbmate_cmd migrate >/dev/null ;;
  esac
  if [[ $tool == dbmate ]]; then
    got=$(fingerprint 'SELECT max(version) FROM schema_migrations')
  else
    got=$(fingerprint 'SELECT string_agg(version_num, $$,$$) FROM alembic_version')
  fi
  echo "  $tool: $got" >&2
  [[ -z $expected || $got == "$expected" ]] || {
    echo "sqlfiles.sh: $tool's schema differs from migctl's: the inputs are not the same work" >&2
    exit 1
  }
  expected=$got
done

# --- 1. current / dbmate status on an up-to-date database -------------------------------
# Each tool reads its own bookkeeping: dbmate applied the files, then migctl stamped its
# version row at head (no SQL run), so both see every revision applied.
say "SQL files 1. current on an up-to-date database ($runs runs)"
"$bench/reset-db.sh" empty
current=(-n migctl "${migctl_sql[*]} current"
  -n psql "$psql_ -X -A -t -c 'SELECT version_num FROM alembic_version'")
if [[ -n $dbmate ]]; then
  $dbmate_cmd migrate >/dev/null
  "${migctl_sql[@]}" stamp head >/dev/null
  current+=(-n dbmate_status "$dbmate_cmd status")
else
  "${migctl_sql[@]}" upgrade >/dev/null
fi
hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$json/sqlfiles-current.json" \
  "${current[@]}" >&2

# --- 2. full upgrade, empty -> head -----------------------------------------------------
# One hyperfine call per round with every tool once, so drift hits all of them alike;
# round 0 is a warm-up.
say "SQL files 2. full upgrade of $revisions revisions ($rounds rounds)"
for ((round = 0; round <= rounds; round++)); do
  out=$json/sqlfiles-upgrade-$round.json
  ((round > 0)) || out=$BENCH_WORK/sqlfiles-warmup.json
  upgrade=(--prepare "$bench/reset-db.sh empty" -n migctl "${migctl_sql[*]} upgrade"
    --prepare "$bench/reset-db.sh empty" -n psql
    "$psql_ -X -q -v ON_ERROR_STOP=1 -f $scripts/upgrade.sql"
    --prepare "$bench/reset-db.sh empty" -n psql_audit
    "$psql_ -X -q -v ON_ERROR_STOP=1 -f $scripts/upgrade_audit.sql")
  if [[ -n $dbmate ]]; then
    upgrade+=(--prepare "$bench/reset-db.sh empty" -n dbmate "$dbmate_cmd migrate")
  fi
  hyperfine -N --runs 1 --style none --export-json "$out" "${upgrade[@]}" >/dev/null
  printf '  round %d/%d done\n' "$round" "$rounds" >&2
done

# --- 3. loading the directory ----------------------------------------------------------
# heads: read the N files and build the graph, no database. --sql upgrade base:head: also
# parse every script with the PostgreSQL driver's parser and checksum it, as an online run
# does before its first statement, and print the script (hyperfine discards it); no
# database either. check, on a database migctl brought to head: the same load, then each
# checksum compared with the recorded one (one connection, two reads).
say "SQL files 3. loading $revisions files ($runs runs)"
"$bench/reset-db.sh" empty
"${migctl_sql[@]}" upgrade >/dev/null
hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$json/sqlfiles-load.json" \
  -n heads "${migctl_sql[*]} heads" -n sql_upgrade "${migctl_sql[*]} --sql upgrade base:head" \
  -n check "${migctl_sql[*]} check" >&2

if ((standalone)); then
  /usr/bin/python3 "$bench/report.py" --sqlfiles-only --json-dir "$json" --revisions "$revisions" \
    --rounds "$rounds" --runs "$runs"
fi
