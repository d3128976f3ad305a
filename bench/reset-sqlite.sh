#!/usr/bin/env bash
# Usage: bench/reset-sqlite.sh empty | sqlite3 | migctl
#
# Removes the benchmark's SQLite database (and its journal and lock file), then brings it to
# head with the sqlite3 script or with migctl (which also fills migctl_history, so a later
# migctl downgrade verifies real checksums). Called by bench/sqlite.sh (hyperfine --prepare)
# with its environment: BENCH_SQLITE_DB, BENCH_SQLITE3, BENCH_MIGCTL, BENCH_WORK.
set -euo pipefail

db=$BENCH_SQLITE_DB
rm -f -- "$db" "$db-journal" "$db-wal" "$db-shm" "$db-migctl.lock"
case ${1:-empty} in
  empty) ;;
  sqlite3) "$BENCH_SQLITE3" -bail "$db" ".read $BENCH_WORK/linear/sqlite/upgrade.sql" ;;
  migctl)
    DATABASE_CONN=sqlite:///$db "$BENCH_MIGCTL" --plugin bench_revisions.so upgrade >/dev/null
    ;;
  *)
    echo "reset-sqlite.sh: unknown state '$1' (empty, sqlite3 or migctl)" >&2
    exit 2
    ;;
esac
