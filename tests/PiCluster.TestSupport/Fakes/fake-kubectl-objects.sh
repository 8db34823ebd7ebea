#!/bin/sh
# FAKE kubectl object store, installed as `fake-kubectl-objects` on full fake nodes (their kubectl hands it manifests
# and object queries) and as `kubectl` itself where a test needs only objects (flux, secrets, reset, etcd restore).
# Applied objects are files under $FAKE_CLUSTER/kube/objects/<Kind>/<namespace or _>/<name>, one document each.
# Subcommands: apply -f - (stdin), diff -f - (exit 0 same / 1 differs / 2 error), get <kind> <name>
# --ignore-not-found -o name, drain, delete node, and wait (Ready once the Flux sync objects were applied). Every call's
# arguments — never its stdin — are appended to $FAKE_CLUSTER/kube/calls.log.
# Upstream: kubernetes/kubectl pkg/cmd/diff/diff.go (exit 0 no differences, 1 differences, >1 error; the MERGED side is
# a server dry run, so an object in a namespace that does not exist yet fails with NotFound) and
# pkg/cmd/util/helpers.go CheckDiffErr (errors exit with code + 1 = 2). The four namespaces kube-apiserver creates
# itself always exist. No `set -eu`: absent objects and unset options are data here.
store="$FAKE_CLUSTER/kube"
mkdir -p "$store/objects"
echo "$*" >> "$store/calls.log"
# Drop global flags; the first remaining word is the subcommand.
ns=""
args=""
while [ $# -gt 0 ]; do
    case "$1" in
        --kubeconfig=*) ;;
        --kubeconfig) shift ;;
        -n) shift; ns="$1" ;;
        *) args="$args $1" ;;
    esac
    shift
done
# shellcheck disable=SC2086
set -- $args
verb="$1"; shift
split() {
    # stdin documents → one file per object in $1, named Kind@namespace@name
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
# Namespaces that exist: kube-apiserver creates these four itself; the rest only once applied.
namespace_exists() {
    case "$1" in default|kube-system|kube-public|kube-node-lease) return 0 ;; esac
    [ -f "$store/objects/Namespace/_/$1" ]
}
case "$verb" in
    apply|diff)
        tmp=$(mktemp -d)
        split "$tmp"
        differs=0
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
            if [ "$verb" = apply ]; then
                mkdir -p "$(dirname "$target")"
                cp "$f" "$target"
                echo "$kind/$name $state (fake kubectl)"
            fi
        done
        rm -rf "$tmp"
        [ "$verb" = apply ] && exit 0
        exit "$differs"
        ;;
    get)
        kind="$1"; name="$2"
        case "$kind" in secret) kind=Secret ;; namespace) kind=Namespace ;; node) kind=Node ;; esac
        [ -f "$store/objects/$kind/${ns:-_}/$name" ] && echo "$(echo "$kind" | tr '[:upper:]' '[:lower:]')/$name"
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
            *kustomization*) [ -f "$store/objects/Kustomization/flux-system/flux-system" ] || exit 1 ;;
        esac
        exit 0
        ;;
    *)
        echo "fake kubectl: $verb is not faked" >&2
        exit 3
        ;;
esac
