#!/usr/bin/env bash
# Usage: bench/run.sh [--quick] [--revisions N] [--rounds R] [--runs R] [--graphs "S1 S2"]
#                     [--no-install] [--no-build]
#
# Measures migctl against psql (the physical reference: the same SQL, the same
# transactions) and Alembic (what Aksara used), on a throwaway PostgreSQL it starts and
# removes, then migctl's SQLite driver against the sqlite3 shell (bench/sqlite.sh), then a
# directory of SQL files run by migctl, dbmate and psql (bench/sqlfiles.sh), and prints one
# table: bench/results/latest.md (and latest.json).
#
#   --revisions N   revisions for current / upgrade / downgrade (default 1000)
#   --rounds R      upgrade and downgrade rounds; each round runs every tool once, in
#                   turn, so machine noise hits all of them alike (default 8)
#   --runs R        hyperfine runs for current, heads, history (default 30)
#   --graphs LIST   sizes of the branchy graphs for heads / history (default "1000 10000")
#   --quick         smoke check: N=100, 2 rounds, 5 runs, graphs "100 1000"
#   --no-install    skip packaging/install-deps.sh --bench (and the `time` package)
#   --no-build      use the existing build in $BUILD_DIR
#
# Environment: BUILD_DIR (default <repo>/build-bench), BENCH_PG_DIR (cluster directory,
# default /tmp/migctl-bench-pg.<pid>; removed at the end), PG_BINDIR (default /usr/lib/postgresql/15/bin),
# BENCH_RESULTS (default <repo>/bench/results). Passwords travel only in environment
# variables (DATABASE_CONN, BENCH_DATABASE_URL, PGPASSWORD), never in a command line or
# in the results.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
bench=$repo/bench
revisions=1000 rounds=8 runs=30 graphs="1000 10000" install=1 build=1
while (($#)); do
  case $1 in
    --quick) revisions=100 rounds=2 runs=5 graphs="100 1000" ;;
    --revisions) revisions=${2:?--revisions needs a number} && shift ;;
    --rounds) rounds=${2:?--rounds needs a number} && shift ;;
    --runs) runs=${2:?--runs needs a number} && shift ;;
    --graphs) graphs=${2:?--graphs needs a list of sizes} && shift ;;
    --no-install) install=0 ;;
    --no-build) build=0 ;;
    -h | --help)
      sed -n '2,25s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *)
      echo "run.sh: unknown argument '$1' (see --help)" >&2
      exit 2
      ;;
  esac
  shift
done
for n in "$revisions" "$rounds" "$runs" $graphs; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || {
    echo "run.sh: '$n' is not a positive whole number" >&2
    exit 2
  }
done

say() { printf '\n== %s\n' "$*" >&2; }

# --- install and build ---------------------------------------------------------------
if ((install)); then
  say "installing dependencies"
  "$repo/packaging/install-deps.sh" --bench
  if [[ ! -x /usr/bin/time ]]; then # GNU time, for peak RSS
    if ((EUID == 0)); then as_root=(env); else as_root=(sudo env); fi
    "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends time
  fi
fi
export BUILD_DIR=${BUILD_DIR:-$repo/build-bench}
if ((build)); then
  say "building in $BUILD_DIR"
  "$repo/packaging/build.sh" -DBUILD_TESTING=OFF -DMIGCTL_BUILD_BENCH=ON >/dev/null
fi
migctl=$BUILD_DIR/bin/migctl
for f in "$migctl" /usr/bin/time /usr/bin/alembic /usr/bin/hyperfine; do
  [[ -x $f ]] || {
    echo "run.sh: $f is missing (drop --no-install / --no-build?)" >&2
    exit 1
  }
done
[[ -n $(find "$BUILD_DIR" -name bench_revisions.so -print -quit) ]] || {
  echo "run.sh: bench_revisions.so is not built in $BUILD_DIR" >&2
  exit 1
}

# --- a throwaway cluster and the inputs -----------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/migctl-bench.XXXXXX")
export MIGCTL_PG_DIR=${BENCH_PG_DIR:-${TMPDIR:-/tmp}/migctl-bench-pg.$$}
# shellcheck source=bench/cluster.sh
. "$bench/cluster.sh"
cleanup() {
  bench_cluster_stop
  rm -rf -- "$work"
}
trap cleanup EXIT
bench_cluster_start
export BENCH_MIGCTL=$migctl BENCH_WORK=$work
export MIGCTL_BENCH_REVISIONS=$revisions MIGCTL_BENCH_SHAPE=linear
unset MIGCTL_PLUGINS MIGCTL_PLUGIN_PATH MIGCTL_DRIVER_PATH MIGCTL_HOOKS MIGCTL_VERSION_TABLE
cd "$work" # no .env here: migctl reads only what this script sets

say "generating $revisions linear revisions and branchy graphs of $graphs"
py=/usr/bin/python3
"$py" "$bench/generate.py" --out "$work/linear" --revisions "$revisions" --shape linear
for size in $graphs; do
  "$py" "$bench/generate.py" --out "$work/branchy-$size" --revisions "$size" --shape branchy
done

psql_=$BENCH_PSQL
alembic_linear=(alembic -c "$work/linear/alembic/alembic.ini")
json=$work/json
mkdir -p "$json" "$work/rss"

