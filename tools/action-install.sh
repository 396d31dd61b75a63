#!/usr/bin/env bash
# Installs mdelist for the GitHub Action (action.yml): a release's Linux binaries (mdelist and
# its render worker), verified against the release's SHA256SUMS, or a build from the action's
# own source.
#
# Environment (action.yml passes its inputs through these, never into the script's text):
#   MDELIST_VERSION      a release tag vMAJOR.MINOR.PATCH, `source`, or empty for "the tag the
#                        action is used at when it is one, else source"
#   MDELIST_ACTION_REF   the ref the action is used at (github.action_ref)
#   MDELIST_RELEASE_URL  base URL of the release downloads; a release's files are at URL/TAG/FILE
#   MDELIST_SOURCE       the action's own folder, built with cargo for `source`
#   RUNNER_TEMP          where the binary goes ($RUNNER_TEMP/mdelist/bin)
#   GITHUB_PATH          the file that puts that folder on PATH for the job's later steps
#
# Refuses (exit 1, one line on stderr) a tarball that is missing from SHA256SUMS or whose sum does
# not match it: a download is installed only when the release's own checksum vouches for it.
set -euo pipefail

fail() {
  # Inside a job the message is also an annotation on the run.
  if [ "${GITHUB_ACTIONS:-}" = "true" ]; then
    echo "::error title=mdelist install::$1"
  fi
  echo "mdelist: $1" >&2
  exit 1
}

: "${RUNNER_TEMP:?RUNNER_TEMP must name a folder}"
: "${GITHUB_PATH:?GITHUB_PATH must name a file}"

tag_pattern='^v[0-9]+\.[0-9]+\.[0-9]+$'
version="${MDELIST_VERSION:-}"
if [ -z "$version" ]; then
  if [[ "${MDELIST_ACTION_REF:-}" =~ $tag_pattern ]]; then
    version="$MDELIST_ACTION_REF"
  else
    version=source
  fi
fi

root="$RUNNER_TEMP/mdelist"
bin="$root/bin"

if [ "$version" = "source" ]; then
  source_dir="${MDELIST_SOURCE:?MDELIST_SOURCE must name the action folder to build from}"
  echo "mdelist: building from source in $source_dir (ref ${MDELIST_ACTION_REF:-none} is not a release tag)"
  cargo install --locked --path "$source_dir" --root "$root"
else
  [[ "$version" =~ $tag_pattern ]] \
    || fail "version must be a release tag vMAJOR.MINOR.PATCH or \`source\`, not '$version'"
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) target=x86_64-unknown-linux-gnu ;;
    *) fail "release $version has a binary for x86_64 Linux only, and this runner is $(uname -s) $(uname -m); set \`version: source\` to build mdelist with cargo" ;;
  esac
  base="${MDELIST_RELEASE_URL:?MDELIST_RELEASE_URL must name the release downloads}"
  base="${base%/}/$version"
  asset="mdelist-$version-$target.tar.gz"

  download=$(mktemp -d "$RUNNER_TEMP/mdelist-download.XXXXXX")
  trap 'rm -rf "$download"' EXIT
  fetch() {
    curl --fail --silent --show-error --location --retry 3 --output "$download/$1" "$base/$1" \
      || fail "could not download $base/$1"
  }
  fetch SHA256SUMS
  fetch "$asset"

  # `sha256sum` writes "SUM  NAME" (text mode) or "SUM *NAME" (binary mode).
  expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1; exit }' "$download/SHA256SUMS")
  [ -n "$expected" ] || fail "SHA256SUMS of $version has no entry for $asset; refusing to install it"
  actual=$(sha256sum "$download/$asset" | cut -d' ' -f1)
  [ "$expected" = "$actual" ] \
    || fail "checksum mismatch for $asset: SHA256SUMS says $expected, the download is $actual; refusing to install it"

  mkdir -p "$bin"
  tar -xzf "$download/$asset" -C "$download" mdelist \
    || fail "$asset does not hold the mdelist binary"
  # The render worker beside it (releases before it was a program of its own have none, and
  # mdelist is then its own worker).
  if tar -tzf "$download/$asset" | grep -qx 'mdelist-render-worker'; then
    tar -xzf "$download/$asset" -C "$download" mdelist-render-worker \
      || fail "$asset does not hold a readable mdelist-render-worker"
    install -m 0755 "$download/mdelist-render-worker" "$bin/mdelist-render-worker"
  fi
  install -m 0755 "$download/mdelist" "$bin/mdelist"
  echo "mdelist: installed $asset (sha256 $actual)"
fi

"$bin/mdelist" --version
echo "$bin" >> "$GITHUB_PATH"
