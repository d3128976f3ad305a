#!/usr/bin/env bash
# Usage: tests/packaging/test-debs.sh BUILD_DIR   (ctest entry packaging.debs)
#
# The Debian packages: builds them with cpack, requires lintian to report no error and no
# warning, checks the split (which files are in which package), that the binaries are
# stripped with their symbols in the -dbgsym packages, and that apt could resolve their
# dependencies; installs them into an empty root (dpkg --root as root, else dpkg-deb -x)
# and, from those files alone, runs `migctl --plugin aksara.so upgrade` on a fresh
# database, renders migctl(1), and completes words with the installed bash completion.
set -euo pipefail
build_dir=$(realpath -- "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=tests/packaging/common.sh
source "$here/common.sh"

timed() { # label command...: runs it, then prints how long it took
  local start=${EPOCHREALTIME/./} rc=0
  "${@:2}" || rc=$?
  local ms=$(((${EPOCHREALTIME/./} - start) / 1000))
  printf '   (%s: %d.%03d s)\n' "$1" $((ms / 1000)) $((ms % 1000)) >&2
  return "$rc"
}

debs=$scratch/debs
note "cpack"
timed cpack cpack --config "$build_dir/CPackConfig.cmake" -B "$debs" >"$scratch/cpack.log" || {
  cat "$scratch/cpack.log"
  fail "cpack failed"
}
shopt -s nullglob
packages=("$debs"/*.deb)
ddebs=("$debs"/*.ddeb)
shopt -u nullglob
names=$(for f in "${packages[@]}"; do dpkg-deb -f "$f" Package; done | sort | tr '\n' ' ')
[[ $names == "migctl migctl-aksara migctl-dev " ]] || fail "packages built: '$names'"
dbg_names=$(for f in "${ddebs[@]}"; do dpkg-deb -f "$f" Package; done | sort | tr '\n' ' ')
[[ $dbg_names == "migctl-aksara-dbgsym migctl-dbgsym " ]] || fail "dbgsym packages: '$dbg_names'"

note "lintian"
timed lintian lintian --fail-on error,warning --suppress-tags-from-file /dev/null \
  "${packages[@]}" || fail "lintian reported errors or warnings (above)"

note "contents"
# (Listings are read whole before grep: grep -q would close the pipe early.)
contents() { dpkg-deb -c "$debs/$1"_*.deb | awk '{print $6}'; }
has() { # package path-regex
  grep -qE "$2" <<<"$(contents "$1")" || fail "$1 has no file matching $2"
}
has_not() {
  if grep -qE "$2" <<<"$(contents "$1")"; then fail "$1 has a file matching $2"; fi
}
has migctl '^\./usr/bin/migctl$'
has migctl '/migctl/drivers/postgresql\.so$'
has migctl '/migctl/drivers/sqlite\.so$'
has migctl '/migctl/hooks/pg_dump_backup\.so$'
has migctl '/usr/share/man/man1/migctl\.1\.gz$'
has migctl '/usr/share/bash-completion/completions/migctl$'
has migctl '/usr/share/zsh/vendor-completions/_migctl$'
has_not migctl '/include/|aksara\.so$|\.cmake$'
has migctl-dev '^\./usr/include/migctl/plugin\.hpp$'
has migctl-dev '/cmake/migctl/migctlConfig\.cmake$'
has migctl-dev '/pkgconfig/migctl\.pc$'
has migctl-dev '^\./usr/share/migctl/templates/revision\.cpp\.in$'
has_not migctl-dev '\.so$|bin/'
has migctl-aksara '/migctl/plugins/aksara\.so$'
for pkg in migctl migctl-dev migctl-aksara; do
  has "$pkg" "^\./usr/share/doc/$pkg/copyright$"
  has "$pkg" "^\./usr/share/doc/$pkg/changelog\.Debian\.gz$"
done
# The tool's description names each driver and hook it ships.
description=$(dpkg-deb -f "$debs"/migctl_*.deb Description)
for so in $(contents migctl | sed -nE 's#.*/migctl/(drivers|hooks)/([^/]+)\.so$#\2#p'); do
  grep -qi -- "$so" <<<"$description" || fail "the migctl package's description does not name its $so plugin"
done
dpkg-deb -f "$debs"/migctl-dev_*.deb Depends | grep -q 'libboost-dev' ||
  fail "migctl-dev does not depend on libboost-dev (its headers include Boost's)"

note "dependencies resolve (apt-get --simulate)"
apt-get install --simulate -q -o Debug::NoLocking=1 "${packages[@]}" >"$scratch/apt.log" 2>&1 || {
  cat "$scratch/apt.log"
  fail "apt cannot satisfy the packages' dependencies"
}

root=$scratch/root
note "install into $root"
if ((EUID == 0)); then
  mkdir -p "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/info"
  touch "$root/var/lib/dpkg/status"
  # --force-depends: the empty root has no libc or Poco; the host's satisfy them (checked
  # above), and migctl runs from this root with the host's shared libraries.
  dpkg --root="$root" --force-depends -i "${packages[@]}" >"$scratch/dpkg.log" 2>&1 || {
    cat "$scratch/dpkg.log"
    fail "dpkg -i into $root failed"
  }
  dpkg --root="$root" -l | grep -qE '^ii +migctl-aksara ' || fail "dpkg does not list migctl-aksara as installed"
else
  for f in "${packages[@]}"; do dpkg-deb -x "$f" "$root"; done
fi
migctl=$root/usr/bin/migctl

note "stripped, with the symbols in -dbgsym"
readelf -S "$migctl" | grep -q '\.debug_info' && fail "/usr/bin/migctl is not stripped"
build_id=$(readelf -n "$migctl" | sed -n 's/.*Build ID: *//p')
[[ -n $build_id ]] || fail "/usr/bin/migctl has no build id"
dbgsym_files=$(dpkg-deb -c "$debs"/migctl-dbgsym_*.ddeb)
grep -q "/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug" <<<"$dbgsym_files" ||
  fail "migctl-dbgsym has no debug file for build id $build_id"

note "migctl --plugin aksara.so upgrade, from the installed files"
fresh_database "migctl_debs_$$"
run_installed "$migctl" --plugin aksara.so upgrade || fail "the installed migctl could not upgrade"
heads=$(run_installed "$migctl" --plugin aksara.so heads | awk '{print $1}')
current=$(sql "SELECT string_agg(version_num, ' ' ORDER BY version_num) FROM alembic_version")
[[ -n $current && $current == "$(tr '\n' ' ' <<<"$heads" | sed 's/ $//')" ]] ||
  fail "alembic_version holds '$current', the installed aksara.so's heads are '$heads'"
[[ $(sql "SELECT count(*) FROM information_schema.tables WHERE table_name = 'user'") == 1 ]] ||
  fail "no \"user\" table after the upgrade"

note "the installed SQLite driver: migctl --plugin aksara.so current on a new SQLite file"
(DATABASE_CONN=sqlite:///installed.db run_installed "$migctl" --plugin aksara.so current) ||
  fail "the installed migctl could not read an SQLite database"
[[ -f $scratch/run/installed.db ]] || fail "sqlite:///installed.db did not name a file in the working directory"

note "migctl(1) renders without warnings"
man_out=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$root/usr/share/man/man1/migctl.1.gz" 2>&1 >/dev/null)
[[ -z $man_out ]] || fail "man reports: $man_out"
man -l "$root/usr/share/man/man1/migctl.1.gz" 2>/dev/null | grep -q 'upgrade' ||
  fail "migctl(1) does not mention upgrade"

note "bash completion"
complete_words() { # words... (the last one is completed)
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _migctl; printf "%s\n" "${COMPREPLY[@]}"' _ \
    "$root/usr/share/bash-completion/completions/migctl" "$@"
}
cd "$scratch/run"
[[ $(complete_words "$migctl" upg) == upgrade ]] || fail "completing 'upg' gave '$(complete_words "$migctl" upg)'"
complete_words "$migctl" --plugin aksara.so upgrade --sq | grep -qx -- --sql || fail "no --sql for upgrade --sq"
[[ $(complete_words "$migctl" --migrations-format db) == dbmate ]] ||
  fail "completing '--migrations-format db' gave '$(complete_words "$migctl" --migrations-format db)'"
ids=$(run_installed "$migctl" --plugin aksara.so history | sed -nE 's/^.* -> ([^ ,]+).*/\1/p' | sort -u)
[[ -n $ids ]] || fail "could not read revision ids from migctl history"
got=$(complete_words "$migctl" --plugin aksara.so downgrade '' | sort -u)
for id in $ids; do
  grep -qx -- "$id" <<<"$got" || fail "completing a downgrade target lacks revision $id (got: $got)"
done
for label in aksara@head aksara@base; do
  grep -qx "$label" <<<"$got" || fail "completing a downgrade target lacks $label (got: $got)"
done
got=$(complete_words "$migctl" --plugin aksara.so log --revision '' | sort -u)
for id in $ids; do
  grep -qx -- "$id" <<<"$got" || fail "completing log --revision lacks revision $id (got: $got)"
done
note "zsh completion"
# The completion function runs with zsh's completion builtins replaced by stubs that print
# the candidates: words/CURRENT as zsh sets them, then the installed _migctl file.
zsh_complete() { # words... (the last one is completed)
  zsh -f -c '
    compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; print -rl -- "$@"; }
    _files() { print -r -- "<files>"; }
    _call_program() { shift; "$@"; }
    file=$1; shift
    words=("$@"); CURRENT=$#
    source "$file"' _ "$root/usr/share/zsh/vendor-completions/_migctl" "$@"
}
[[ $(zsh_complete "$migctl" upg) == *upgrade* ]] || fail "zsh: completing 'upg' gave '$(zsh_complete "$migctl" upg)'"
zsh_complete "$migctl" --plugin aksara.so upgrade --s | grep -qx -- --sql || fail "zsh: no --sql for upgrade --s"
[[ $(zsh_complete "$migctl" --plugin '') == "<files>" ]] || fail "zsh: --plugin does not complete files"
zsh_complete "$migctl" --migrations-format '' | grep -qx flyway || fail "zsh: --migrations-format lacks flyway"
got=$(zsh_complete "$migctl" --plugin aksara.so downgrade '' | sort -u)
for word in $ids aksara@head aksara@base; do
  grep -qx -- "$word" <<<"$got" || fail "zsh: completing a downgrade target lacks $word (got: $got)"
done
got=$(zsh_complete "$migctl" --plugin aksara.so log --revision '' | sort -u)
for id in $ids; do
  grep -qx -- "$id" <<<"$got" || fail "zsh: completing log --revision lacks revision $id (got: $got)"
done
echo "PASS: Debian packages"
