#!/usr/bin/env bash
# Usage: packaging/package.sh
#
# Builds a Debian package (build/migctl_<version>_<arch>.deb) of what `cmake --install`
# installs: /usr/bin/migctl, /usr/lib/<arch>/migctl/{drivers,plugins,hooks}/*.so and the
# SDK headers in /usr/include/migctl/. Test fixtures and the benchmark plugin are not in it.
# Dependencies are computed by dpkg-shlibdeps. Environment: BUILD_DIR (default <repo>/build).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
build_dir=${BUILD_DIR:-$repo/build}

"$here/install-deps.sh"
if ! command -v dpkg-shlibdeps >/dev/null; then
  echo "package.sh: installing dpkg-dev (dpkg-shlibdeps computes the package's dependencies)"
  as_root=()
  ((EUID == 0)) || as_root=(sudo)
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dpkg-dev
fi
BUILD_DIR=$build_dir "$here/build.sh" -DCMAKE_INSTALL_PREFIX=/usr
(cd "$build_dir" && cpack -G DEB)
deb=$(ls -t "$build_dir"/migctl_*.deb | head -n 1)
echo "package.sh: $deb"
dpkg-deb --info "$deb" | sed -n '/Depends/p'
dpkg-deb --contents "$deb" | awk '{print "  " $6}' | grep -E 'bin/|\.so$' || true
