#!/usr/bin/env bash
# Installs what the real control plane needs and, once per machine, builds kube-apiserver,
# kube-controller-manager, kube-scheduler and kubectl v1.20.2 from Debian bookworm's `kubernetes`
# source package with Debian's Go toolchain. Idempotent; run as root.
#
# Env:
#   KUBEHOP_CACHE_DIR   cache root (default /var/cache/kubehop)
#   KUBEHOP_KEEP_BUILD  1 = keep the build tree after a successful build (default: removed)
#
# The binaries land in $KUBEHOP_CACHE_DIR/kubernetes-v1.20.2/bin and are reused by later runs.
set -euo pipefail

readonly K8S_VERSION=v1.20.2
readonly CACHE_ROOT="${KUBEHOP_CACHE_DIR:-/var/cache/kubehop}"
readonly CACHE_DIR="${CACHE_ROOT}/kubernetes-${K8S_VERSION}"
readonly BIN_DIR="${CACHE_DIR}/bin"
# A failed build keeps its tree (and Go's build cache inside it) so the next run resumes.
readonly WORK_DIR="${CACHE_DIR}/build"
readonly BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
readonly REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
readonly DEBSRC_FILE=/etc/apt/sources.list.d/kubehop-debian-src.sources

log() { printf '[provision %s] %s\n' "$(date +%T)" "$*"; }
die() { printf '[provision] error: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

[[ $(id -u) -eq 0 ]] || die "must run as root (apt-get and ${CACHE_ROOT})"

t_total=$(date +%s)

install_packages() {
  local t; t=$(date +%s)
  local pkgs=(etcd-server openssh-server golang-go golang-github-modern-go-reflect2-dev
              openssl ca-certificates make rsync jq dpkg-dev xz-utils iproute2 curl)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  log "packages ready ($(elapsed "$t"))"
}

binaries_cached() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "${BIN_DIR}/$b" ]] || return 1; done
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

build() {
  local t; t=$(date +%s)
  local k8s="$WORK_DIR/gopath/src/k8s.io/kubernetes"
  log "building ${BINARIES[*]} with $(go version | awk '{print $3}') (log: ${WORK_DIR}/build.log)"
  # Two cores: GOMAXPROCS also sets go build's default -p. hack/lib/init.sh sets
  # GO111MODULE=off itself and builds from its own GOPATH symlink under _output.
  (
    cd "$k8s"
    export GOPATH="$WORK_DIR/gopath" GO111MODULE=off GOMAXPROCS=2 CGO_ENABLED=0 HOME="$WORK_DIR/home"
    unset GOFLAGS
    mkdir -p "$HOME"
    make WHAT="${BINARIES[*]/#/cmd/}" KUBE_VERBOSE=1
  ) >"$WORK_DIR/build.log" 2>&1 || { tail -n 40 "$WORK_DIR/build.log" >&2; die "failed to build kubernetes ${K8S_VERSION}: see ${WORK_DIR}/build.log"; }
  log "build done ($(elapsed "$t"))"

  mkdir -p "$BIN_DIR.tmp"
  local b
  for b in "${BINARIES[@]}"; do
    install -m 0755 "$k8s/_output/bin/$b" "$BIN_DIR.tmp/$b"
  done
  "$BIN_DIR.tmp/kube-apiserver" --version | grep -qx "Kubernetes ${K8S_VERSION}" \
    || die "invalid build: kube-apiserver --version says '$("$BIN_DIR.tmp/kube-apiserver" --version)'"
  rm -rf "$BIN_DIR"
  mv "$BIN_DIR.tmp" "$BIN_DIR"
  printf 'built %s from Debian source kubernetes %s with %s, reflect2 %s\n' \
    "$(date -u +%FT%TZ)" "$(head -n1 "$k8s/debian/changelog" | sed 's/.*(\(.*\)).*/\1/')" \
    "$(go version | awk '{print $3}')" \
    "$(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)" >"$CACHE_DIR/BUILD-INFO"
  cp "$WORK_DIR/build.log" "$CACHE_DIR/build.log"
  if [[ "${KUBEHOP_KEEP_BUILD:-0}" != 1 ]]; then rm -rf "$WORK_DIR"; fi
}

install_packages
if binaries_cached; then
  log "cached binaries found in ${BIN_DIR}"
else
  mkdir -p "$CACHE_DIR"
  enable_deb_src
  prepare_source
  build
fi
log "ready: ${BIN_DIR} (total $(elapsed "$t_total"))"
