#!/bin/sh
# FAKE kubectl object store, installed as `fake-kubectl-objects` on full fake nodes (their kubectl hands it manifests
# and object queries) and as `kubectl` itself where a test needs only objects (flux, secrets, reset, etcd restore).
# Applied objects are files under $FAKE_CLUSTER/kube/objects/<Kind>/<namespace or _>/<name>, one document each; beside
# each, <name>.managers says who manages it: "last-applied" while it carries kubectl's
# kubectl.kubernetes.io/last-applied-configuration annotation (client-side `apply` sets it; `apply --server-side` and
# `create` do not), and "manager <field manager>" lines.
# Subcommands: apply / diff / create / get with -f <file> or -f - (stdin), [--server-side] [--field-manager=X];
# get <kind> <name> --ignore-not-found -o name; api-resources --api-group=G -o name (from the stored CRDs); drain;
# delete node; wait (Ready once the Flux sync objects were applied). Every call's arguments — never its stdin — are
# appended to $FAKE_CLUSTER/kube/calls.log.
# Upstream: kubernetes/kubectl pkg/cmd/diff/diff.go (exit 0 no differences, 1 differences, >1 error; the MERGED side is
# a server dry run, so an object in a namespace that does not exist yet fails with NotFound; a client-side diff is a
# dry-run client-side apply, which adds the last-applied-configuration annotation an object lacks) and
# pkg/cmd/util/helpers.go CheckDiffErr (errors exit with code + 1 = 2); `create` of an existing object reports
# "Error from server (AlreadyExists)" and exits 1 after creating the others. The four namespaces kube-apiserver creates
# itself always exist.
# FAKE Flux: when `kubectl wait` finds the root Kustomization flux-system Ready, kustomize-controller has applied the
# tree: every stored object listed in $FAKE_CLUSTER/flux/tree ("Kind@namespace@name" lines, written by the test from
# rendered/) is adopted the way fluxcd/kustomize-controller's server-side apply leaves it — field manager
# kustomize-controller, kubectl's last-applied annotation and kubectl field managers removed (fluxcd/pkg ssa
# ApplyCleanupOptions: Annotations [last-applied-configuration], FieldManagers kubectl Apply/Update, before-first-apply).
# Flux's ownership labels are metadata the fake does not model; a server-side diff as another manager leaves them alone.
# No `set -eu`: absent objects and unset options are data here.
store="$FAKE_CLUSTER/kube"
mkdir -p "$store/objects"
echo "$*" >> "$store/calls.log"
# Drop global flags and collect the options; the first remaining word is the subcommand.
ns=""
args=""
file=""
server_side=no
manager=""
while [ $# -gt 0 ]; do
    case "$1" in
        --kubeconfig=*) ;;
        --kubeconfig) shift ;;
        -n) shift; ns="$1" ;;
        -f) shift; file="$1" ;;
        --server-side) server_side=yes ;;
        --field-manager=*) manager=${1#--field-manager=} ;;
        --force-conflicts|--ignore-not-found) ;;
        -o) shift ;;
        *) args="$args $1" ;;
    esac
    shift
