#!/usr/bin/env bash
# Fills the schemas cache that validate, diff and the tests read: every row of sources.tsv (next to this script) is
# downloaded at its pinned commit from its upstream repository, checked against the row's SHA-256 and written
# atomically. A file already in the cache with the right hash is kept without touching the network, so a rerun after
# any failure continues where the last one stopped.
#
#   schemas/update.sh [--check] [DIR]
#
# DIR defaults to the folder validate reads: $PICLUSTER_SCHEMAS, else $XDG_CACHE_HOME/picluster/schemas, else
# ~/.cache/picluster/schemas. --check verifies the cache only (no network). PICLUSTER_SCHEMAS_BASE_URL replaces the
# raw-file host (a mirror serving <base>/<owner>/<repo>/<commit>/<path>); PICLUSTER_SCHEMAS_CONNECT_TIMEOUT (seconds,
# default 5) bounds each connection attempt, so an offline machine fails at once instead of hanging.
# Exit: 0 every listed file is in DIR with its hash; 1 a row could not be fetched or does not match (named on stderr);
# 2 bad usage or a malformed sources.tsv row.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
list=$here/sources.tsv
base=${PICLUSTER_SCHEMAS_BASE_URL:-https://raw.githubusercontent.com}
base=${base%/}
connect_timeout=${PICLUSTER_SCHEMAS_CONNECT_TIMEOUT:-5}

usage() { echo "usage: schemas/update.sh [--check] [DIR]" >&2; exit 2; }

check_only=0
dir=""
fix="schemas/update.sh"
while [ $# -gt 0 ]; do
  case $1 in
    --check) check_only=1 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "update.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$dir" ] || usage; dir=$1; fix="schemas/update.sh $(printf %q "$1")" ;;
  esac
  shift
done

# The resolution order of SchemaCache (generators/Render/Validation): XDG_CACHE_HOME counts only when absolute.
if [ -z "$dir" ]; then
  if [ -n "${PICLUSTER_SCHEMAS:-}" ]; then
    dir=$PICLUSTER_SCHEMAS
  else
    case ${XDG_CACHE_HOME:-} in
      /*) dir=$XDG_CACHE_HOME/picluster/schemas ;;
      *) dir=${HOME:?update.sh: HOME is not set; pass the cache folder as DIR}/.cache/picluster/schemas ;;
    esac
  fi
fi

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

partial=""
cleanup() { if [ -n "$partial" ]; then rm -f "$partial"; fi; }
trap cleanup EXIT

[ -f "$list" ] || { echo "update.sh: $list is missing" >&2; exit 2; }
if [ "$check_only" -eq 0 ] && ! command -v curl >/dev/null 2>&1; then
  echo "update.sh: curl is not installed (Debian/Ubuntu: sudo apt-get install curl)" >&2
  exit 2
fi

fetched=0
kept=0
bad=0
line=0
while IFS=$'\t' read -r file repo commit path _version _licence sha256 extra || [ -n "$file" ]; do
  line=$((line + 1))
  case $file in ''|'#'*) continue ;; esac
  row="sources.tsv line $line ($file)"
  # The list decides where files are written: only plain relative paths, pinned commits and full hashes.
  if [ -n "${extra:-}" ] || ! [[ $file =~ ^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$ ]] || [[ /$file/ == */../* ]] \
    || ! [[ $repo =~ ^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$ ]] || ! [[ $commit =~ ^[0-9a-f]{40}$ ]] \
    || ! [[ $path =~ ^[A-Za-z0-9._/-]+$ ]] || ! [[ ${sha256:-} =~ ^[0-9a-f]{64}$ ]]; then
    echo "update.sh: $row is malformed: expected 7 tab-separated columns (file, owner/repo, 40-hex commit, path, version, licence, 64-hex sha256)" >&2
    exit 2
  fi
  dest=$dir/$file
  if [ -f "$dest" ]; then
    found=$(sha256_of "$dest")
    if [ "$found" = "$sha256" ]; then kept=$((kept + 1)); continue; fi
  else
    found=""
  fi
  if [ "$check_only" -eq 1 ]; then
    if [ -n "$found" ]; then echo "update.sh: $row: SHA-256 $found, expected $sha256" >&2
    else echo "update.sh: $row: missing, expected SHA-256 $sha256" >&2; fi
    bad=$((bad + 1))
    continue
  fi
  url=$base/$repo/$commit/$path
  mkdir -p "$(dirname "$dest")"
  partial=$(mktemp "$dest.XXXXXX.partial")
  if ! curl -fsSL --connect-timeout "$connect_timeout" --max-time 300 --retry 1 -o "$partial" "$url"; then
    echo "update.sh: $row: could not download $url; nothing was written for it. Offline? Set PICLUSTER_SCHEMAS to a folder that holds the files instead." >&2
    exit 1
  fi
  got=$(sha256_of "$partial")
  if [ "$got" != "$sha256" ]; then
    echo "update.sh: $row: $url has SHA-256 $got, sources.tsv pins $sha256; nothing was written for it." >&2
    exit 1
  fi
  mv -f "$partial" "$dest"
  partial=""
  fetched=$((fetched + 1))
done < "$list"

if [ "$check_only" -eq 1 ]; then
  if [ "$bad" -gt 0 ]; then
    echo "update.sh: $bad of $((kept + bad)) listed files in $dir are missing or differ; fetch them with: $fix" >&2
    exit 1
  fi
  echo "$kept files in $dir match sources.tsv."
  exit 0
fi
echo "$((kept + fetched)) files in $dir match sources.tsv ($fetched downloaded, $kept already there)."