# Same schema, same version row, whichever tool upgraded: the three run the same work.
fingerprint() {
  "$psql_" -X -A -t -v ON_ERROR_STOP=1 -c "SELECT
      (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench\_%') || ' tables, ' ||
      count(*) || ' indexes, ' ||
      md5(string_agg(indexdef, ';' ORDER BY indexname)) || ', version ' ||
      coalesce((SELECT string_agg(version_num, ',') FROM alembic_version), 'none')
    FROM pg_indexes WHERE tablename LIKE 'bench\_%'"
}
say "checking that migctl, Alembic and psql produce the same schema"
expected=''
for tool in migctl alembic psql; do
  "$bench/reset-db.sh" empty
  case $tool in
    migctl) "$migctl" --plugin bench_revisions.so upgrade >/dev/null ;;
    alembic) "${alembic_linear[@]}" upgrade head 2>/dev/null ;;
    psql) "$psql_" -X -q -v ON_ERROR_STOP=1 -f "$work/linear/psql/upgrade.sql" ;;
  esac
  got=$(fingerprint)
  echo "  $tool: $got" >&2
  [[ -z $expected || $got == "$expected" ]] || {
    echo "run.sh: $tool's schema differs from migctl's: the inputs are not the same work" >&2
    exit 1
  }
  expected=$got
done

# --- 1. current -----------------------------------------------------------------------
say "1. current on an up-to-date database ($runs runs)"
"$bench/reset-db.sh" psql
hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$json/current.json" \
  -n migctl "$migctl --plugin bench_revisions.so current" \
  -n alembic "${alembic_linear[*]} current" \
  -n psql "$psql_ -X -A -t -c 'SELECT version_num FROM alembic_version'" >&2

# --- 2, 3, 5. upgrade and downgrade, with peak RSS ------------------------------------
# One hyperfine call per round with every tool once, so drift hits all of them alike; round
# 0 is a warm-up. /usr/bin/time adds the same small fork/wait to each and records peak RSS.
# psql_audit is psql with migctl's audit row added to each revision's transaction: the
# reference for what migctl's own bookkeeping costs, apart from the runner.
timed() { # tool direction -> a command line for hyperfine
  local rss="/usr/bin/time -f %M -a -o $work/rss/$2-$1.txt"
  case $1 in
    migctl) echo "$rss $migctl --plugin bench_revisions.so $2 ${3}" ;;
    alembic) echo "$rss ${alembic_linear[*]} $2 ${3}" ;;
    psql) echo "$rss $psql_ -X -q -v ON_ERROR_STOP=1 -f $work/linear/psql/$2.sql" ;;
    psql_audit) echo "$rss $psql_ -X -q -v ON_ERROR_STOP=1 -f $work/linear/psql/${2}_audit.sql" ;;
  esac
}
for direction in upgrade downgrade; do
  if [[ $direction == upgrade ]]; then
    number=2 target=head prep=(empty empty empty empty)
  else
    number=3 target=base prep=(migctl psql psql psql)
  fi
  say "$number. full $direction of $revisions revisions ($rounds rounds)"
  for ((round = 0; round <= rounds; round++)); do
    out=$json/$direction-$round.json
    ((round > 0)) || out=$work/warmup.json
    hyperfine -N --runs 1 --style none --export-json "$out" \
      --prepare "$bench/reset-db.sh ${prep[0]}" -n migctl "$(timed migctl "$direction" "$target")" \
      --prepare "$bench/reset-db.sh ${prep[1]}" -n alembic "$(timed alembic "$direction" "$target")" \
      --prepare "$bench/reset-db.sh ${prep[2]}" -n psql "$(timed psql "$direction")" \
      --prepare "$bench/reset-db.sh ${prep[3]}" -n psql_audit "$(timed psql_audit "$direction")" \
      >/dev/null
    if ((round == 0)); then rm -f "$work/rss/$direction-"*.txt; fi
    printf '  round %d/%d done\n' "$round" "$rounds" >&2
  done
done

# --- 4. heads and history on branchy graphs ------------------------------------------
# Alembic's history on large graphs takes seconds: it gets fewer runs there.
for size in $graphs; do
  for cmd in heads history; do
    say "4. $cmd on a branchy graph of $size revisions"
    alembic_runs=$runs
    if ((size >= 5000)); then alembic_runs=3; fi
    MIGCTL_BENCH_REVISIONS=$size MIGCTL_BENCH_SHAPE=branchy \
      hyperfine -N --warmup 3 --runs "$runs" --style basic \
      --export-json "$json/$cmd-$size-migctl.json" \
      -n migctl "$migctl --plugin bench_revisions.so $cmd" >&2
    hyperfine -N --warmup 1 --runs "$alembic_runs" --style basic \
      --export-json "$json/$cmd-$size-alembic.json" \
      -n alembic "alembic -c $work/branchy-$size/alembic/alembic.ini $cmd" >&2
  done
done

# --- 6. SQLite: migctl against the sqlite3 shell --------------------------------------
# The same revisions on an SQLite file (no server): current, upgrade, downgrade.
BENCH_JSON=$json MIGCTL_PLUGIN_PATH=$(dirname "$(find "$BUILD_DIR" -name bench_revisions.so -print -quit)") \
  "$bench/sqlite.sh" --revisions "$revisions" --rounds "$rounds" --runs "$runs"

# --- 7. SQL files: migctl --migrations-dir against dbmate and psql ---------------------
# The same revisions as dbmate files: upgrade, current vs dbmate status, loading the files.
# dbmate comes from npm into the work directory; without it that column is left out.
BENCH_JSON=$json "$bench/sqlfiles.sh" --revisions "$revisions" --rounds "$rounds" --runs "$runs"

# --- the table ------------------------------------------------------------------------
results=${BENCH_RESULTS:-$bench/results}
mkdir -p "$results"
"$py" "$bench/report.py" --json-dir "$json" --rss-dir "$work/rss" --revisions "$revisions" \
  --rounds "$rounds" --runs "$runs" --graphs "$graphs" --migctl "$migctl" --psql "$psql_" \
  --markdown "$results/latest.md" --json "$results/latest.json"
echo >&2
echo "run.sh: wrote $results/latest.md and $results/latest.json" >&2
