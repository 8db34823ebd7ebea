#!/usr/bin/env bash
# Refreshes schemas/ from upstream: every row of sources.tsv is fetched at its commit or tag and written over the
# local copy. To move to a new release: edit the commit/tag (and version) columns in sources.tsv, bump the chart
# version in helm-values/charts.json, run this script, review `git diff schemas/`, then `dotnet run --project
# generators validate` and update SOURCES.md's tables to match.
# Needs curl and network access to GitHub; nothing else in the repository reads from the network.
set -euo pipefail
cd "$(dirname "$0")"
base=${PICLUSTER_SCHEMAS_BASE_URL:-https://raw.githubusercontent.com}
changed=0
while IFS=$'\t' read -r file repo ref path _version _licence; do
  case $file in ''|'#'*) continue ;; esac
  mkdir -p "$(dirname "$file")"
  tmp=$(mktemp "$file.XXXXXX")
  if ! curl -fsSL --retry 3 -o "$tmp" "$base/$repo/$ref/$path"; then
    rm -f "$tmp"
    echo "update.sh: could not fetch $repo@$ref:$path (for $file)" >&2
    exit 1
  fi
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv "$tmp" "$file"; echo "updated $file"; changed=$((changed + 1)); fi
done < sources.tsv
echo "$changed file(s) changed; review with: git diff -- schemas/"
