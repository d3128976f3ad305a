#!/usr/bin/env bash
# Usage: packaging/test.sh [ctest arguments...]      e.g. packaging/test.sh -L unit
#
# The one command that tests migctl on a fresh Debian 12 machine: installs what is missing
# (install-deps.sh), builds (build.sh), starts a throwaway PostgreSQL cluster of its own
# (<build dir>/pgtest-<pid>, so it never touches the demo cluster in .pgdata and parallel
# runs do not collide), exports its URL as MIGCTL_TEST_DATABASE_URL and runs
#   ctest --test-dir <build dir> --output-on-failure -j2 [ctest arguments...]
# The cluster is always stopped and deleted on exit, also on failure or Ctrl-C; the exit
# code is ctest's (or that of the step that failed). Ends with the time each phase took.
# Without ctest arguments it then runs packaging/sanitizers.sh (an ASan+UBSan build in
# build-asan/ running the unit and integration tests on the same cluster) and
# packaging/fuzz.sh (each libFuzzer harness of tests/fuzz/ for a fixed time).
# Environment: BUILD_DIR (default <repo>/build); MIGCTL_TEST_SANITIZERS=0 and
# MIGCTL_TEST_FUZZ=0 skip those two phases, MIGCTL_FUZZ_SECONDS (default 10).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname "$here")
BUILD_DIR=$(realpath -m -- "${BUILD_DIR:-$repo/build}")
export BUILD_DIR

phases=()
phase=''
phase_start=0
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }
begin_phase() { # short-name description
  phase=$1
  phase_start=$(now_us)
  echo "== test.sh: $2"
}
end_phase() { # [note]
  local us=$(($(now_us) - phase_start))
  phases+=("$(printf '%-10s %4d.%02d s%s' "$phase" $((us / 1000000)) $((us % 1000000 / 10000)) "${1:+ $1}")")
  phase=''
}

pg_dir=$BUILD_DIR/pgtest-$$
cluster_started=0

# shellcheck disable=SC2317  # only reached through the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $phase ]]; then end_phase "(did not finish)"; fi
  if ((cluster_started)); then
    begin_phase "db stop" "stopping the test cluster"
    MIGCTL_PG_DIR=$pg_dir "$here/pg-throwaway.sh" stop >/dev/null ||
      echo "test.sh: could not stop the cluster in $pg_dir" >&2
    end_phase
  fi
  if ((${#phases[@]} > 0)); then
    echo "== test.sh: elapsed"
    printf '  %s\n' "${phases[@]}"
  fi
  if ((rc == 0)); then echo "test.sh: PASSED"; else echo "test.sh: FAILED (exit $rc)"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Clusters left behind by runs that were killed (SIGKILL skips the trap above).
shopt -s nullglob
for stale in "$BUILD_DIR"/pgtest-*; do
  pid=${stale##*-}
  if [[ $pid =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null; then
    echo "test.sh: removing the cluster of an earlier, killed run: $stale"
    MIGCTL_PG_DIR=$stale "$here/pg-throwaway.sh" stop >/dev/null || true
  fi
done
shopt -u nullglob

begin_phase "deps" "dependencies"
"$here/install-deps.sh"
end_phase

begin_phase "build" "build"
"$here/build.sh"
end_phase

begin_phase "db start" "starting a throwaway PostgreSQL cluster"
cluster_started=1
MIGCTL_PG_DIR=$pg_dir "$here/pg-throwaway.sh" start
MIGCTL_TEST_DATABASE_URL=$(MIGCTL_PG_DIR=$pg_dir "$here/pg-throwaway.sh" url)
export MIGCTL_TEST_DATABASE_URL
end_phase

begin_phase "ctest" "ctest"
rc=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@" || rc=$?
end_phase

# --- Sanitizers and fuzzing (issue 10) ------------------------------------------------------
# Only for the whole suite (no ctest arguments), and skippable while iterating locally:
# MIGCTL_TEST_SANITIZERS=0 skips the ASan+UBSan build and its test run, MIGCTL_TEST_FUZZ=0
# the fuzzers; MIGCTL_FUZZ_SECONDS sets each fuzzer's time (default 10). CI runs both.
if (($# == 0)) && [[ ${MIGCTL_TEST_SANITIZERS:-1} != 0 ]]; then
  begin_phase "asan" "ASan+UBSan build, unit and integration tests (packaging/sanitizers.sh)"
  "$here/sanitizers.sh" || { step_rc=$?; ((rc != 0)) || rc=$step_rc; }
  end_phase
fi
if (($# == 0)) && [[ ${MIGCTL_TEST_FUZZ:-1} != 0 ]]; then
  begin_phase "fuzz" "libFuzzer harnesses (packaging/fuzz.sh)"
  "$here/fuzz.sh" "${MIGCTL_FUZZ_SECONDS:-10}" || { step_rc=$?; ((rc != 0)) || rc=$step_rc; }
  end_phase
fi
exit "$rc"
