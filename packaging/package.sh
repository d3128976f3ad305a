#!/usr/bin/env bash
# Usage: packaging/package.sh
#
# Builds the Debian packages of what `cmake --install` installs (packaging/cmake/deb.cmake)
# into <build dir>/packages/:
#   migctl_<v>_<arch>.deb         /usr/bin/migctl, the PostgreSQL and SQLite drivers, the hooks,
#                                 migctl(1), bash and zsh completion
#   migctl-dev_<v>_<arch>.deb     SDK headers, CMake package, migctl.pc, revision templates
#   migctl-aksara_<v>_<arch>.deb  the Aksara migration set (aksara.so)
#   *-dbgsym_<v>_<arch>.ddeb      the debug symbols of the stripped binaries above
# Dependencies are computed by dpkg-shlibdeps. Test fixtures and the benchmark plugin are
# not packaged. The version is the newest entry of packaging/debian/changelog.
# Environment: BUILD_DIR (default <repo>/build).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
build_dir=$(realpath -m -- "${BUILD_DIR:-$repo/build}")

"$here/install-deps.sh"
BUILD_DIR=$build_dir "$here/build.sh"
rm -f "$build_dir"/packages/*.deb "$build_dir"/packages/*.ddeb
(cd "$build_dir" && cpack -B "$build_dir/packages")
for deb in "$build_dir"/packages/*.deb; do
  echo "package.sh: $deb"
  dpkg-deb -f "$deb" Depends | sed 's/^/  Depends: /'
done
echo "package.sh: lintian"
lintian --fail-on error,warning "$build_dir"/packages/*.deb
