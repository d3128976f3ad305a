#!/usr/bin/env bash
# Usage: packaging/fuzz.sh [SECONDS]      (packaging/test.sh runs it; default 10 s each)
#
# Builds the libFuzzer harnesses of tests/fuzz/ with clang (-fsanitize=fuzzer plus
# AddressSanitizer and UndefinedBehaviorSanitizer, -O1, no debug info) in $FUZZ_BUILD_DIR
# (default <repo>/build-fuzz), then runs each for SECONDS, starting from its seed corpus in
# tests/fuzz/corpus/<name>/ (new inputs go to a scratch copy, never into the repository).
# A crash, a sanitizer report or a broken contract (the harness aborts) fails the run; the
# input that did it is kept in $FUZZ_BUILD_DIR/artifacts/ and its path printed, so
#   $FUZZ_BUILD_DIR/bin/fuzz_<name> <that file>
# replays it. Needs clang and libclang-rt-14-dev (packaging/install-deps.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname "$here")
seconds=${1:-10}
build=$(realpath -m -- "${FUZZ_BUILD_DIR:-$repo/build-fuzz}")
flags="-O1 -g0 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined"

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS="$flags" -DMIGCTL_FUZZ=ON \
  -DMIGCTL_BUILD_BENCH=OFF >/dev/null
# The harnesses tests/fuzz/CMakeLists.txt declares (migctl_fuzzer(<name> ...)).
mapfile -t harnesses < <(sed -n 's/^migctl_fuzzer(\([a-z_]*\) .*/\1/p' "$repo/tests/fuzz/CMakeLists.txt")
targets=()
for name in "${harnesses[@]}"; do targets+=(--target "fuzz_$name"); done
cmake --build "$build" -j"$(nproc)" "${targets[@]}"

mkdir -p "$build/artifacts"
failed=()
for name in "${harnesses[@]}"; do
  corpus=$(mktemp -d)
  echo "fuzz.sh: fuzz_$name for $seconds s"
  if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/bin/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" \
    "$corpus" "$repo/tests/fuzz/corpus/$name" >"$build/fuzz_$name.log" 2>&1; then
    failed+=("$name")
    tail -n 40 "$build/fuzz_$name.log" >&2
  else
    grep -E '^stat::number_of_executed_runs|^Done' "$build/fuzz_$name.log" | tr '\n' ' '
    echo
  fi
  rm -rf -- "$corpus"
done
if ((${#failed[@]} > 0)); then
  echo "fuzz.sh: FAILED: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz.sh: ${#harnesses[@]} harnesses ran $seconds s each without a finding"
