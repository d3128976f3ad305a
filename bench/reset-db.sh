#!/usr/bin/env bash
# Usage: bench/reset-db.sh empty | psql | migctl
#
# Drops and recreates the benchmark database, then brings it to head with the psql script
# or with migctl (which also fills migctl_history, so a later migctl downgrade verifies
# real checksums). Called by bench/run.sh (hyperfine --prepare) with its environment:
# PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE, DATABASE_CONN, BENCH_PSQL, BENCH_MIGCTL,
# BENCH_WORK.
set -euo pipefail

# CHECKPOINT: every measured run starts with no dirty buffers left by the previous one.
"$BENCH_PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres \
  -c "DROP DATABASE IF EXISTS \"$PGDATABASE\" WITH (FORCE)" -c "CREATE DATABASE \"$PGDATABASE\"" \
  -c "CHECKPOINT" 2>/dev/null
case ${1:-empty} in
  empty) ;;
  psql) "$BENCH_PSQL" -X -q -v ON_ERROR_STOP=1 -f "$BENCH_WORK/linear/psql/upgrade.sql" ;;
  migctl) "$BENCH_MIGCTL" --plugin bench_revisions.so upgrade >/dev/null ;;
  *)
    echo "reset-db.sh: unknown state '$1' (empty, psql or migctl)" >&2
    exit 2
    ;;
esac
if [[ ${1:-empty} != empty ]]; then "$BENCH_PSQL" -X -q -d postgres -c "CHECKPOINT"; fi
