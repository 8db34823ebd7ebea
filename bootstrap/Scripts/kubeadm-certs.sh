#!/bin/sh
# kubeadm-certs: kubeadm's certificates on the control plane (kubernetes/kubernetes cmd/kubeadm/app/cmd/certs.go).
# MODE=check prints `kubeadm certs check-expiration -o json` (output.kubeadm.k8s.io/v1alpha3
# CertificateExpirationInfo: certificates[] and certificateAuthorities[] with name, residualTime in seconds, missing);
# MODE=apply runs `kubeadm certs renew all`: every leaf certificate and kubeconfig signed by the local CAs that exists
# (a missing one is reported "MISSING!" and not created), never the CAs; the four static pods must then restart.
# Parameters: MODE.
set -eu
case "$MODE" in
check) kubeadm certs check-expiration -o json ;;
apply) kubeadm certs renew all ;;
*)
    echo "MODE must be check or apply, not $MODE" >&2
    exit 2
    ;;
esac
