#!/bin/sh
# kubeadm-certs: kubeadm's certificates on the control plane (kubernetes/kubernetes cmd/kubeadm/app/cmd/certs.go).
# ACTION=check-expiration prints `kubeadm certs check-expiration -o json` (output.kubeadm.k8s.io/v1alpha3
# CertificateExpirationInfo: certificates[] and certificateAuthorities[] with name, residualTime in seconds, missing);
# ACTION=renew runs `kubeadm certs renew all`: every leaf certificate and kubeconfig signed by the local CAs that exists
# (a missing one is reported "MISSING!" and not created), never the CAs; the four static pods must then restart.
# Parameters: ACTION (check-expiration | renew).
set -eu
case "$ACTION" in
check-expiration) kubeadm certs check-expiration -o json ;;
renew) kubeadm certs renew all ;;
*)
    echo "ACTION must be check-expiration or renew, not $ACTION" >&2
    exit 2
    ;;
esac
