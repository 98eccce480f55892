#!/usr/bin/env bash
# Installs what the real control plane needs and, once per machine, builds the seven Kubernetes
# binaries (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kubelet, kubeadm,
# kube-proxy) v1.20.2 from Debian bookworm's `kubernetes` source package with Debian's Go toolchain,
# then links the same code again under a second version label (v1.21.0) for the real kubeadm
# fixture's upgrade. Idempotent; run as root.
#
# Env:
#   KUBEHOP_CACHE_DIR   cache root (default /var/cache/kubehop)
#   KUBEHOP_KEEP_BUILD  1 = keep the build tree after a successful build (default: removed)
#
# The binaries land in $KUBEHOP_CACHE_DIR/kubernetes-v1.20.2/bin and
# $KUBEHOP_CACHE_DIR/kubernetes-v1.21.0-relabelled/bin and are reused by later runs.
set -euo pipefail

readonly HERE="$(cd "$(dirname "$0")" && pwd)"
readonly K8S_VERSION=v1.20.2
readonly CACHE_ROOT="${KUBEHOP_CACHE_DIR:-/var/cache/kubehop}"
readonly CACHE_DIR="${CACHE_ROOT}/kubernetes-${K8S_VERSION}"
readonly BIN_DIR="${CACHE_DIR}/bin"
# A failed build keeps its tree (and Go's build cache inside it) so the next run resumes.
readonly WORK_DIR="${CACHE_DIR}/build"
readonly BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kubeadm kube-proxy)
# The second version is the same v1.20.2 code linked with another version string: Debian's source
# is the only Kubernetes source reachable offline. Only the link step runs again.
readonly RELABEL_VERSION=v1.21.0
readonly RELABEL_DIR="${CACHE_ROOT}/kubernetes-${RELABEL_VERSION}-relabelled"
readonly RELABEL_BIN_DIR="${RELABEL_DIR}/bin"
readonly REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
readonly DEBSRC_FILE=/etc/apt/sources.list.d/kubehop-debian-src.sources

log() { printf '[provision %s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[provision] error: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

[[ $(id -u) -eq 0 ]] || die "must run as root (apt-get and ${CACHE_ROOT})"

# One provisioning at a time per cache: a second one (another test run, another checkout) waits
# for the first instead of building in the same tree.
mkdir -p "$CACHE_ROOT"
exec 9>"${CACHE_ROOT}/.provision.lock"
if ! flock -n 9; then
  log "another provisioning holds ${CACHE_ROOT}/.provision.lock; waiting for it"
  flock 9
fi

t_total=$(date +%s)

install_packages() {
  local t; t=$(date +%s)
  bash "$HERE/../install-debian-packages.sh" etcd-server openssh-server golang-go golang-github-modern-go-reflect2-dev \
    openssl ca-certificates make rsync jq dpkg-dev xz-utils iproute2 curl | sed 's/^/[provision] /'
  log "packages ready ($(elapsed "$t"))"
}

binaries_cached() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "${BIN_DIR}/$b" && -x "${RELABEL_BIN_DIR}/$b" ]] || return 1; done
}

