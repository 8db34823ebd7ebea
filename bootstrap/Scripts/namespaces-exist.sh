#!/bin/sh
# namespaces-exist: the first part of a kubectl diff check. kubectl diff's server dry run fails (exit 2) for an object
# whose namespace does not exist yet, so a missing namespace answers "needed" (1) first; 2 when kubectl cannot answer.
# A failing kubectl inside $(…) is caught explicitly: under set -e it would exit 1 and read as "needed".
# Parameters: MODE (check only), KUBECONFIG_FILE, NAMESPACES (space-separated), DRAIN_STDIN (yes: read the manifest on stdin to its end
# before exiting early, so the sender never writes into a closed channel). The caller's diff command follows.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
for ns in $NAMESPACES; do
    if ! found=$(kubectl --kubeconfig "$ROOT$KUBECONFIG_FILE" get namespace "$ns" --ignore-not-found -o name); then
        echo "cannot read namespace $ns" >&2
        exit 2
    fi
    if [ -z "$found" ]; then
        if [ "$DRAIN_STDIN" = yes ]; then cat > /dev/null; fi
        exit 1
    fi
done
