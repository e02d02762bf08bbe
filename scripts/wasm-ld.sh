#!/usr/bin/env bash
# The release app's linker (lib.sh's ensure_app_toolchain): runs VERO_WASM_LD without
# the exports of Rust types that a dependency hands to JS and this app never makes:
# wasm-streams' stream sources and sinks (leptos' server_fn brings it). Not exported,
# they and all that only they reach (futures, closures, their vtables) stay out of the
# wasm; wasm-bindgen, finding no description of them, makes no bindings for them.
set -euo pipefail
unused='intounderlying(bytesource|sink|source)'

# Filters arguments, one a line, from stdin to stdout: `--export=NAME` and
# `--export NAME` go when NAME is one of the unused.
filter() {
  local a held=""
  while IFS= read -r a || [ -n "$a" ]; do
    if [ -n "$held" ]; then
      [[ ${a,,} =~ $unused ]] || printf '%s\n%s\n' "$held" "$a"
      held=""
    elif [ "$a" = --export ]; then
      held=$a
    elif [[ $a == --export=* && ${a,,} =~ $unused ]]; then
      :
    else
      printf '%s\n' "$a"
    fi
  done
  [ -z "$held" ] || printf '%s\n' "$held"
}

# rustc passes a long command line in a response file (@FILE, one argument a line).
args=()
for arg in "$@"; do
  if [[ $arg == @* && -f ${arg#@} ]]; then
    filter <"${arg#@}" >"${arg#@}.app"
    args+=("@${arg#@}.app")
  else
    args+=("$arg")
  fi
done
mapfile -t args < <(printf '%s\n' "${args[@]}" | filter)
exec "${VERO_WASM_LD:?}" "${args[@]}"
