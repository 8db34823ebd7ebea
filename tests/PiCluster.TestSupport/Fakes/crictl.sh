#!/bin/sh
# FAKE crictl (kubernetes-sigs/cri-tools), `pods --name <regex> --state ready -o json` only: the kubelet runs a static
# pod while its manifest is in /etc/kubernetes/manifests and starts it anew when the manifest (re)appears, so a pod
# "<component>-<node>" is ready exactly while /etc/kubernetes/manifests/<component>.yaml exists, created when that file
# last changed (its ctime: a move or a rewrite), a new sandbox id each time. After kubernetes-sigs/cri-tools cmd/crictl/sandbox.go (--name is a
# regular expression on the pod's metadata.name, --state ready|notready) and cmd/crictl/util.go protobufObjectToJSON
# (protojson, two-space indent: the int64 createdAt, nanoseconds, is a quoted string).
# shellcheck source=_common.sh
. "$(dirname "$0")/_common.sh"

[ "$1" = pods ] || { echo "fake crictl: unsupported $*" >&2; exit 99; }
shift
pattern=""; state=""; output=""
while [ $# -gt 0 ]; do
    case "$1" in
    --name) pattern=$2; shift 2 ;;
    --state) state=$2; shift 2 ;;
    -o | --output) output=$2; shift 2 ;;
    *) echo "fake crictl: unsupported pods option $1" >&2; exit 99 ;;
    esac
done
{ [ "$state" = ready ] && [ "$output" = json ]; } || { echo "fake crictl: only pods --state ready -o json is faked" >&2; exit 99; }
printf '{\n  "items": ['
sep=""
for f in "$R/etc/kubernetes/manifests"/*.yaml; do
    [ -f "$f" ] || continue
    pod="$(basename "$f" .yaml)-$FAKE_NODE"
    echo "$pod" | grep -Eq "$pattern" || continue
    printf '%s\n    {\n      "id": "%s",\n      "metadata": {\n        "name": "%s",\n        "namespace": "kube-system"\n      },\n      "state": "SANDBOX_READY",\n      "createdAt": "%s"\n    }' \
        "$sep" "$(echo "$pod $(stat -c %z "$f")" | sha256sum | cut -c1-64)" "$pod" "$(stat -c %Z "$f")000000000"
    sep=","
done
printf '\n  ]\n}\n'
# What the kubelet showed, for the tests' order of restarts: "<node> crictl <pattern> ready|none".
if [ -n "$sep" ]; then event crictl "$pattern" ready; else event crictl "$pattern" none; fi
