#!/usr/bin/env bash
# Usage: packaging/sanitizers.sh [ctest arguments...]   (packaging/test.sh runs it)
#
# Builds migctl, its driver, plugins, hooks, fixtures and tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (g++ -fsanitize=address,undefined, -O1 without debug info to
# keep the build about as fast as the normal one) in $ASAN_BUILD_DIR (default
# <repo>/build-asan), then runs the unit and integration tests there:
#   ctest --test-dir <dir> -L 'unit|integration' -E '^integration\.(sqlite_)?concurrency$' ...
# (why concurrency is left out: see below)
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
flags="-O1 -g0 -fno-omit-frame-pointer $sanitize"

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitize" -DCMAKE_SHARED_LINKER_FLAGS="$sanitize" \
  -DCMAKE_MODULE_LINKER_FLAGS="$sanitize" -DMIGCTL_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0
export LSAN_OPTIONS=suppressions=$here/sanitizers/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# integration.concurrency and integration.sqlite_concurrency are left to the normal build:
# they fork four migctl processes from four threads of the test at once, and under this
# ASan runtime one such run hung until
# ctest's 300 s timeout in CI (a child forked from a multi-threaded process can block in
# ASan's allocator before it reaches exec). What it tests is locking between processes,
# which the sanitizers add nothing to.
ctest --test-dir "$build" -L 'unit|integration' -E '^integration\.(sqlite_)?concurrency$' \
  --output-on-failure -j2 "$@"
