# bash completion for migctl                                   -*- shell-script -*-
#
# Completes commands, options (the global ones and the command's own) and revision ids.
# Everything comes from migctl itself, so it follows the installed version:
#   commands   the "Commands:" section of `migctl --help` (first word of each line)
#   options    the --names in `migctl --help` and in `migctl help COMMAND`
#   revisions  `migctl history --json` with the --plugin / --migrations-dir / --env-file
#              words already typed
#              (else the plugins of ./.env's MIGCTL_PLUGINS), plus their sets' labels
#              (<set>@head, <set>@base) and head, heads, base
# Installed as /usr/share/bash-completion/completions/migctl; or `source` this file.
# shellcheck shell=bash disable=SC2207  # COMPREPLY=($(compgen ...)): the usual idiom, words have no spaces

# Prints migctl's help text for "$2" (empty: the overview), cached per command name.
_migctl_help() {
  local key=${2:-_}
  key=${key//[^A-Za-z0-9_]/_}
  local var="_migctl_help_cache_$key"
  if [[ -z ${!var-} ]]; then
    local text
    if [[ -n $2 ]]; then
      text=$("$1" help "$2" 2>/dev/null)
    else
      text=$("$1" --help 2>/dev/null)
    fi
    printf -v "$var" '%s' "$text"
  fi
  printf '%s\n' "${!var}"
}

_migctl_commands() {
  _migctl_help "$1" | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
    on && /^  [a-z]/ { print $1 }'
}

# "--name" for every global option and every option of command "$2" (if any); "--name="
# marks one that takes a value.
_migctl_options() {
  {
    _migctl_help "$1"
    if [[ -n $2 ]]; then _migctl_help "$1" "$2"; fi
  } | grep -oE -- '(^|[ ,])--[a-z][a-z0-9-]*( [A-Z][A-Z_.]*)?' |
    sed -E 's/^[ ,]//; s/ [A-Z].*$/=/' | sort -u
}

_migctl_takes_value() { # migctl command option
  _migctl_options "$1" "$2" | grep -qx -- "$3="
}

# COMPREPLY: the revision words matching $cur (from the caller): the ids and set labels
# of the sets the configuration words "${@:2}" load, and head, heads, base.
_migctl_revision_words() { # migctl config-words...
  local json ids labels='' set
  json=$("$1" "${@:2}" history --json 2>/dev/null) || return
  ids=$(grep -oE '"revision" *: *"[^"]+"' <<<"$json" | sed -E 's/.*"([^"]+)"$/\1/')
  for set in $(grep -oE '"set" *: *"[^"]+"' <<<"$json" | sed -E 's/.*"([^"]+)"$/\1/' | sort -u); do
    labels+="$set@head $set@base "
  done
  COMPREPLY=($(compgen -W "head heads base $ids $labels" -- "$cur"))
}

_migctl() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local migctl=${COMP_WORDS[0]} command='' i word
  local -a config=()
  COMPREPLY=()
  # The command word, and the words that choose plugins and configuration.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    case $word in
      --plugin | -p | --env-file | -e | --migrations-dir | --migrations-format)
        config+=("$word" "${COMP_WORDS[i + 1]}")
        ((i++))
        ;;
      --plugin=* | --env-file=* | --migrations-dir=* | --migrations-format=*) config+=("$word") ;;
      -*)
        if [[ $word != *=* ]] && _migctl_takes_value "$migctl" "$command" "$word"; then ((i++)); fi
        ;;
      *) [[ -z $command ]] && command=$word ;;
    esac
  done

  case $prev in
    --plugin | -p | --env-file | -e | --output | --dir | --versions-dir)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return
      ;;
    --migrations-dir)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -d -- "$cur"))
      return
      ;;
    --migrations-format)
      COMPREPLY=($(compgen -W 'golang-migrate sqlx dbmate flyway diesel migctl' -- "$cur"))
      return
      ;;
    --environment)
      COMPREPLY=($(compgen -W 'dev staging production' -- "$cur"))
      return
      ;;
    --hook)
      COMPREPLY=($(compgen -W 'pg_dump_backup monitor' -- "$cur"))
      return
      ;;
    --head | --depends-on | -r | --rev-range | --revision)
      _migctl_revision_words "$migctl" "${config[@]}"
      return
      ;;
    -*)
      if _migctl_takes_value "$migctl" "$command" "$prev"; then return; fi
      ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_migctl_options "$migctl" "$command" | tr -d = | sort -u)" -- "$cur"))
    return
  fi
  if [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "$(_migctl_commands "$migctl")" -- "$cur"))
    return
  fi
  case $command in
    upgrade | downgrade | show | stamp | merge | history | create)
      _migctl_revision_words "$migctl" "${config[@]}"
      ;;
    help)
      COMPREPLY=($(compgen -W "$(_migctl_commands "$migctl")" -- "$cur"))
      ;;
    restore)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      ;;
  esac
}
complete -F _migctl migctl
