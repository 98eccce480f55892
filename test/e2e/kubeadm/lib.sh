# Shared by the real kubeadm fixture's scripts: paths, logging, the fixture's own docker client.
# shellcheck shell=bash

readonly KH_CACHE_ROOT="${KUBEHOP_CACHE_DIR:-/var/cache/kubehop}"
readonly KH_CACHE="${KH_CACHE_ROOT}/kubeadm"
readonly KH_FIXTURE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly KH_REPO_ROOT="$(cd "$KH_FIXTURE_DIR/../../.." && pwd)"

# The two versions the fixture serves: v1.20.2 built from Debian's source, and the same code
# linked as v1.21.0 (see README). Package versions follow the retired Google repository's scheme.
readonly KH_VERSIONS=(1.20.2 1.21.0)
kh_bin_dir() {
  case "$1" in
    1.20.2) echo "${KH_CACHE_ROOT}/kubernetes-v1.20.2/bin" ;;
    1.21.0) echo "${KH_CACHE_ROOT}/kubernetes-v1.21.0-relabelled/bin" ;;
    *) echo "unknown version $1" >&2; return 1 ;;
  esac
}

# The fixture's private network: nodes on a bridge of their own that cannot reach outside.
readonly KH_NET=kubehop-rk
readonly KH_BRIDGE=br-kubehop
readonly KH_SUBNET=10.250.0.0/24
readonly KH_HOST_IP=10.250.0.1
readonly KH_REGISTRY="registry.rk:5000"
readonly KH_NODE_IMAGE="kubehop/kubeadm-node:bookworm"
readonly KH_POD_SUBNET=10.244.0.0/16

# The private dockerd: its own data root (cached: the node image survives between runs), exec
# root and socket, so it never meets another docker on the host.
readonly KH_DOCKER_ROOT="${KH_CACHE}/docker"
readonly KH_DOCKER_SOCK=/run/kubehop-docker.sock
readonly KH_DOCKER_EXEC_ROOT=/run/kubehop-docker
readonly KH_RUNTIME_WRAPPER=/usr/local/libexec/kubehop/runc-nosysres

# Debian's client, matching Debian's daemon (another docker client may be first on PATH).
kh_docker() { /usr/bin/docker -H "unix://${KH_DOCKER_SOCK}" "$@"; }

kh_log() { printf '[%s %s] %s\n' "${KH_SCRIPT:-kubeadm-fixture}" "$(date +%T)" "$*"; }
kh_die() { printf '[%s] error: %s\n' "${KH_SCRIPT:-kubeadm-fixture}" "$*" >&2; exit 1; }
kh_elapsed() { echo "$(( $(date +%s) - $1 ))s"; }
kh_require_root() { [[ $(id -u) -eq 0 ]] || kh_die "must run as root (dockerd, iptables, ${KH_CACHE})"; }
