#!/bin/sh
# kubeadm-join: joins this worker as NODE. The API endpoint, token and CA hash arrive on stdin, one a line, so the
# token never appears on a command line, in a file or a log. Parameters: NODE.
set -eu
IFS= read -r endpoint
IFS= read -r token
IFS= read -r hash
kubeadm join "$endpoint" --token "$token" --discovery-token-ca-cert-hash "$hash" --node-name "$NODE"
