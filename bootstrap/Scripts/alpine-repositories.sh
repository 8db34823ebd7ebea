#!/bin/sh
# alpine-repositories: the OS repositories (main and community, untagged) of one Alpine branch. Tagged lines (the
# @k8s repository) and local ones (the boot media's apks/) stay as they are.
# Parameters: MODE (check: exit 0 when main and community of BRANCH are configured and no other branch's / 1 otherwise;
# apply: rewrite the branch of every untagged mirror line, add what is missing, apk update), MIRROR, BRANCH (e.g. v3.25).
set -eu
ROOT="${NODE_ROOT:-}"
file="$ROOT/etc/apk/repositories"
# Untagged mirror lines naming a branch: ".../v3.24/main", ".../edge/community".
branch_lines() { grep -E '^[[:space:]]*[a-z]+://[^[:space:]]*/(v[0-9]+\.[0-9]+|edge)/(main|community)/?[[:space:]]*$' "$file" || true; }
case "$MODE" in
check)
    lines=$(branch_lines)
    for repo in main community; do
        echo "$lines" | grep -Eq "/$BRANCH/$repo/?\$" || exit 1
    done
    if echo "$lines" | grep -Ev "/$BRANCH/(main|community)/?\$" | grep -q .; then exit 1; fi
    ;;
apply)
    sed -E "/^[[:space:]]*[a-z]+:\\/\\//s#/(v[0-9]+\\.[0-9]+|edge)/(main|community)/?[[:space:]]*\$#/$BRANCH/\\2#" "$file" > "$file.picluster-new"
    for repo in main community; do
        grep -Eq "^[[:space:]]*[a-z]+://[^[:space:]]*/$BRANCH/$repo/?\$" "$file.picluster-new" || echo "$MIRROR/$BRANCH/$repo" >> "$file.picluster-new"
    done
    mv "$file.picluster-new" "$file"
    apk update
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
