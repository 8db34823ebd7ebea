#!/bin/sh
# pki-restore: puts the cluster's shared keys back from the staged backup's PKI archive (etcd-backup.sh archives
# /etc/kubernetes/pki as ./…): the cluster CA, the service-account signing key pair, the front-proxy CA and the etcd CA
# — what kubeadm calls the shared certificates (kubernetes/kubernetes cmd/kubeadm/app/phases/certs/certs.go
# SharedCertificateExists). Leaf certificates are left for kubeadm init to issue from these CAs: its certs phase uses a
# CA found on disk with its key ("[certs] Using existing ca certificate authority", cmd/kubeadm/app/cmd/phases/init/
# certs.go runCAPhase) and an existing sa.key, so every kubeconfig, kubelet certificate and ServiceAccount token the
# old control plane issued stays valid.
# MODE=check: exit 0 when every file is in PKI_DIR with the archive's content, 1 when none is there yet, 2 when PKI_DIR
#   already holds another cluster's keys (kubeadm init ran on this card: reset it first).
# MODE=apply: writes the files (keys 0600, certificates 0644); refuses an archive missing one of them.
# Parameters: MODE, STAGE_DIR (holds "stamp" and etcd-<stamp>.pki.tar.gz), PKI_DIR, FILES (paths relative to PKI_DIR).
set -eu
case "$MODE" in check | apply) ;; *) echo "MODE must be check or apply, not $MODE" >&2; exit 2 ;; esac
ROOT="${NODE_ROOT:-}"
stage="$ROOT$STAGE_DIR"
pki="$ROOT$PKI_DIR"
[ -f "$stage/stamp" ] || { echo "no backup staged in $STAGE_DIR (the backup step comes first)" >&2; exit 2; }
archive="$stage/etcd-$(cat "$stage/stamp").pki.tar.gz"

umask 077
work="$stage/pki.$$"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
for f in $FILES; do
    [ -f "$work/$f" ] || { echo "the PKI archive $archive has no $f: this backup cannot rebuild the control plane; choose another (--backup)" >&2; exit 2; }
done

case "$MODE" in
check)
    present=0
    differ=""
    for f in $FILES; do
        [ -e "$pki/$f" ] || continue
        present=$((present + 1))
        cmp -s "$work/$f" "$pki/$f" || differ="$differ $f"
    done
    if [ -n "$differ" ]; then
        echo "$PKI_DIR already holds other keys than the backup ($differ): kubeadm init has run on this card and made a new CA. Run \`bootstrap reset --node <control plane>\`, then rerun." >&2
        exit 2
    fi
    [ "$present" -gt 0 ] || exit 1
    for f in $FILES; do [ -e "$pki/$f" ] || exit 1; done
    ;;
apply)
    for f in $FILES; do
        mkdir -p "$(dirname "$pki/$f")"
        case "$f" in *.key) file_mode=0600 ;; *) file_mode=0644 ;; esac
        cp "$work/$f" "$pki/$f.tmp"
        chmod "$file_mode" "$pki/$f.tmp"
        mv -f "$pki/$f.tmp" "$pki/$f"
    done
    echo "restored $FILES from $(basename "$archive") into $PKI_DIR"
    ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
