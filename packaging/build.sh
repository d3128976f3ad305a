#!/usr/bin/env bash
# Usage: packaging/build.sh [extra cmake configure arguments...]
#
# Configures (RelWithDebInfo) and builds migctl, its drivers, plugins and tests, then prints
# where migctl and the plugins are. The build directory is $BUILD_DIR (default
# <repo>/build; a relative path is taken from the current directory). Extra arguments go
# to the configure step, e.g. packaging/build.sh -DBUILD_TESTING=OFF.
# Dependencies: packaging/install-deps.sh.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
build_dir=$(realpath -m -- "${BUILD_DIR:-$repo/build}")

cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$build_dir" -j"$(nproc)"

echo
echo "build.sh: built in $build_dir"
if [[ -x $build_dir/bin/migctl ]]; then
  echo "  migctl:  $build_dir/bin/migctl"
else
  echo "  migctl:  not built (no $build_dir/bin/migctl)"
fi
# lib/ unless the configure step chose another CMAKE_INSTALL_LIBDIR (the build tree mirrors
# the install tree).
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build_dir/CMakeCache.txt")
for kind in drivers plugins hooks; do
  shopt -s nullglob
  libs=("$build_dir/${libdir:-lib}/migctl/$kind"/*.so)
  shopt -u nullglob
  if ((${#libs[@]} > 0)); then
    printf '  %-8s %s\n' "$kind:" "$build_dir/${libdir:-lib}/migctl/$kind/"
    printf '             %s\n' "${libs[@]##*/}"
  fi
done
