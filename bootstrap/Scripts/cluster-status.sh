#!/bin/sh
# cluster-status: read-only facts about the cluster for `bootstrap status`, run on the control plane; one PART per call.
#   control-plane  the image tag of each control-plane static pod ("<component> <tag>" lines)
#   certs          `kubeadm certs check-expiration -o json` (kubernetes/kubernetes cmd/kubeadm/app/cmd/certs.go; output
#                  API output.kubeadm.k8s.io/v1alpha3 CertificateExpirationInfo: certificates[] and
#                  certificateAuthorities[] with name, expirationDate, residualTime in seconds, missing)
#   etcd           etcd's /health and its DB size from /metrics on the metrics URL kubeadm's config opens (plain HTTP)
#   backup         the newest etcd-<stamp>.db in the backup folder on NFS, mounted read-only like the NFS preflight does
#                  on a mktemp -d mount point, unmounted and removed on exit
#   flux           Flux's Kustomizations and HelmReleases as JSON (empty when Flux's CRDs are not installed)
# Parameters: MODE (check only: it reads), PART, ADMIN_CONF, ETCD_METRICS_URL, SERVER, EXPORT_PATH, SUBPATH, OPTIONS.
set -eu
case "$MODE" in check) ;; *) echo "MODE must be check (this script only checks), not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
kubectl() { command kubectl --kubeconfig "$ROOT$ADMIN_CONF" "$@"; }
fetch() { if command -v wget > /dev/null 2>&1; then wget -q -T 10 -O - "$1"; else curl -fsS -m 10 "$1"; fi; }
case "$PART" in
control-plane)
    for c in kube-apiserver kube-controller-manager kube-scheduler etcd; do
        tag=$(sed -n "s|^[[:space:]]*image:[[:space:]]*[^[:space:]]*/$c:\\([^[:space:]]*\\)\$|\\1|p" "$ROOT/etc/kubernetes/manifests/$c.yaml" 2> /dev/null | head -n 1)
        echo "$c ${tag:-missing}"
    done
    ;;
certs)
    kubeadm certs check-expiration -o json
    ;;
etcd)
    if health=$(fetch "$ETCD_METRICS_URL/health" 2>&1); then echo "health=$health"; else echo "health_error=$health" | head -n 1; fi
    fetch "$ETCD_METRICS_URL/metrics" 2> /dev/null | awk '$1 == "etcd_mvcc_db_total_size_in_bytes" || $1 == "etcd_server_quota_backend_bytes" { printf "%s=%.0f\n", $1, $2 }' || true
    ;;
backup)
    # A fresh mount point per run (two status runs never share one), removed with the mount whatever happens.
    mkdir -p "$ROOT/run"
    mnt=$(mktemp -d "$ROOT/run/picluster-status-nfs.XXXXXX")
    trap 'umount "$mnt" 2> /dev/null || true; rmdir "$mnt" 2> /dev/null || true' EXIT
    if ! error=$(mount -t nfs -o "$OPTIONS,ro" "$SERVER:$EXPORT_PATH" "$mnt" 2>&1); then
        echo "mount_error=$error" | head -n 1
        exit 0
    fi
    newest=""
    for f in "$mnt/$SUBPATH"/etcd-*Z.db; do
        if [ -f "$f" ]; then newest=${f##*/}; fi
    done
    echo "newest=$newest"
    ;;
flux)
    if ! kubectl get crd kustomizations.kustomize.toolkit.fluxcd.io > /dev/null 2>&1; then
        echo '{"items": null}'
        exit 0
    fi
    kubectl get kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io --all-namespaces -o json
    ;;
*)
    echo "PART must be control-plane, certs, etcd, backup or flux, not $PART" >&2
    exit 2
    ;;
esac
