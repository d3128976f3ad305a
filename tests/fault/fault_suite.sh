#!/usr/bin/env bash
# Usage: tests/fault/fault_suite.sh      (ctest entry fault.suite, run by packaging/test.sh)
#
# Fault injection against a real PostgreSQL of its own (a throwaway cluster, since one
# scenario restarts the server): migctl is killed with SIGKILL at random moments of a long
# run (the benchmark plugin's generated revisions), the server is restarted mid-run, the
# session holding the migration lock is terminated, a statement times out, and a
# non-transactional revision is killed between its statements. After each fault:
#   - the version table and the schema agree (revision rNNNNNN applied <=> table
#     bench_NNNNNN and its index exist, for every N);
#   - the audit table agrees with both (per revision, the latest successful row says
#     applied exactly for the applied ones; the newest successful row ends at the current
#     version row);
#   - the lock is free and no migctl session is left;
#   - a rerun completes.
#
# Random choices (kill delays, directions, restart moments) come from one seed, printed at
# the start and on failure; MIGCTL_FAULT_SEED=<n> replays the same choices (the timing of
# the machine still varies). Bounded: about a minute.
#
# Environment (set by CTest): MIGCTL_BIN, MIGCTL_PLUGIN_PATH (plugin and fixture
# directories), MIGCTL_FAULT_WORK (a scratch directory), MIGCTL_REPO (the source tree, for
# packaging/pg-throwaway.sh). Optional: MIGCTL_FAULT_SEED, MIGCTL_FAULT_TRIALS (kill trials,
# default 8), MIGCTL_FAULT_REVISIONS (default 300).
set -uo pipefail

: "${MIGCTL_BIN:?}" "${MIGCTL_PLUGIN_PATH:?}" "${MIGCTL_FAULT_WORK:?}" "${MIGCTL_REPO:?}"
export MIGCTL_PLUGIN_PATH
seed=${MIGCTL_FAULT_SEED:-$((($(date +%s%N) / 1000) % 1000000))}
trials=${MIGCTL_FAULT_TRIALS:-8}
revisions=${MIGCTL_FAULT_REVISIONS:-300}
RANDOM=$seed
echo "fault suite: seed $seed (replay: MIGCTL_FAULT_SEED=$seed), $trials kill trials," \
  "$revisions revisions"

throwaway=$MIGCTL_REPO/packaging/pg-throwaway.sh
export MIGCTL_PG_DIR=$MIGCTL_FAULT_WORK/pg-$$
work=$MIGCTL_FAULT_WORK/run-$$
mkdir -p "$work"
cluster_started=0

