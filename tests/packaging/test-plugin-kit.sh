#!/usr/bin/env bash
# Usage: tests/packaging/test-plugin-kit.sh BUILD_DIR   (ctest entry packaging.plugin_kit)
#
# The plugin kit as a third party uses it: `cmake --install` into a temporary prefix, then,
# outside the source tree and with only that prefix,
#   - `migctl create` writes a revision from the installed template (no checkout around),
#   - a plugin project builds with find_package(migctl): one plugin with
#     migctl_add_plugin(), one with add_library(MODULE) + migctl::sdk alone (which must
#     export nothing but the plugin entry), and one compiled with `pkg-config --cflags migctl`,
#   - the installed migctl loads the three and upgrades a fresh database with them.
set -euo pipefail
build_dir=$(realpath -- "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=tests/packaging/common.sh
source "$here/common.sh"

prefix=$scratch/prefix
note "cmake --install into $prefix"
cmake --install "$build_dir" --prefix "$prefix" >"$scratch/install.log"
migctl=$prefix/bin/migctl
[[ -x $migctl ]] || fail "no $migctl after cmake --install"

src=$scratch/src
cp -R "$here/kit_plugin" "$src"

note "migctl create with the installed template"
(cd "$src" && env -i PATH=/usr/bin:/bin "$migctl" create --set kit "Add kit notes") ||
  fail "migctl create failed outside a checkout"
created=$(ls "$src"/migrations/kit/versions/002_*.cpp 2>/dev/null) ||
  fail "migctl create did not write migrations/kit/versions/002_*.cpp"
grep -q 'r.down_revisions = {"001"}' "$created" || fail "$created: parent is not 001"
# Fill in the template's SQL placeholders.
sed -i -e 's/^-- SQL that applies.*/CREATE TABLE kit_notes (id integer PRIMARY KEY);/' \
  -e 's/^-- SQL that reverts.*/DROP TABLE kit_notes;/' "$created"
grep -q 'CREATE TABLE kit_notes' "$created" || fail "the installed template has no SQL placeholder"

note "find_package(migctl) against $prefix only"
cmake -S "$src" -B "$scratch/build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$scratch/configure.log" ||
  {
    cat "$scratch/configure.log"
    fail "configuring the plugin project failed"
  }
cmake --build "$scratch/build" -j2 >"$scratch/build.log" || {
  cat "$scratch/build.log"
  fail "building the plugin project failed"
}

note "pkg-config --cflags migctl"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name migctl.pc)")
cflags=$(pkg-config --cflags migctl)
plugin_cflags=$(pkg-config --variable=plugin_cflags migctl)
include_dir=$(grep -oE -- '-I[^ ]+' <<<"$cflags" | head -n 1)
[[ -n $include_dir && $(realpath -- "${include_dir#-I}") == $(realpath -- "$prefix/include") ]] ||
  fail "pkg-config --cflags migctl gave '$cflags', not the installed include directory"
# shellcheck disable=SC2086  # word splitting of the flags is intended
g++ -shared -fPIC $cflags $plugin_cflags -o "$scratch/build/kit_pc.so" "$src/kit_plugin.cpp" \
  "$src"/migrations/kit_pc/versions/*.cpp -DKIT_SET_NAME='"kit_pc"' -Wl,--no-undefined ||
  fail "building with pkg-config's flags failed"

note "visibility: the plugins export their entry only"
# add_library(MODULE) keeps CMake's "lib" prefix: such a plugin is passed by path.
built=("$scratch/build/kit.so" "$scratch/build/libkit_by_hand.so" "$scratch/build/kit_pc.so")
for so in "${built[@]}"; do
  exported=$(nm -D --defined-only "$so") || fail "no plugin $so"
  grep -q migctl_plugin_entry <<<"$exported" || fail "$so does not export migctl_plugin_entry"
  if grep -q kit_internal_description <<<"$exported"; then
    fail "$so exports its internal function: the SDK's hidden visibility did not apply"
  fi
done

note "the installed migctl upgrades with the three plugins"
fresh_database "migctl_kit_$$"
plugins=()
for so in "${built[@]}"; do plugins+=(--plugin "$so"); done
run_installed "$migctl" "${plugins[@]}" upgrade heads || fail "migctl upgrade heads failed"
tables=$(sql "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class
              WHERE relname LIKE 'kit\_%' AND relkind = 'r'")
[[ $tables == kit_base,kit_by_hand,kit_notes,kit_pkg_config ]] ||
  fail "tables after upgrade: '$tables'"
versions=$(sql "SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version")
[[ $versions == 002,b001,p001 ]] || fail "alembic_version after upgrade: '$versions'"
run_installed "$migctl" "${plugins[@]}" downgrade kit@base || fail "downgrade kit@base failed"
[[ -z $(sql "SELECT relname FROM pg_class WHERE relname IN ('kit_base', 'kit_notes')") ]] ||
  fail "downgrade kit@base left the kit tables"
echo "PASS: plugin kit"
