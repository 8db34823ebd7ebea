#!/usr/bin/env bash
# The README's test command: installs what the integration tests need when it is missing (Debian/Ubuntu packages),
# then runs every test (unit + integration). Extra arguments go to `dotnet test`.
# As root it installs; otherwise it prints the exact sudo line and exits 1.
# Inner loop without any of this: dotnet test tests/PiCluster.UnitTests
set -euo pipefail
cd "$(dirname "$0")"

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

need=()
have sshd || need+=(openssh-server)
have ssh-keygen || need+=(openssh-client)
have etcd || need+=(etcd-server)
have etcdctl || need+=(etcd-client)
have shellcheck || need+=(shellcheck)
have age || need+=(age)
have sfdisk || need+=(fdisk)
have mkfs.vfat || need+=(dosfstools)
have mcopy || need+=(mtools)
have git || need+=(git)
have promtool || need+=(prometheus)  # promtool: the etcd-backup alert rule tests
if ! have kubectl; then
  # Debian ships kubectl as kubernetes-client (trixie on); a Kubernetes apt repository names it kubectl.
  kubectl_pkg=""
  for candidate in kubectl kubernetes-client; do
    if apt-cache policy "$candidate" 2>/dev/null | grep -q 'Candidate: [0-9]'; then kubectl_pkg=$candidate; break; fi
  done
  need+=("${kubectl_pkg:-kubectl}")
fi

mkdir_sshd=0
[ -d /run/sshd ] || mkdir_sshd=1

if [ ${#need[@]} -gt 0 ] || [ $mkdir_sshd -eq 1 ]; then
  if [ "${EUID:-$(id -u)}" -eq 0 ]; then
    if [ ${#need[@]} -gt 0 ]; then
      echo "test.sh: installing ${need[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    mkdir -p /run/sshd
  else
    echo "test.sh: the integration tests need more than this machine has. Run:" >&2
    line=""
    [ ${#need[@]} -gt 0 ] && line="sudo apt-get install -y ${need[*]}"
    if [ $mkdir_sshd -eq 1 ]; then line="${line:+$line && }sudo mkdir -p /run/sshd"; fi
    echo "  $line" >&2
    echo "then run ./test.sh again (or run only the unit tests: dotnet test tests/PiCluster.UnitTests)." >&2
    exit 1
  fi
fi

exec dotnet test PiCluster.sln "$@"