cleanup() {
  local rc=$?
  if ((cluster_started)); then "$throwaway" stop >/dev/null 2>&1; fi
  rm -rf -- "$work"
  if ((rc != 0)); then
    echo "fault suite: FAILED (seed $seed; replay with MIGCTL_FAULT_SEED=$seed)" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT

fail() {
  echo "fault suite: FAIL: $*" >&2
  exit 1
}

cluster_started=1
"$throwaway" start >/dev/null || fail "could not start the throwaway cluster"
base_url=$("$throwaway" url) # postgresql://postgres:<encoded>@localhost:<port>/aksara
# psql reaches the server through PG* variables, so the password is never in an argument.
rest=${base_url#postgresql://postgres:}
encoded=${rest%%@*}
export PGHOST=localhost PGUSER=postgres PGDATABASE=aksara
PGPORT=${rest#*@localhost:}
PGPORT=${PGPORT%%/*}
PGPASSWORD=$(printf '%b' "${encoded//%/\\x}")
export PGPORT PGPASSWORD

sql() { psql -XAtq -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
url_of() { echo "${base_url%/aksara}/$1"; }

for db in fault_bench fault_aksara fault_nt; do sql aksara "CREATE DATABASE $db" || fail "createdb"; done

# migctl with DATABASE_CONN for one database; output in $work/out, $work/err.
migctl_in() { # database args...
  local db=$1
  shift
  DATABASE_CONN=$(url_of "$db") MIGCTL_BENCH_REVISIONS=$revisions \
    timeout 120 "$MIGCTL_BIN" "$@" >"$work/out" 2>"$work/err"
}
migctl_bg() { # database args...   (sets $pid: migctl's own, so kill -9 hits migctl)
  local db=$1
  shift
  DATABASE_CONN=$(url_of "$db") MIGCTL_BENCH_REVISIONS=$revisions \
    "$MIGCTL_BIN" "$@" >"$work/out" 2>"$work/err" &
  pid=$!
}
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# Random moments are counted from a point of the run, not from the process start: on a busy
# machine, loading the plugin and connecting alone can take longer than the whole random
# window, and a fault that always lands before the run starts tests nothing.
# waits_for: returns once `condition` (a function) holds, 1 if migctl ($pid) ended first.
waits_for() { # condition database
  local i
  for ((i = 0; i < 600; i++)); do
    "$1" "$2" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.02
  done
  return 1
}
holds_lock() { # database: a session of that database holds an advisory lock
  [[ $(sql "$1" "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                 WHERE l.locktype = 'advisory' AND l.granted AND d.datname = '$1'") != 0 ]]
}
has_version_row() { # database: the first revision of the run has committed
  [[ $(sql "$1" "SELECT count(*) FROM alembic_version" 2>/dev/null) =~ ^[1-9] ]]
}

lock_free() { # database
  local i
  for ((i = 0; i < 100; i++)); do
    if [[ $(sql "$1" "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                       WHERE l.locktype = 'advisory' AND d.datname = '$1'") == 0 &&
      $(sql "$1" "SELECT count(*) FROM pg_stat_activity WHERE datname = '$1'
                  AND application_name = 'migctl'") == 0 ]]; then
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# The bench database: version table, schema and audit table agree; the lock is free.
check_bench() { # what
  local what=$1 rows k tables indexes applied_by_audit last_after
  rows=$(sql fault_bench "SELECT count(*) FROM pg_tables WHERE tablename = 'alembic_version'")
  if [[ $rows == 0 ]]; then k=0; else
    rows=$(sql fault_bench "SELECT count(*) FROM alembic_version")
    ((rows <= 1)) || fail "$what: $rows version rows in a linear graph"
    k=$(sql fault_bench "SELECT coalesce(max(substr(version_num, 2)::int), 0) FROM alembic_version")
  fi
  tables=$(sql fault_bench "SELECT count(*), coalesce(max(substr(tablename, 7)::int), 0)
                            FROM pg_tables WHERE schemaname = 'public'
                            AND tablename ~ '^bench_[0-9]{6}\$'")
  [[ $tables == "$k|$k" ]] || fail "$what: version table at $k but bench tables (count|max) $tables"
  indexes=$(sql fault_bench "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'
                             AND indexname ~ '^bench_[0-9]{6}_name_idx\$'")
  [[ $indexes == "$k" ]] || fail "$what: version table at $k but $indexes bench indexes"
  if [[ $(sql fault_bench "SELECT count(*) FROM pg_tables WHERE tablename = 'migctl_history'") == 1 ]]; then
    applied_by_audit=$(sql fault_bench "SELECT count(*), coalesce(max(substr(revision, 2)::int), 0)
        FROM (SELECT DISTINCT ON (revision) revision, direction FROM migctl_history
              WHERE success ORDER BY revision, id DESC) t WHERE direction = 'upgrade'")
    [[ $applied_by_audit == "$k|$k" ]] ||
      fail "$what: version table at $k but the audit table says (count|max) $applied_by_audit applied"
    last_after=$(sql fault_bench "SELECT versions_after FROM migctl_history WHERE success
                                  ORDER BY id DESC LIMIT 1")
    local expected=''
    ((k > 0)) && expected=$(printf 'r%06d' "$k")
    [[ $last_after == "$expected" ]] ||
      fail "$what: the newest successful audit row ends at '$last_after', the version table at '$expected'"
  fi
  lock_free fault_bench || fail "$what: the lock (or a migctl session) is still held"
  current_k=$k
}

# --- 1. SIGKILL at random moments of long upgrades and downgrades --------------------------
current_k=0
for ((t = 1; t <= trials; t++)); do
  if ((current_k == 0)); then
    direction=upgrade
  elif ((current_k == revisions)); then
    direction=downgrade
  elif ((RANDOM % 2)); then direction=upgrade; else direction=downgrade; fi
  # Anywhere in the first 1.5 s after the lock is taken: the checks before the first
  # revision, a revision's statements, its commit, the moves between revisions.
  delay=$((RANDOM % 1500))
  if [[ $direction == upgrade ]]; then target='head'; else target='base'; fi
  migctl_bg fault_bench --plugin bench_revisions.so "$direction" "$target"
  moment="SIGKILL $delay ms after the lock"
  if waits_for holds_lock fault_bench; then
    sleep_ms "$delay"
    kill -9 "$pid" 2>/dev/null
  else
    moment="finished before its lock was seen" # a short run (a few revisions left)
  fi
  wait "$pid" 2>/dev/null
  rc=$?
  [[ $moment == finished* ]] && ((rc != 0)) &&
    fail "kill trial $t: migctl exited $rc before the kill: $(cat "$work/err")"
  before=$current_k
  check_bench "kill trial $t ($direction from $before, $moment, exit $rc)"
  echo "kill trial $t: $direction from $before, $moment -> at $current_k, consistent"
done
migctl_in fault_bench --plugin bench_revisions.so upgrade head ||
  fail "rerun after the kill trials exited $?: $(cat "$work/err")"
check_bench "rerun after the kill trials"
((current_k == revisions)) || fail "rerun after the kill trials ended at $current_k"
echo "rerun after the kill trials: at $current_k, consistent"

# --- 2. and 3. the server restarted / the lock holder terminated mid-run ------------------
interrupted_run() { # label action-function
  local label=$1 action=$2 attempt delay rc
  for ((attempt = 1; attempt <= 3; attempt++)); do
    migctl_in fault_bench --plugin bench_revisions.so downgrade base ||
      fail "$label: downgrade base exited $?: $(cat "$work/err")"
    # Counted from the first revision's commit, so the fault lands between or inside
    # revisions, never in the setup before them.
    delay=$((RANDOM % (300 / attempt)))
    migctl_bg fault_bench --plugin bench_revisions.so upgrade head
    waits_for has_version_row fault_bench ||
      fail "$label: migctl ended before its first revision committed: $(cat "$work/err")"
    sleep_ms "$delay"
    "$action"
    wait "$pid"
    rc=$?
    if ((rc == 0)); then
      echo "$label: the run finished before the fault (attempt $attempt), trying earlier"
      continue
    fi
    ((rc == 69)) || fail "$label: exit $rc, expected 69: $(cat "$work/err")"
    grep -q 'lost the connection to the database during the upgrade of revision' "$work/err" ||
      fail "$label: no connection-loss message: $(cat "$work/err")"
    grep -qE 'recorded in migctl_history after reconnecting|could not reconnect|had committed' \
      "$work/err" || fail "$label: the message does not say what became of the audit row"
    # A failed revision reads "upgrade of revision <id> (<source>) failed: ..."; the
    # driver's own words for the lost connection ("COMMIT failed: ...") are not that.
    grep -qE 'grade of revision [^ ]+ \([^)]*\) failed:' "$work/err" &&
      fail "$label: reported as a failed revision: $(cat "$work/err")"
    check_bench "$label (after $delay ms)"
    echo "$label $delay ms after the first commit: exit 69 at $current_k, consistent; $(grep -oE \
      'recorded in migctl_history after reconnecting|could not reconnect|had committed' "$work/err")"
    migctl_in fault_bench --plugin bench_revisions.so upgrade head ||
      fail "$label: rerun exited $?: $(cat "$work/err")"
    check_bench "$label: rerun"
    ((current_k == revisions)) || fail "$label: rerun ended at $current_k"
    return 0
  done
  fail "$label: the run always finished before the fault"
}

restart_server() {
  "$throwaway" stop --keep >/dev/null 2>&1 || fail "restart: stop failed"
  "$throwaway" start >/dev/null 2>&1 || fail "restart: start failed"
}
terminate_lock_holder() {
  sql fault_bench "SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d
                   ON d.oid = l.database WHERE l.locktype = 'advisory'
                   AND d.datname = 'fault_bench'" >/dev/null
}
interrupted_run "server restart" restart_server
interrupted_run "lock holder terminated" terminate_lock_holder

# --- 4. a statement timeout ---------------------------------------------------------------
migctl_in fault_aksara --plugin aksara.so upgrade || fail "aksara upgrade: $(cat "$work/err")"
PGOPTIONS="-c statement_timeout=200" migctl_in fault_aksara --plugin aksara.so \
  --plugin slow_revision.so upgrade
rc=$?
((rc == 1)) || fail "statement timeout: exit $rc, expected 1: $(cat "$work/err")"
grep -q 'statement timeout' "$work/err" || fail "statement timeout: $(cat "$work/err")"
[[ $(sql fault_aksara "SELECT string_agg(version_num, ',') FROM alembic_version") == 002_refresh_tokens ]] ||
  fail "statement timeout: version table moved"
[[ $(sql fault_aksara "SELECT count(*) FROM migctl_history WHERE revision = 's001'
                       AND NOT success") == 1 ]] || fail "statement timeout: no failure audit row"
lock_free fault_aksara || fail "statement timeout: the lock is still held"
migctl_in fault_aksara --plugin aksara.so --plugin slow_revision.so upgrade ||
  fail "statement timeout: rerun exited $?: $(cat "$work/err")"
[[ $(sql fault_aksara "SELECT string_agg(version_num, ',') FROM alembic_version") == s001 ]] ||
  fail "statement timeout: rerun did not apply s001"
echo "statement timeout: exit 1, rolled back and recorded; rerun applied s001"

# --- 5. a non-transactional revision killed between its statements ------------------------
migctl_in fault_nt --plugin aksara.so upgrade || fail "aksara upgrade: $(cat "$work/err")"
migctl_bg fault_nt --plugin aksara.so --plugin nontransactional_revision.so upgrade
for ((i = 0; i < 200; i++)); do
  [[ $(sql fault_nt "SELECT count(*) FROM pg_stat_activity WHERE datname = 'fault_nt'
                     AND query LIKE 'SELECT pg_sleep(2)%'") == 1 ]] && break
  sleep 0.05
done
((i < 200)) || fail "non-transactional: the revision never reached its pause"
kill -9 "$pid"
wait "$pid" 2>/dev/null
indexes() {
  sql fault_nt "SELECT coalesce(string_agg(indexname, ',' ORDER BY indexname), '') FROM pg_indexes
                WHERE indexname IN ('user_profile_role_idx', 'user_profile_tipe_akun_idx')"
}
[[ $(sql fault_nt "SELECT string_agg(version_num, ',') FROM alembic_version") == 002_refresh_tokens ]] ||
  fail "non-transactional: the version table moved though the revision did not finish"
[[ $(indexes) == user_profile_role_idx ]] ||
  fail "non-transactional: expected only the first statement's index, found '$(indexes)'"
[[ $(sql fault_nt "SELECT count(*) FROM migctl_history WHERE revision = 'n001' AND success") == 0 ]] ||
  fail "non-transactional: a success audit row for an unfinished revision"
lock_free fault_nt || fail "non-transactional: the lock is still held"
migctl_in fault_nt --plugin aksara.so --plugin nontransactional_revision.so upgrade ||
  fail "non-transactional: rerun exited $?: $(cat "$work/err")"
[[ $(sql fault_nt "SELECT string_agg(version_num, ',') FROM alembic_version") == n001 &&
  $(indexes) == user_profile_role_idx,user_profile_tipe_akun_idx ]] ||
  fail "non-transactional: the rerun did not complete the revision"
echo "non-transactional: killed between statements -> first index kept, version unchanged;" \
  "rerun completed"

echo "fault suite: PASSED (seed $seed) in $SECONDS s"
