#!/bin/sh
# flannel: the pod network, from the rendered manifest uploaded to MANIFEST (rendered/infrastructure/controllers/
# flannel.yaml). bootstrap applies it before Flux exists; once Flux's root Kustomization flux-system exists, Flux owns it.
# Parameters: MODE (check: exit 0 done / 1 needed / 2 cannot tell; apply), ADMIN_CONF, MANIFEST, NAMESPACES (those the
# manifest uses), OBJECTS (how many objects it holds).
# Before Flux: client-side `kubectl diff -f` (0 same, 1 differs) after the namespaces exist (diff's server dry run
# fails with exit 2 on a missing namespace), and `kubectl apply -f`.
# After Flux: kustomize-controller applies flannel server-side as its own field manager and removes kubectl's
# last-applied-configuration annotation and field managers (fluxcd/pkg ssa ApplyCleanupOptions, as
# fluxcd/kustomize-controller sets them). A client-side diff would then always differ (it would add the annotation back)
# and `kubectl apply` would take the objects back from Flux on every run; a server-side diff as kustomize-controller
# would drop the labels Flux adds. So the check asks only that every object exists — Flux keeps their content as Git
# says (and never prunes them: kustomize.toolkit.fluxcd.io/prune: disabled) — and the action only creates the missing
# ones (`kubectl create`, whose field manager Flux's cleanup takes over), e.g. when the pod network is down and Flux's
# own pods cannot start.
set -eu
ROOT="${NODE_ROOT:-}"
kubectl() { command kubectl --kubeconfig "$ROOT$ADMIN_CONF" "$@"; }

# Flux owns flannel once its Kustomization API exists and the root Kustomization is there.
flux_owns() {
    if ! api=$(kubectl api-resources --api-group=kustomize.toolkit.fluxcd.io -o name); then
        echo "cannot list the kustomize.toolkit.fluxcd.io API" >&2
        exit 2
    fi
    printf '%s\n' "$api" | grep -qx 'kustomizations.kustomize.toolkit.fluxcd.io' || return 1
    if ! root=$(kubectl get kustomizations.kustomize.toolkit.fluxcd.io flux-system -n flux-system --ignore-not-found -o name); then
        echo "cannot read Kustomization flux-system/flux-system" >&2
        exit 2
    fi
    [ -n "$root" ]
}

case "$MODE" in
check)
    for ns in $NAMESPACES; do
        if ! found=$(kubectl get namespace "$ns" --ignore-not-found -o name); then
            echo "cannot read namespace $ns" >&2
            exit 2
        fi
        [ -n "$found" ] || exit 1
    done
    if flux_owns; then
        if ! existing=$(kubectl get -f "$ROOT$MANIFEST" --ignore-not-found -o name); then
            echo "cannot read the objects of $MANIFEST" >&2
            exit 2
        fi
        [ "$(printf '%s\n' "$existing" | grep -c .)" -eq "$OBJECTS" ] || exit 1
    else
        kubectl diff -f "$ROOT$MANIFEST" > /dev/null
    fi
    ;;
apply)
    if flux_owns; then
        # AlreadyExists for the objects that are there is expected; any other error is not.
        if ! out=$(kubectl create -f "$ROOT$MANIFEST" 2>&1); then
            if printf '%s\n' "$out" | grep '^Error' | grep -qv '(AlreadyExists)'; then
                printf '%s\n' "$out" >&2
                exit 1
            fi
        fi
    else
        kubectl apply -f "$ROOT$MANIFEST"
    fi
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
