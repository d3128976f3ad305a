# shellcheck shell=bash
# Shared by the packaging tests (sourced): a scratch directory and a fresh database on the
# server named by MIGCTL_TEST_DATABASE_URL (packaging/test.sh starts one), both removed on
# exit. The database password travels in environment variables only, never in argv.

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
note() { echo "== $*"; }

[[ -n ${MIGCTL_TEST_DATABASE_URL:-} ]] || fail "MIGCTL_TEST_DATABASE_URL is not set (run packaging/test.sh)"
export PGOPTIONS="-c client_min_messages=warning"

# Outside the source tree on purpose: nothing may be found by searching upward from here.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/migctl-packaging-test.XXXXXX")
test_db=''

cleanup_common() {
  if [[ -n $test_db ]]; then
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $test_db" >/dev/null 2>&1 || true
  fi
  rm -rf -- "$scratch"
}
trap cleanup_common EXIT

# PGHOST, PGPORT, PGUSER, PGPASSWORD for psql from the test URL (parsed by Python's
# urllib, the URL passed in the environment).
eval "$(MIGCTL_URL=$MIGCTL_TEST_DATABASE_URL python3 -c '
import os, shlex, urllib.parse as p
u = p.urlsplit(os.environ["MIGCTL_URL"])
for k, v in (("PGHOST", u.hostname), ("PGPORT", u.port), ("PGUSER", p.unquote(u.username or "")),
             ("PGPASSWORD", p.unquote(u.password or ""))):
    if v:
        print("export %s=%s" % (k, shlex.quote(str(v))))
')"

# fresh_database NAME: creates database NAME and exports DATABASE_CONN for it.
fresh_database() {
  test_db=$1
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $test_db" \
    -c "CREATE DATABASE $test_db" >/dev/null
  DATABASE_CONN=$(MIGCTL_URL=$MIGCTL_TEST_DATABASE_URL MIGCTL_DB=$test_db python3 -c '
import os, urllib.parse as p
u = p.urlsplit(os.environ["MIGCTL_URL"])
print(p.urlunsplit(u._replace(path="/" + os.environ["MIGCTL_DB"])))
')
  export DATABASE_CONN
}

# sql QUERY: one value from the test database, unaligned.
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$test_db" -c "$1"; }

# Runs an installed migctl as a user would: a clean environment, an empty directory.
run_installed() { # migctl-path args...
  local bin=$1
  shift
  (cd "$scratch/run" && env -i PATH=/usr/bin:/bin HOME="$scratch" DATABASE_CONN="$DATABASE_CONN" \
    "$bin" "$@")
}
mkdir -p "$scratch/run"
