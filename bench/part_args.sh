# Sourced by the benchmark's parts (bench/sqlite.sh, bench/sqlfiles.sh): their shared
# options. part_args NAME HELP_LAST_LINE "$@" sets revisions, rounds and runs (defaults
# 1000, 8, 30), prints the caller's header comment up to HELP_LAST_LINE for --help, and
# exits 2 naming the caller for anything else.
# shellcheck shell=bash
part_args() {
  local name=$1 help_last=$2
  shift 2
  revisions=1000 rounds=8 runs=30
  while (($#)); do
    case $1 in
      --revisions) revisions=${2:?--revisions needs a number} && shift ;;
      --rounds) rounds=${2:?--rounds needs a number} && shift ;;
      --runs) runs=${2:?--runs needs a number} && shift ;;
      -h | --help)
        sed -n "2,${help_last}s/^# \{0,1\}//p" "$0"
        exit 0
        ;;
      *)
        echo "$name: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
    shift
  done
  local n
  for n in "$revisions" "$rounds" "$runs"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || {
      echo "$name: '$n' is not a positive whole number" >&2
      exit 2
    }
  done
}