# deb-src for the same mirror and suite that /etc/apt/sources.list.d/debian.sources uses.
enable_deb_src() {
  [[ -f "$DEBSRC_FILE" ]] && return 0
  local uri
  uri=$(awk '/^URIs:/ && /debian\/?$/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  uri="${uri:-http://deb.debian.org/debian}"
  cat >"$DEBSRC_FILE" <<EOF
Types: deb-src
URIs: ${uri}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  log "wrote ${DEBSRC_FILE} (deb-src ${uri})"
  apt-get update -qq
}

# Unpacks the source into $WORK_DIR/src and swaps reflect2; a stamp marks a finished preparation.
prepare_source() {
  if [[ -f "${WORK_DIR}/.prepared" ]]; then
    log "reusing prepared tree in ${WORK_DIR} (left by an earlier failed build)"
    return 0
  fi
  local t; t=$(date +%s)
  rm -rf "$WORK_DIR"
  mkdir -p "$WORK_DIR/dl"
  (cd "$WORK_DIR/dl" && apt-get source -qq kubernetes >/dev/null 2>"$WORK_DIR/apt-source.log") \
    || die "failed to fetch the kubernetes source package: see ${WORK_DIR}/apt-source.log"
  local tree
  tree=$(find "$WORK_DIR/dl" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
  [[ -n "$tree" && -d "$tree/vendor" ]] || die "invalid kubernetes source tree in ${WORK_DIR}/dl: no vendor/"
  grep -q "tag: ${K8S_VERSION}" "$tree/hack/lib/version.sh" \
    || die "invalid kubernetes source: hack/lib/version.sh does not say ${K8S_VERSION}; is this bookworm's package?"

  # GOPATH layout as debian/rules builds it: the tree is src/k8s.io/kubernetes.
  mkdir -p "$WORK_DIR/gopath/src/k8s.io"
  mv "$tree" "$WORK_DIR/gopath/src/k8s.io/kubernetes"
  rm -rf "$WORK_DIR/dl"

  # reflect2 v1.0.1 reads Go runtime internals that changed in Go 1.18: the apiserver
  # crashes with it, so use Debian's 1.0.2.
  local vend="$WORK_DIR/gopath/src/k8s.io/kubernetes/vendor/github.com/modern-go/reflect2"
  [[ -f "$REFLECT2_SRC/go_above_118.go" ]] || die "missing ${REFLECT2_SRC}: install golang-github-modern-go-reflect2-dev"
  rm -rf "$vend"
  mkdir -p "$vend"
  cp -a "$REFLECT2_SRC/." "$vend/"
  touch "${WORK_DIR}/.prepared"
  log "source prepared, reflect2 swapped ($(elapsed "$t"))"
}

# make in the one tree, so every build shares Go's cache (its key holds the tree's path).
# $1: log file; $2: version file for KUBE_GIT_VERSION_FILE (empty: the tree's own v1.20.2).
make_binaries() {
  local logf=$1 version_file=$2
  local k8s="$WORK_DIR/gopath/src/k8s.io/kubernetes"
  # Two cores: GOMAXPROCS also sets go build's default -p. hack/lib/init.sh sets
  # GO111MODULE=off itself and builds from its own GOPATH symlink under _output.
  (
    cd "$k8s"
    export GOPATH="$WORK_DIR/gopath" GO111MODULE=off GOMAXPROCS=2 CGO_ENABLED=0 HOME="$WORK_DIR/home"
    unset GOFLAGS KUBE_GIT_VERSION_FILE
    [[ -z "$version_file" ]] || export KUBE_GIT_VERSION_FILE="$version_file"
    mkdir -p "$HOME"
    make WHAT="${BINARIES[*]/#/cmd/}" KUBE_VERBOSE=1
  ) >"$logf" 2>&1 || { tail -n 40 "$logf" >&2; die "failed to build kubernetes: see ${logf}"; }
}

# Copies the tree's _output/bin to $1 after checking that every binary says version $2.
install_binaries() {
  local dest=$1 version=$2 b
  local k8s="$WORK_DIR/gopath/src/k8s.io/kubernetes"
  rm -rf "$dest.tmp"
  mkdir -p "$dest.tmp"
  for b in "${BINARIES[@]}"; do
    install -m 0755 "$k8s/_output/bin/$b" "$dest.tmp/$b"
  done
  for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy; do
    "$dest.tmp/$b" --version 2>/dev/null | grep -qx "Kubernetes ${version}" \
      || die "invalid build: $b --version says '$("$dest.tmp/$b" --version 2>&1 | head -n1)', not ${version}"
  done
  "$dest.tmp/kubeadm" version -o short | grep -qx "${version}" \
    || die "invalid build: kubeadm version says '$("$dest.tmp/kubeadm" version -o short 2>&1)', not ${version}"
  rm -rf "$dest"
  mv "$dest.tmp" "$dest"
}

build() {
  local t; t=$(date +%s)
  local k8s="$WORK_DIR/gopath/src/k8s.io/kubernetes"
  log "building ${BINARIES[*]} with $(go version | awk '{print $3}') (log: ${WORK_DIR}/build.log)"
  make_binaries "$WORK_DIR/build.log" ""
  log "build done ($(elapsed "$t"))"
  install_binaries "$BIN_DIR" "$K8S_VERSION"

  t=$(date +%s)
  local minor=${RELABEL_VERSION#v1.}; minor=${minor%%.*}
  # hack/lib/version.sh sources this file instead of asking git (the tree has no .git).
  printf "KUBE_GIT_COMMIT=''\nKUBE_GIT_TREE_STATE='clean'\nKUBE_GIT_VERSION='%s'\nKUBE_GIT_MAJOR='1'\nKUBE_GIT_MINOR='%s'\n" \
    "$RELABEL_VERSION" "$minor" >"$WORK_DIR/relabel-version"
  log "linking the same code again as ${RELABEL_VERSION} (log: ${WORK_DIR}/relabel.log)"
  make_binaries "$WORK_DIR/relabel.log" "$WORK_DIR/relabel-version"
  install_binaries "$RELABEL_BIN_DIR" "$RELABEL_VERSION"
  printf 'Debian source kubernetes (v1.20.2 code) linked with the version string %s: not %s code\n' \
    "$RELABEL_VERSION" "$RELABEL_VERSION" >"$RELABEL_DIR/BUILD-INFO"
  log "relabelled build done ($(elapsed "$t"))"

  printf 'built %s from Debian source kubernetes %s with %s, reflect2 %s\n' \
    "$(date -u +%FT%TZ)" "$(head -n1 "$k8s/debian/changelog" | sed 's/.*(\(.*\)).*/\1/')" \
    "$(go version | awk '{print $3}')" \
    "$(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)" >"$CACHE_DIR/BUILD-INFO"
  cp "$WORK_DIR/build.log" "$CACHE_DIR/build.log"
  # The fixture's pause image is built from the tree's own pause.c; the tree does not stay.
  mkdir -p "$CACHE_DIR/src"
  cp "$k8s/build/pause/linux/pause.c" "$CACHE_DIR/src/pause.c"
  if [[ "${KUBEHOP_KEEP_BUILD:-0}" != 1 ]]; then rm -rf "$WORK_DIR"; fi
}

install_packages
if binaries_cached && [[ -f "$CACHE_DIR/src/pause.c" ]]; then
  log "cached binaries found in ${BIN_DIR} and ${RELABEL_BIN_DIR}"
else
  mkdir -p "$CACHE_DIR"
  enable_deb_src
  prepare_source
  build
fi
log "ready: ${BIN_DIR} (total $(elapsed "$t_total"))"
