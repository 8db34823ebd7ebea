#!/bin/sh
# FAKE PKI helper for the kubeadm and kubectl fakes (installed as `fake-pki`): real X.509 material made with openssl,
# so what the fakes claim about certificates can be checked the way the cluster checks it.
#   ca <pki-dir> <base> <CN>   a self-signed CA <base>.crt/<base>.key, made only when the pair is absent; prints
#                              kubeadm's line for either case (kubernetes/kubernetes cmd/kubeadm/app/cmd/phases/init/
#                              certs.go runCAPhase: "[certs] Using existing <base> certificate authority" when the .crt
#                              and .key are on disk, else CreateCACertAndKeyFiles: "[certs] Generating \"<base>\" …").
#   sa <pki-dir>               sa.key/sa.pub, kept when sa.key exists (certs.go runCertsSa → phases/certs
#                              CreateServiceAccountKeyAndPublicKeyFiles: an existing key is used).
#   client <ca-crt> <ca-key> <out.pem> <CN> <O>   a client certificate and its key in one PEM, signed by the CA (what
#                              kube-controller-manager's CSR signer issues to a kubelet after its TLS bootstrap, and what
#                              kubeadm writes into admin.conf).
#   verify <ca-crt> <pem>      exit 0 when the PEM's certificate chains to the CA: how kube-apiserver authenticates a
#                              client certificate against --client-ca-file (kubeadm sets it to pki/ca.crt).
# ECDSA P-256 keys (kubeadm's encryptionAlgorithm ECDSA-P256) keep the fake fast.
set -eu
case "$1" in
ca)
    dir=$2; base=$3; cn=$4
    if [ -f "$dir/$base.crt" ] && [ -f "$dir/$base.key" ]; then
        echo "[certs] Using existing $base certificate authority"
        exit 0
    fi
    mkdir -p "$(dirname "$dir/$base")"
    echo "[certs] Generating \"$base\" certificate and key"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj "/CN=$cn" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature,keyEncipherment \
        -keyout "$dir/$base.key" -out "$dir/$base.crt" 2> /dev/null
    chmod 600 "$dir/$base.key" ;;
sa)
    dir=$2
    if [ -f "$dir/sa.key" ]; then echo "[certs] Using the existing \"sa\" key"; exit 0; fi
    echo "[certs] Generating \"sa\" key and public key"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$dir/sa.key" 2> /dev/null
    openssl pkey -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2> /dev/null
    chmod 600 "$dir/sa.key" ;;
client)
    ca=$2; cakey=$3; out=$4; cn=$5; org=$6
    work=$(mktemp -d)
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/O=$org/CN=$cn" \
        -keyout "$work/key" -out "$work/csr" 2> /dev/null
    # A random serial instead of -CAcreateserial, which would leave a ca.srl in the control plane's pki folder.
    serial=0x$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
    openssl x509 -req -in "$work/csr" -CA "$ca" -CAkey "$cakey" -set_serial "$serial" -days 365 -out "$work/crt" 2> /dev/null
    mkdir -p "$(dirname "$out")"
    cat "$work/crt" "$work/key" > "$out"
    chmod 600 "$out"
    rm -rf "$work" ;;
verify)
    openssl verify -CAfile "$2" "$3" > /dev/null 2>&1 ;;
*) echo "fake-pki: unsupported $*" >&2; exit 99 ;;
esac
