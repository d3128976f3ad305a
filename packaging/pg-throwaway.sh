#!/usr/bin/env bash
# Usage: packaging/pg-throwaway.sh start | stop [--keep] | status | url [ROLE]
#
# A throwaway PostgreSQL 15 cluster for development and tests, in a project-local
# directory: $MIGCTL_PG_DIR, default <repo>/.pgdata. Several can run at once (one per
# directory), each on its own free port (probing upward from 55440).
#
#   start          initdb (first time), start, create database "aksara" and the superuser
#                  login role "migctl_test". Idempotent: if already running, prints status.
#                  Prints the URL with the password redacted.
#   stop [--keep]  stop the server and delete the directory (--keep: keep it, for a later
#                  start with the same data and passwords).
#   status         exit 0 if running, 3 if not; prints port, directory and redacted URL.
#   url [ROLE]     the real connection URL, password percent-encoded, for scripts:
#                    export DATABASE_CONN=$(packaging/pg-throwaway.sh url)
#                  ROLE is postgres (default) or migctl_test.
#
# Connections: TCP on localhost with scram-sha-256 passwords (random, stored mode 0600 in
# the directory); the Unix socket in <dir>/sock trusts everyone who can reach it (only the
# cluster owner can). As root every server command runs as the "postgres" user via
# runuser (initdb refuses root). If postgres cannot reach the directory (e.g. the repo is
# under /root), the cluster goes to /tmp/migctl-pg-<hash of the directory path> instead,
# and start says so; stop/status/url find it there by the same rule. Run all commands as
# the same user that ran start.
#
# Environment: MIGCTL_PG_DIR (cluster directory), PG_BINDIR (default
# /usr/lib/postgresql/15/bin).
set -euo pipefail
umask 022 # parents we create must stay traversable by postgres; secrets get 0600 below

readonly FIRST_PORT=55440 LAST_PORT=55639
readonly MARKER=.migctl-throwaway-cluster
readonly LOCK_FILE=/tmp/migctl-pg-throwaway.lock

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}

die() {
  echo "pg-throwaway: $*" >&2
  exit 1
}
note() { echo "pg-throwaway: $*" >&2; }

