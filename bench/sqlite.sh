#!/usr/bin/env bash
# Usage: bench/sqlite.sh [--revisions N] [--rounds R] [--runs R]
#
# The SQLite part of the benchmark: migctl with the SQLite driver against the sqlite3 shell
# running the same statements in the same transactions (BEGIN IMMEDIATE ... COMMIT per
# revision), with and without migctl's audit row: `current`, a full upgrade and a full
# downgrade of N revisions, side by side in one run. bench/run.sh calls it (after the
# PostgreSQL measures, with its own options); it also runs on its own, as it needs no
# server: then it generates its inputs and prints its table.
#
# The database file lives on tmpfs (/dev/shm, else TMPDIR), so fsync costs nothing, as the
# PostgreSQL benchmark cluster runs with fsync=off: what is measured is the tools' work, not
# the disk's.
#
# Environment: BENCH_MIGCTL (default $BUILD_DIR/bin/migctl, BUILD_DIR default
# <repo>/build-bench), BENCH_SQLITE3 (default /usr/bin/sqlite3), BENCH_WORK (inputs from
# generate.py; default: generated here), BENCH_JSON (where hyperfine's exports go; default
# a directory under BENCH_WORK), MIGCTL_PLUGIN_PATH (where bench_revisions.so is).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
bench=$repo/bench
# shellcheck source=bench/part_args.sh
source "$bench/part_args.sh"
part_args sqlite.sh 20 "$@"
say() { printf '\n== %s\n' "$*" >&2; }

export BENCH_MIGCTL=${BENCH_MIGCTL:-${BUILD_DIR:-$repo/build-bench}/bin/migctl}
export BENCH_SQLITE3=${BENCH_SQLITE3:-/usr/bin/sqlite3}
for f in "$BENCH_MIGCTL" "$BENCH_SQLITE3" /usr/bin/hyperfine; do
  [[ -x $f ]] || {
    echo "sqlite.sh: $f is missing (packaging/install-deps.sh --bench; build with bench/run.sh)" >&2
    exit 1
  }
done
if [[ -z ${MIGCTL_PLUGIN_PATH:-} ]]; then
  plugin=$(find "$(dirname "$BENCH_MIGCTL")/.." -name bench_revisions.so -print -quit)
  [[ -n $plugin ]] || {
    echo "sqlite.sh: bench_revisions.so is not built next to $BENCH_MIGCTL" >&2
    exit 1
  }
  export MIGCTL_PLUGIN_PATH=$(dirname "$plugin")
fi

standalone=0
if [[ -z ${BENCH_WORK:-} ]]; then
  standalone=1
  BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/migctl-bench-sqlite.XXXXXX")
  trap 'rm -rf -- "$BENCH_WORK"' EXIT
  /usr/bin/python3 "$bench/generate.py" --out "$BENCH_WORK/linear" --revisions "$revisions" \
    --shape linear
fi
export BENCH_WORK
json=${BENCH_JSON:-$BENCH_WORK/json}
mkdir -p "$json"
shm=/dev/shm
[[ -d $shm && -w $shm ]] || shm=${TMPDIR:-/tmp}
dbdir=$(mktemp -d "$shm/migctl-bench-sqlite.XXXXXX")
if ((standalone)); then
  trap 'rm -rf -- "$BENCH_WORK" "$dbdir"' EXIT
else
  trap 'rm -rf -- "$dbdir"' EXIT
fi
export BENCH_SQLITE_DB=$dbdir/bench.db
export DATABASE_CONN=sqlite:///$BENCH_SQLITE_DB MIGCTL_BENCH_REVISIONS=$revisions
export MIGCTL_BENCH_SHAPE=linear
migctl=$BENCH_MIGCTL sqlite3=$BENCH_SQLITE3 scripts=$BENCH_WORK/linear/sqlite

# Same schema, same version row, whichever tool upgraded.
fingerprint() {
  "$sqlite3" "$BENCH_SQLITE_DB" "SELECT (SELECT count(*) FROM sqlite_schema WHERE type = 'table'
      AND name LIKE 'bench\_%' ESCAPE '\') || ' tables, ' || count(*) || ' indexes, ' ||
      (SELECT group_concat(version_num) FROM alembic_version) FROM sqlite_schema
      WHERE type = 'index' AND name LIKE 'bench\_%' ESCAPE '\'"
}
say "SQLite: checking that migctl and sqlite3 produce the same schema"
expected=''
for tool in migctl sqlite3; do
  "$bench/reset-sqlite.sh" "$tool"
  got=$(fingerprint)
  echo "  $tool: $got" >&2
  [[ -z $expected || $got == "$expected" ]] || {
    echo "sqlite.sh: $tool's schema differs from migctl's: the inputs are not the same work" >&2
    exit 1
  }
  expected=$got
done

say "SQLite 1. current on an up-to-date database ($runs runs)"
"$bench/reset-sqlite.sh" sqlite3
hyperfine -N --warmup 3 --runs "$runs" --style basic --export-json "$json/sqlite-current.json" \
  -n migctl "$migctl --plugin bench_revisions.so current" \
  -n sqlite3 "$sqlite3 $BENCH_SQLITE_DB 'SELECT version_num FROM alembic_version'" >&2

for direction in upgrade downgrade; do
  if [[ $direction == upgrade ]]; then
    number=2 target=head prep=(empty empty empty)
  else
    number=3 target=base prep=(migctl sqlite3 sqlite3)
  fi
  say "SQLite $number. full $direction of $revisions revisions ($rounds rounds)"
  for ((round = 0; round <= rounds; round++)); do
    out=$json/sqlite-$direction-$round.json
    ((round > 0)) || out=$BENCH_WORK/sqlite-warmup.json
    hyperfine -N --runs 1 --style none --export-json "$out" \
      --prepare "$bench/reset-sqlite.sh ${prep[0]}" \
      -n migctl "$migctl --plugin bench_revisions.so $direction $target" \
      --prepare "$bench/reset-sqlite.sh ${prep[1]}" \
      -n sqlite3 "$sqlite3 -bail $BENCH_SQLITE_DB '.read $scripts/$direction.sql'" \
      --prepare "$bench/reset-sqlite.sh ${prep[2]}" \
      -n sqlite3_audit "$sqlite3 -bail $BENCH_SQLITE_DB '.read $scripts/${direction}_audit.sql'" \
      >/dev/null
    printf '  round %d/%d done\n' "$round" "$rounds" >&2
  done
done

if ((standalone)); then
  /usr/bin/python3 "$bench/report.py" --sqlite-only --json-dir "$json" --revisions "$revisions" \
    --rounds "$rounds" --runs "$runs"
fi
