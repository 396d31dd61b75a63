#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml): `mdelist check` with annotations on the
# terminal (`--format github`) and the SARIF report written beside them, its exit status carried
# out both as the step's status and as the `exit-code` output.
#
# Environment (action.yml passes its inputs through these, never into the script's text):
#   MDELIST_PATHS          the paths to check, separated by whitespace
#   MDELIST_CHANGED_SINCE  a revision for --changed-since, or empty
#   MDELIST_BASELINE       a baseline file for --baseline, or empty
#   MDELIST_ARGS           further arguments, separated by whitespace (no shell evaluation)
#   MDELIST_SARIF          the SARIF file to write
#   GITHUB_OUTPUT          the step's outputs: exit-code, sarif, sarif-written
set -uo pipefail

: "${GITHUB_OUTPUT:?GITHUB_OUTPUT must name a file}"
: "${MDELIST_SARIF:?MDELIST_SARIF must name the SARIF file to write}"

# Read up to the end of the text (not the first line), split at spaces, tabs and newlines.
read -r -d '' -a paths <<< "${MDELIST_PATHS:-.}" || true
[ ${#paths[@]} -gt 0 ] || paths=(.)
read -r -d '' -a extra <<< "${MDELIST_ARGS:-}" || true

command=(mdelist check --format github --output "sarif=$MDELIST_SARIF")
[ -n "${MDELIST_CHANGED_SINCE:-}" ] && command+=(--changed-since "$MDELIST_CHANGED_SINCE")
[ -n "${MDELIST_BASELINE:-}" ] && command+=(--baseline "$MDELIST_BASELINE")
command+=("${extra[@]}" -- "${paths[@]}")

echo "${command[*]}"
"${command[@]}"
status=$?

written=false
[ -f "$MDELIST_SARIF" ] && written=true
{
  echo "exit-code=$status"
  echo "sarif=$MDELIST_SARIF"
  echo "sarif-written=$written"
} >> "$GITHUB_OUTPUT"
exit "$status"