usage() {
  sed -n '2,28s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

short_hash() { printf '%s' "$1" | sha256sum | cut -c1-12; }

is_root() { ((EUID == 0)); }

# Runs a command as the cluster's OS user, from a directory that user can read (postgres
# tools complain when the current directory is not accessible).
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# True if the postgres user can reach (search) the nearest existing ancestor of $1;
# directories we create below it get mode 0755 (umask 022).
postgres_can_reach() {
  local d=$1
  while [[ ! -e $d ]]; do d=$(dirname "$d"); done
  runuser -u postgres -- test -x "$d" 2>/dev/null
}

resolve_dir() {
  requested=$(realpath -m -- "${MIGCTL_PG_DIR:-$repo/.pgdata}")
  dir=$requested
  if is_root && ! postgres_can_reach "$requested"; then
    dir=/tmp/migctl-pg-$(short_hash "$requested")
  fi
  data=$dir/data
  logdir=$dir/log
  logfile=$logdir/postgres.log
  # A Unix socket path must fit in 107 bytes ("<sockdir>/.s.PGSQL.NNNNN"), and pg_ctl -o
  # passes the directory through a shell command line: keep it short and plain.
  sockdir=$dir/sock
  if ((${#sockdir} > 85)) || [[ $sockdir == *[!A-Za-z0-9/._+-]* ]]; then
    sockdir=/tmp/migctl-pg-sock-$(short_hash "$dir")
  fi
}

read_secret() { cat -- "$dir/$1.password"; }

percent_encode() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c" && out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

url_for() { # role password
  printf 'postgresql://%s:%s@localhost:%s/aksara' "$1" "$2" "$(cat "$dir/port")"
}

is_running() {
  [[ -d $data ]] || return 1
  as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

port_in_use() {
  local p=$1
  if command -v ss >/dev/null 2>&1 && [[ -n $(ss -Hltn "sport = :$p" 2>/dev/null) ]]; then
    return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null
}

free_port_from() {
  local p
  for ((p = $1; p <= LAST_PORT; p++)); do
    port_in_use "$p" || {
      echo "$p"
      return 0
    }
  done
  return 1
}

print_status() {
  local again
  again=$(printf %q "$0")
  if [[ -n ${MIGCTL_PG_DIR:-} ]]; then again="MIGCTL_PG_DIR=$(printf %q "$MIGCTL_PG_DIR") $again"; fi
  echo "running: PostgreSQL $("$bindir/postgres" -V | awk '{print $3}')," \
    "port $(cat "$dir/port"), directory $dir"
  echo "url: $(url_for postgres '***')   (real one: $again url)"
}

# Serialises starts across clusters so two never pick the same port. Best effort: a lock
# file created by another user can still be opened read-only, which flock accepts.
take_start_lock() {
  { exec 9>>"$LOCK_FILE"; } 2>/dev/null || { exec 9<"$LOCK_FILE"; } 2>/dev/null || return 0
  flock -w 120 9 || die "timed out waiting for $LOCK_FILE (another start is stuck?)"
}

make_owned_dir() { # path mode: created for the cluster's OS user
  mkdir -p -- "$1"
  chmod "$2" -- "$1"
  if is_root; then chown postgres:postgres -- "$1"; fi
}

new_password() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }

write_secret() { # name value: mode 0600, owned by the user running this script
  (umask 077 && printf '%s\n' "$2" >"$dir/$1.password")
}

init_cluster() {
  [[ -x $bindir/initdb ]] || die "no initdb in $bindir (run packaging/install-deps.sh, or set PG_BINDIR)"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (run packaging/install-deps.sh)"
  fi
  if [[ -e $dir && ! -e $dir/$MARKER ]] && [[ -n $(ls -A -- "$dir") ]]; then
    die "$dir exists, is not empty and is not a throwaway cluster: refusing to use it"
  fi
  if [[ -e $dir/$MARKER ]]; then
    note "removing an incomplete cluster in $dir"
    if is_running; then as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null; fi
    rm -rf -- "$data" "$logdir" "$sockdir" "$dir"/*.password "$dir/port" "$dir/ready"
  fi
  if [[ $dir != "$requested" ]]; then
    note "postgres cannot reach $requested; using $dir instead"
  fi
  mkdir -p -- "$dir"
  if is_root; then chmod 0711 -- "$dir"; else chmod 0700 -- "$dir"; fi
  echo "migctl throwaway PostgreSQL cluster for $requested; delete with pg-throwaway.sh stop" \
    >"$dir/$MARKER"
  make_owned_dir "$data" 0700
  make_owned_dir "$logdir" 0700
  make_owned_dir "$sockdir" 0700

  write_secret postgres "$(new_password)"
  write_secret migctl_test "$(new_password)"
  # initdb reads the superuser password from a file it must be able to read itself.
  local pwfile=$logdir/initdb.pw
  (umask 077 && read_secret postgres >"$pwfile")
  if is_root; then chown postgres:postgres -- "$pwfile"; fi
  local rc=0
  as_pg "$bindir/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$logdir/initdb.out" 2>&1 || rc=$?
  rm -f -- "$pwfile"
  if ((rc != 0)); then
    cat -- "$logdir/initdb.out" >&2
    die "initdb failed (exit $rc)"
  fi
}

# Starts the server on a free port, remembering it in <dir>/port. Retries on the next port
# if something else grabbed it between the probe and the bind.
start_server() {
  local port attempt rc offset
  port=$FIRST_PORT
  if [[ -f $dir/port ]]; then port=$(cat "$dir/port"); fi
  for attempt in 1 2 3 4 5; do
    port=$(free_port_from "$port") || die "no free port in $FIRST_PORT-$LAST_PORT"
    echo "$port" >"$dir/port"
    offset=0
    if [[ -f $logfile ]]; then offset=$(stat -c %s "$logfile"); fi
    rc=0
    # fd 9 (the start lock) must not leak into the server, or it would hold the lock.
    as_pg "$bindir/pg_ctl" -D "$data" -l "$logfile" -w -t 60 \
      -o "-p $port -k $sockdir -c listen_addresses=localhost -c fsync=off" \
      start >"$logdir/pg_ctl.out" 2>&1 9>&- || rc=$?
    ((rc == 0)) && return 0
    if tail -c +"$((offset + 1))" "$logfile" 2>/dev/null |
      grep -qE 'could not bind|could not create any TCP/IP sockets|Address already in use'; then
      note "port $port was taken meanwhile (attempt $attempt), trying the next one"
      port=$((port + 1))
      continue
    fi
    cat -- "$logdir/pg_ctl.out" >&2
    tail -n 20 -- "$logfile" >&2 2>/dev/null || true
    die "pg_ctl start failed (exit $rc); log: $logfile"
  done
  die "could not bind a port after 5 attempts; log: $logfile"
}

# Creates the database and the test role. The password travels on stdin (not argv), and
# error statements are kept out of the server log; output is scrubbed before it is shown.
setup_cluster() {
  local out rc=0 pw
  pw=$(read_secret migctl_test)
  out=$(as_pg "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockdir" -p "$(cat "$dir/port")" \
    -U postgres -d postgres 2>&1 <<SQL
SET log_min_error_statement = panic;
SET log_statement = none;
CREATE ROLE migctl_test LOGIN SUPERUSER PASSWORD '$pw';
CREATE DATABASE aksara;
SQL
  ) || rc=$?
  if ((rc != 0)); then
    printf '%s\n' "${out//"$pw"/***}" >&2
    die "creating the role and database failed (exit $rc)"
  fi
  touch "$dir/ready"
}

cmd_start() {
  resolve_dir
  take_start_lock
  if [[ -f $dir/ready ]] && is_running; then
    print_status
    return 0
  fi
  local fresh=0
  if [[ ! -f $dir/ready ]]; then
    init_cluster
    fresh=1
  fi
  start_server
  if ((fresh)); then setup_cluster; fi
  print_status
}

cmd_stop() {
  local keep=0
  case ${1:-} in
    '') ;;
    --keep) keep=1 ;;
    *) die "stop: unknown argument '$1'" ;;
  esac
  resolve_dir
  if [[ ! -e $dir ]]; then
    echo "no cluster in $dir"
    return 0
  fi
  [[ -e $dir/$MARKER ]] || die "$dir is not a throwaway cluster directory: not touching it"
  if is_running; then
    as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null ||
      die "could not stop the server in $data"
    echo "stopped the cluster in $dir"
  fi
  if ((keep)); then
    echo "kept $dir"
  else
    rm -rf -- "$dir"
    if [[ $sockdir != "$dir"/* ]]; then rm -rf -- "$sockdir"; fi
    echo "deleted $dir"
  fi
}

cmd_status() {
  resolve_dir
  if [[ -f $dir/ready ]] && is_running; then
    print_status
    return 0
  fi
  if [[ -e $dir/$MARKER ]]; then
    echo "stopped: cluster in $dir is not running"
  else
    echo "no cluster in $dir"
  fi
  return 3
}

cmd_url() {
  local role=${1:-postgres}
  case $role in
    postgres | migctl_test) ;;
    *) die "url: unknown role '$role' (postgres or migctl_test)" ;;
  esac
  resolve_dir
  [[ -f $dir/ready ]] || die "no cluster in $dir (run: $0 start)"
  is_running || note "warning: the cluster in $dir is not running (run: $0 start)"
  url_for "$role" "$(percent_encode "$(read_secret "$role")")"
  echo
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop "${@:2}" ;;
  status) cmd_status ;;
  url) cmd_url "${@:2}" ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
