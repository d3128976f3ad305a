#!/usr/bin/env bash
# Usage: packaging/gen-manpage.sh MIGCTL CHANGELOG OUTPUT
#
# Writes the manual page migctl(1) from what the built MIGCTL prints: `migctl --help` for
# the synopsis, options, configuration and exit codes, and `migctl help COMMAND` for every
# command listed in the help's "Commands:" section (one line per command, the name first).
# So the page and --help never disagree, and a new command appears in both. The date and
# version come from CHANGELOG's newest entry (reproducible). OUTPUT ending in .gz is
# compressed with gzip -9n. The build runs this (packaging/cmake/deb.cmake).
set -euo pipefail

(($# == 3)) || {
  sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
migctl=$1 changelog=$2 output=$3
mkdir -p -- "$(dirname -- "$output")"

# Runs migctl without any configuration from the caller's directory or environment.
run_migctl() {
  (cd / && env -i PATH=/usr/bin:/bin "$migctl" "$@")
}

help=$(run_migctl --help)
commands=$(printf '%s\n' "$help" | awk '
  /^Commands:/ { on = 1; next }
  on && /^$/ { exit }
  on && /^  [a-z]/ { print $1 }')
[[ -n $commands ]] || {
  echo "gen-manpage.sh: no \"Commands:\" section in \`$migctl --help\`" >&2
  exit 1
}

# "migctl (0.1.0-1) unstable; ..." and " -- Name <mail>  Mon, 30 Nov 2026 02:00:00 +0000"
version=$(sed -n '1s/^migctl (\([^-)]*\).*/\1/p' "$changelog")
date=$(date -u -d "$(sed -n 's/^ -- .*>  //p' "$changelog" | head -n 1)" +%Y-%m-%d)

# Verbatim text in roff: backslashes, minus signs, and lines starting with a control
# character must be escaped.
roff_verbatim() {
  sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
}

{
  printf '.TH MIGCTL 1 "%s" "migctl %s" "User Commands"\n' "$date" "$version"
  cat <<'ROFF'
.SH NAME
migctl \- database migrations with Alembic's model and Flyway's safety
.SH SYNOPSIS
.B migctl
[\fIoptions\fR] \fIcommand\fR [\fIarguments\fR]
.br
.B migctl help
[\fIcommand\fR]
.SH DESCRIPTION
migctl applies and reverts database schema revisions kept as a graph (Alembic's model and
its \fBalembic_version\fR table), under a migration lock, with checksums of applied
revisions and an audit table.
Database drivers, migration sets and hooks are plugins loaded at run time.
The rest of this page is what \fBmigctl \-\-help\fR and \fBmigctl help\fR \fIcommand\fR print.
.SH OVERVIEW
.nf
ROFF
  printf '%s\n' "$help" | roff_verbatim
  echo ".fi"
  echo ".SH COMMANDS"
  while read -r command; do
    text=$(run_migctl help "$command")
    # A migctl without per-command help prints the overview again: nothing to add.
    [[ $text == "$help" ]] && continue
    printf '.SS %s\n.nf\n' "$command"
    printf '%s\n' "$text" | roff_verbatim
    echo ".fi"
  done <<<"$commands"
  cat <<'ROFF'
.SH FILES
.TP
.I ./.env
configuration read from the current directory (\fB\-\-env\-file\fR names another)
.TP
.I /usr/lib/migctl/plugins/, /usr/lib/migctl/drivers/, /usr/lib/migctl/hooks/
where bare plugin, driver and hook names are found (relative to the executable:
\fI<prefix>/bin/../lib/migctl/\fR)
.TP
.I /usr/share/migctl/templates/
what \fBmigctl create\fR and \fBmigctl merge\fR write revisions from (package migctl\-dev),
unless the project has its own \fImigrations/templates/\fR
.SH SEE ALSO
.BR pg_dump (1),
.BR psql (1),
.BR dot (1)
ROFF
} >"$output.tmp"

if [[ $output == *.gz ]]; then
  gzip -9n -c "$output.tmp" >"$output"
  rm -f "$output.tmp"
else
  mv "$output.tmp" "$output"
fi