done
# shellcheck disable=SC2086
set -- $args
verb="$1"; shift
split() {
    # the manifest's documents → one file per object in $1, named Kind@namespace@name
    awk -v out="$1" '
        function flush() {
            if (kind != "") { f = out "/" kind "@" (space == "" ? "_" : space) "@" name; printf "%s", doc > f; close(f) }
            kind = ""; name = ""; space = ""; doc = ""; meta = 0
        }
        /^---/ { flush(); next }
        /^#/ { next }
        { doc = doc $0 "\n" }
        /^kind: / { kind = $2 }
        /^metadata:/ { meta = 1; next }
        /^[^ ]/ { meta = 0 }
        meta && /^  name: / && name == "" { name = $2 }
        meta && /^  namespace: / { space = $2 }
        END { flush() }'
}
manifest() { if [ -z "$file" ] || [ "$file" = - ]; then cat; else cat "$file"; fi; }
# Namespaces that exist: kube-apiserver creates these four itself; the rest only once applied.
namespace_exists() {
    case "$1" in default|kube-system|kube-public|kube-node-lease) return 0 ;; esac
    [ -f "$store/objects/Namespace/_/$1" ]
}
lower() { echo "$1" | tr '[:upper:]' '[:lower:]'; }
# Flux's kustomize-controller takes over every object of the Git tree it applied.
flux_adopts() {
    [ -f "$FAKE_CLUSTER/flux/tree" ] || return 0
    while IFS= read -r id; do
        kind=${id%%@*}; rest=${id#*@}; space=${rest%%@*}; name=${rest#*@}
        target="$store/objects/$kind/$space/$name"
        [ -f "$target" ] || continue
        { grep -v -e '^last-applied$' -e '^manager kubectl' -e '^manager before-first-apply' "$target.managers" 2> /dev/null
          echo "manager kustomize-controller"; } | sort -u > "$target.managers.tmp"
        mv "$target.managers.tmp" "$target.managers"
    done < "$FAKE_CLUSTER/flux/tree"
}
case "$verb" in
    apply|diff|create|get)
        if [ "$verb" = get ] && [ -z "$file" ]; then
            kind="$1"; name="$2"
            case "$kind" in secret) kind=Secret ;; namespace) kind=Namespace ;; node) kind=Node ;; kustomizations.kustomize.toolkit.fluxcd.io) kind=Kustomization ;; esac
            [ -f "$store/objects/$kind/${ns:-_}/$name" ] && echo "$(lower "$kind")/$name"
            exit 0
        fi
        tmp=$(mktemp -d)
        manifest | split "$tmp"
        differs=0
        code=0
        # kubernetes/kubectl pkg/cmd/diff/diff.go: the MERGED version is a server dry-run create/patch; for an
        # object whose namespace does not exist the API answers NotFound (even when the same manifest holds the
        # Namespace: a dry run creates nothing) and cmdutil.CheckDiffErr exits with code 1 + 1 = 2.
        if [ "$verb" = diff ]; then
            for f in "$tmp"/*; do
                [ -e "$f" ] || continue
                rest=${f##*/}; rest=${rest#*@}; space=${rest%%@*}
                if [ "$space" != _ ] && ! namespace_exists "$space"; then
                    echo "Error from server (NotFound): namespaces \"$space\" not found" >&2
                    rm -rf "$tmp"
                    exit 2
                fi
            done
        fi
        for f in "$tmp"/*; do
            [ -e "$f" ] || continue
            id=$(basename "$f")
            kind=${id%%@*}; rest=${id#*@}; space=${rest%%@*}; name=${rest#*@}
            target="$store/objects/$kind/$space/$name"
            if [ -f "$target" ] && cmp -s "$f" "$target"; then state=unchanged; else state=changed; differs=1; fi
            case "$verb" in
            apply)
                mkdir -p "$(dirname "$target")"
                cp "$f" "$target"
                if [ "$server_side" = yes ]; then
                    { cat "$target.managers" 2> /dev/null; echo "manager ${manager:-kubectl}"; } | sort -u > "$target.managers.tmp"
                else
                    { grep -v '^last-applied$' "$target.managers" 2> /dev/null; echo last-applied; echo "manager kubectl-client-side-apply"; } | sort -u > "$target.managers.tmp"
                fi
                mv "$target.managers.tmp" "$target.managers"
                echo "$(lower "$kind")/$name $state (fake kubectl)" ;;
            diff)
                # A client-side diff would add the last-applied annotation back to an object that lacks it.
                if [ "$server_side" = no ] && [ -f "$target" ] && ! grep -qx last-applied "$target.managers" 2> /dev/null; then differs=1; fi ;;
            create)
                if [ -f "$target" ]; then
                    echo "Error from server (AlreadyExists): error when creating \"${file:-STDIN}\": $(lower "$kind")s \"$name\" already exists" >&2
                    code=1
                else
                    mkdir -p "$(dirname "$target")"
                    cp "$f" "$target"
                    echo "manager kubectl-create" > "$target.managers"
                    echo "$(lower "$kind")/$name created (fake kubectl)"
                fi ;;
            get) [ ! -f "$target" ] || echo "$(lower "$kind")/$name" ;;
            esac
        done
        rm -rf "$tmp"
        case "$verb" in
        diff) exit "$differs" ;;
        *) exit "$code" ;;
        esac
        ;;
    api-resources)
        # The resource types the stored CustomResourceDefinitions of one API group add, as "<plural>.<group>".
        group=""
        for a in "$@"; do case "$a" in --api-group=*) group=${a#--api-group=} ;; esac; done
        for crd in "$store/objects/CustomResourceDefinition/_"/*; do
            [ -f "$crd" ] || continue
            case "$crd" in *.managers) continue ;; esac
            awk -v g="$group" '/^  group: / { grp = $2 } /^    plural: / { plural = $2 } END { if (grp == g && plural != "") print plural "." grp }' "$crd"
        done
        exit 0
        ;;
    drain)
        echo "node/$1 drained (fake kubectl)"
        exit 0
        ;;
    delete)
        [ "$1" = node ] && rm -f "$store/objects/Node/_/$2" && echo "node/$2 deleted (fake kubectl)"
        exit 0
        ;;
    wait)
        case "$*" in
            *kustomization*)
                [ -f "$store/objects/Kustomization/flux-system/flux-system" ] || exit 1
                flux_adopts ;;
        esac
        exit 0
        ;;
    *)
        echo "fake kubectl: $verb is not faked" >&2
        exit 3
        ;;
esac
