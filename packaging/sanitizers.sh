#!/usr/bin/env bash
# Usage: packaging/sanitizers.sh [ctest arguments...]   (packaging/test.sh runs it)
#
# Builds migctl, its driver, plugins, hooks, fixtures and tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (g++ -fsanitize=address,undefined, -O0 without debug info: the
# instrumented optimiser is most of this build's time; at -O1 a sample of ten sources compiled
# about three times slower, for a test run 20 s shorter, 42 s against 63 s) in
# $ASAN_BUILD_DIR (default
# <repo>/build-asan), then runs there every unit suite, the driver conformance suites and
# a chosen set of the CLI suites (which and why: see the end of this file).
# Any sanitizer report fails the test that triggered it (UBSan does not recover; ASan and
# LeakSanitizer end the process with an error). Integration tests need the server in
# MIGCTL_TEST_DATABASE_URL, as packaging/test.sh provides.
#
# -fno-sanitize=vptr: plugins are built with hidden visibility, so the type information of
# SDK classes is per library and UBSan's dynamic-type check reports every virtual call
# across the plugin boundary although the types are the same (the ABI descriptor check in
# core/src/plugin/registry.cpp guards that boundary instead).
# Leak suppressions: packaging/sanitizers/lsan.supp, each entry explained there.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname "$here")
build=$(realpath -m -- "${ASAN_BUILD_DIR:-$repo/build-asan}")
sanitize="-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined"
flags="-O0 -g0 -fno-omit-frame-pointer $sanitize"

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitize" -DCMAKE_SHARED_LINKER_FLAGS="$sanitize" \
  -DCMAKE_MODULE_LINKER_FLAGS="$sanitize" -DMIGCTL_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0
export LSAN_OPTIONS=suppressions=$here/sanitizers/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Which tests: every unit suite (with the stub driver they cover the runner's middle:
# Session, MigrationContext, hooks, stamp, seed, the run loop), both drivers' conformance
# suites, and the CLI suites that drive each code path of the executable once against a real
# server or file. Left to the normal build, to keep CI under 20 minutes: suites that mostly
# run other programs (Alembic, passlib, pg_dump through PgBouncer), repeat what the chosen
# ones cover (help, graph, branches, history ranges, progress, redaction), or fork four
# migctl processes from four threads at once (concurrency, sqlite_concurrency: under this
# ASan runtime one such run hung until ctest's 300 s timeout in CI, as a child forked from
# a multi-threaded process can block in ASan's allocator before it reaches exec).
suites='commands|migrate|failures|connection_faults|bad_input|offline_sql|seed|doctor|hooks'
suites+='|backup|sqlite|audit_log|status|json_output|sql_sets'
ctest --test-dir "$build" -R "^(unit\.|integration\.driver\.|integration\.($suites)\$)" \
  --output-on-failure -j2 "$@"
