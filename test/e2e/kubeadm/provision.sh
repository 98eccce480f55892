#!/usr/bin/env bash
# Provisions everything the real kubeadm fixture needs and caches it in
# ${KUBEHOP_CACHE_DIR:-/var/cache/kubehop}/kubeadm: Debian packages on the host, the seven
# Kubernetes binaries at two versions (test/e2e/control-plane/provision.sh builds them), the node
# root filesystem (debootstrap), .debs shaped like the official ones in a signed apt repository,
# and the images kubeadm pulls. Idempotent; every step is skipped when its output is cached.
# Run as root.
set -euo pipefail
KH_SCRIPT=provision
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
kh_require_root

readonly ROOTFS_TAR="${KH_CACHE}/node-rootfs.tar"
readonly APT_DIR="${KH_CACHE}/apt"
readonly IMAGES_DIR="${KH_CACHE}/images"
readonly GNUPGHOME_DIR="${KH_CACHE}/gnupg"

# What the node image holds: systemd as PID 1, sshd, apt, the Docker runtime kubelet 1.20 drives
# through dockershim, and what kubeadm's preflight and kube-proxy need.
readonly NODE_PACKAGES=(systemd systemd-sysv dbus openssh-server sudo iptables conntrack socat ethtool
  ebtables kmod iproute2 iputils-ping procps docker.io containerd runc tini containernetworking-plugins
  jq curl ca-certificates gnupg util-linux mount less)

t_total=$(date +%s)

install_host_packages() {
  local t; t=$(date +%s)
  bash "$KH_REPO_ROOT/test/e2e/install-debian-packages.sh" docker.io docker-registry debootstrap busybox-static gnupg \
    dpkg-dev iptables jq curl gcc libc6-dev openssh-client openssh-server xz-utils etcd-server etcd-client conntrack \
    | sed "s/^/[${KH_SCRIPT}] /"
  kh_log "host packages ready ($(kh_elapsed "$t"))"
}

build_binaries() {
  local t; t=$(date +%s)
  bash "$KH_REPO_ROOT/test/e2e/control-plane/provision.sh" | sed 's/^/  /'
  local v b
  for v in "${KH_VERSIONS[@]}"; do
    for b in kubelet kubeadm kubectl kube-proxy kube-apiserver kube-controller-manager kube-scheduler; do
      [[ -x "$(kh_bin_dir "$v")/$b" ]] || kh_die "missing $(kh_bin_dir "$v")/$b after the build"
    done
  done
  kh_log "binaries ready ($(kh_elapsed "$t"))"
}

# debootstrap once; the tarball is what the node image is made from.
build_rootfs() {
  local stamp; stamp="bookworm minbase ${NODE_PACKAGES[*]}"
  if [[ -f "$ROOTFS_TAR" && "$(cat "$ROOTFS_TAR.stamp" 2>/dev/null)" == "$stamp" ]]; then
    kh_log "node rootfs cached ($ROOTFS_TAR)"
    return 0
  fi
  local t; t=$(date +%s)
  local work="${KH_CACHE}/rootfs.build"
  rm -rf "$work"; mkdir -p "$work"
  local mirror
  mirror=$(awk '/^URIs:/ && /debian\/?$/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror="${mirror:-http://deb.debian.org/debian}"
  kh_log "debootstrap bookworm from ${mirror} (log: ${KH_CACHE}/debootstrap.log)"
  debootstrap --variant=minbase bookworm "$work" "$mirror" >"${KH_CACHE}/debootstrap.log" 2>&1 \
    || { tail -n 20 "${KH_CACHE}/debootstrap.log" >&2; kh_die "debootstrap failed: see ${KH_CACHE}/debootstrap.log"; }
  # No daemon may start inside the chroot while packages install.
  printf '#!/bin/sh\nexit 101\n' >"$work/usr/sbin/policy-rc.d"; chmod +x "$work/usr/sbin/policy-rc.d"
  mount --bind /proc "$work/proc"
  if ! chroot "$work" env DEBIAN_FRONTEND=noninteractive sh -c \
      "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${NODE_PACKAGES[*]} && apt-get clean" \
      >>"${KH_CACHE}/debootstrap.log" 2>&1; then
    umount "$work/proc"
    tail -n 20 "${KH_CACHE}/debootstrap.log" >&2
    kh_die "installing the node packages failed: see ${KH_CACHE}/debootstrap.log"
  fi
  umount "$work/proc"
  rm -f "$work/usr/sbin/policy-rc.d"
  rm -rf "$work"/var/lib/apt/lists/* "$work"/var/cache/apt/*.bin "$work"/etc/ssh/ssh_host_*
  tar -C "$work" --numeric-owner -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  echo "$stamp" >"$ROOTFS_TAR.stamp"
  rm -rf "$work"
  kh_log "node rootfs built ($(kh_elapsed "$t"), $(du -h "$ROOTFS_TAR" | cut -f1))"
}

# .debs shaped like the official ones of the retired Google repository (version scheme X.Y.Z-00),
# one set per version, and kubernetes-cni over Debian's containernetworking-plugins.
write_deb() { # name version arch root_dir control_fields...
  local name=$1 version=$2 root=$3; shift 3
  mkdir -p "$root/DEBIAN"
  {
    printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: kubehop fixture <fixture@kubehop.invalid>\n' \
      "$name" "$version" "$(dpkg --print-architecture)"
    printf 'Installed-Size: %s\n' "$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
    printf '%s\n' "$@"
  } >"$root/DEBIAN/control"
  dpkg-deb -Zgzip --root-owner-group --build "$root" "$APT_DIR/pool/${name}_${version}_$(dpkg --print-architecture).deb" >/dev/null
}

build_debs() {
  local t v built=0 work="${KH_CACHE}/debs.build"; t=$(date +%s)
  mkdir -p "$APT_DIR/pool"
  rm -rf "$work"
  for v in "${KH_VERSIONS[@]}"; do
    local bin; bin=$(kh_bin_dir "$v")
    [[ -f "$APT_DIR/pool/kubeadm_${v}-00_$(dpkg --print-architecture).deb" ]] && continue
    built=1
    local d="$work/$v"
    mkdir -p "$d/kubelet/usr/bin" "$d/kubelet/lib/systemd/system" "$d/kubeadm/usr/bin" \
             "$d/kubeadm/etc/systemd/system/kubelet.service.d" "$d/kubectl/usr/bin"
    install -m 0755 "$bin/kubelet" "$d/kubelet/usr/bin/kubelet"
    install -m 0644 "$KH_FIXTURE_DIR/debs/kubelet.service" "$d/kubelet/lib/systemd/system/kubelet.service"
    mkdir -p "$d/kubelet/DEBIAN"
    install -m 0755 "$KH_FIXTURE_DIR/debs/kubelet.postinst" "$d/kubelet/DEBIAN/postinst"
    install -m 0755 "$bin/kubeadm" "$d/kubeadm/usr/bin/kubeadm"
    install -m 0644 "$KH_FIXTURE_DIR/debs/10-kubeadm.conf" "$d/kubeadm/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"
    install -m 0755 "$bin/kubectl" "$d/kubectl/usr/bin/kubectl"
    write_deb kubelet "${v}-00" "$d/kubelet" \
      'Depends: iptables (>= 1.4.21), kubernetes-cni (>= 0.8.7), iproute2, socat, util-linux, mount, ebtables, ethtool, conntrack' \
      'Section: misc' 'Priority: optional' 'Homepage: https://kubernetes.io' \
      'Description: Kubernetes Node Agent' ' The node agent of Kubernetes, the container cluster manager.'
    # The official kubeadm package also depends on cri-tools, which Debian does not have;
    # kubeadm 1.20 with the Docker runtime does not use crictl.
    write_deb kubeadm "${v}-00" "$d/kubeadm" \
      'Depends: kubelet (>= 1.13.0), kubectl (>= 1.13.0), kubernetes-cni (>= 0.8.7)' \
      'Section: misc' 'Priority: optional' 'Homepage: https://kubernetes.io' \
      'Description: Kubernetes Cluster Bootstrapping Tool' ' Command-line utility for deploying a Kubernetes cluster.'
    write_deb kubectl "${v}-00" "$d/kubectl" \
      'Section: misc' 'Priority: optional' 'Homepage: https://kubernetes.io' \
      'Description: Kubernetes Command Line Tool' ' The Kubernetes command line tool for interacting with the Kubernetes API.'
  done
  if [[ ! -f "$APT_DIR/pool/kubernetes-cni_0.8.7-00_$(dpkg --print-architecture).deb" ]]; then
    built=1
    local c="$work/cni" p
    mkdir -p "$c/opt/cni/bin"
    for p in bridge host-local loopback portmap; do ln -s "/usr/lib/cni/$p" "$c/opt/cni/bin/$p"; done
    write_deb kubernetes-cni 0.8.7-00 "$c" 'Depends: containernetworking-plugins' \
      'Section: misc' 'Priority: optional' 'Homepage: https://kubernetes.io' \
      'Description: Kubernetes CNI' ' The plugins kubelet uses, from Debian containernetworking-plugins.'
  fi
  rm -rf "$work"
  if ((built)) || [[ ! -f "$APT_DIR/dists/kubernetes-xenial/InRelease" ]]; then index_repository; fi
  kh_log "apt repository ready: $(ls "$APT_DIR/pool" | wc -l) packages ($(kh_elapsed "$t"))"
}

# A signed repository in the layout of the retired apt.kubernetes.io (suite kubernetes-xenial).
index_repository() {
  local arch; arch=$(dpkg --print-architecture)
  local dist="$APT_DIR/dists/kubernetes-xenial" bin_rel="main/binary-${arch}"
  export GNUPGHOME="$GNUPGHOME_DIR"
  if [[ ! -f "$GNUPGHOME_DIR/kubehop-fixture.key-id" ]]; then
    mkdir -p "$GNUPGHOME_DIR"; chmod 0700 "$GNUPGHOME_DIR"
    gpg --batch --quiet --passphrase '' --quick-gen-key 'kubehop fixture apt repository <fixture@kubehop.invalid>' ed25519 sign never
    gpg --batch --list-keys --with-colons | awk -F: '/^fpr:/ {print $10; exit}' >"$GNUPGHOME_DIR/kubehop-fixture.key-id"
  fi
  local key; key=$(cat "$GNUPGHOME_DIR/kubehop-fixture.key-id")
  mkdir -p "$dist/$bin_rel" "$APT_DIR/doc"
  gpg --batch --export "$key" >"$APT_DIR/doc/apt-key.gpg"
  (cd "$APT_DIR" && dpkg-scanpackages --multiversion pool /dev/null 2>/dev/null) >"$dist/$bin_rel/Packages"
  gzip -9nc "$dist/$bin_rel/Packages" >"$dist/$bin_rel/Packages.gz"
  {
    printf 'Origin: kubernetes\nLabel: kubernetes\nSuite: kubernetes-xenial\nCodename: kubernetes-xenial\n'
    printf 'Date: %s\nArchitectures: %s\nComponents: main\n' "$(date -Ru)" "$arch"
    local f
    for sum in MD5Sum:md5sum SHA256:sha256sum; do
      printf '%s:\n' "${sum%%:*}"
      for f in "$bin_rel/Packages" "$bin_rel/Packages.gz"; do
        printf ' %s %s %s\n' "$(${sum#*:} "$dist/$f" | cut -d' ' -f1)" "$(stat -c %s "$dist/$f")" "$f"
      done
    done
  } >"$dist/Release"
  rm -f "$dist/InRelease" "$dist/Release.gpg"
  gpg --batch --yes --local-user "$key" --clearsign -o "$dist/InRelease" "$dist/Release"
  gpg --batch --yes --local-user "$key" -abs -o "$dist/Release.gpg" "$dist/Release"
}

# Image root filesystems as tarballs; start.sh imports and pushes them to the fixture's registry.
# $1 image name, $2 tag, then files to copy (with their library closure when dynamic).
ldd_closure() {
  local f
  for f in "$@"; do
    ldd "$f" 2>/dev/null | awk '/=>/ && $3 ~ /^\// {print $3} /^\t\/lib/ {print $1}'
  done | sort -u
}

image_tar() {
  local name=$1 tag=$2 root=$3
  mkdir -p "$IMAGES_DIR"
  tar -C "$root" --numeric-owner -cf "$IMAGES_DIR/${name}_${tag}.tar.tmp" .
  mv "$IMAGES_DIR/${name}_${tag}.tar.tmp" "$IMAGES_DIR/${name}_${tag}.tar"
}

copy_with_libs() { # root files...
  local root=$1; shift
  local f
  for f in "$@" $(ldd_closure "$@"); do
    mkdir -p "$root$(dirname "$f")"
    cp -aL "$f" "$root$f"
  done
}

build_images() {
  local t v c work="${KH_CACHE}/images.build"; t=$(date +%s)
  rm -rf "$work"
  for v in "${KH_VERSIONS[@]}"; do
    local bin; bin=$(kh_bin_dir "$v")
    for c in kube-apiserver kube-controller-manager kube-scheduler; do
      [[ -f "$IMAGES_DIR/${c}_v${v}.tar" ]] && continue
      mkdir -p "$work/$c/usr/local/bin" "$work/$c/tmp"
      install -m 0755 "$bin/$c" "$work/$c/usr/local/bin/$c"
      image_tar "$c" "v$v" "$work/$c"; rm -rf "$work/$c"
    done
    if [[ ! -f "$IMAGES_DIR/kube-proxy_v${v}.tar" ]]; then
      # kube-proxy drives iptables (nft backend, like the nodes) and conntrack; the xtables
      # extensions have libraries of their own.
      local r="$work/kube-proxy" xt
      xt=$(dirname "$(find /usr/lib -path '*xtables/libxt_statistic.so' | head -n1)")
      mkdir -p "$r/usr/local/bin" "$r/usr/sbin" "$r/tmp" "$r/run" "$r/var/lib"
      install -m 0755 "$bin/kube-proxy" "$r/usr/local/bin/kube-proxy"
      copy_with_libs "$r" /usr/sbin/xtables-nft-multi /usr/sbin/conntrack "$xt"/*.so
      local l
      for l in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
        ln -sf xtables-nft-multi "$r/usr/sbin/$l"
      done
      image_tar kube-proxy "v$v" "$r"; rm -rf "$r"
    fi
  done
  if [[ ! -f "$IMAGES_DIR/etcd_3.4.13-0.tar" ]]; then
    # kubeadm 1.20 pins etcd 3.4.13-0; Debian's etcd-server is 3.4 too. The official image has
    # etcdctl beside etcd, and kubehop's snapshot runs it in the pod.
    local r="$work/etcd"
    mkdir -p "$r/usr/local/bin" "$r/tmp" "$r/var/lib/etcd"
    copy_with_libs "$r" /usr/bin/etcd /usr/bin/etcdctl
    mv "$r/usr/bin/etcd" "$r/usr/bin/etcdctl" "$r/usr/local/bin/"
    image_tar etcd 3.4.13-0 "$r"; rm -rf "$r"
  fi
  if [[ ! -f "$IMAGES_DIR/pause_3.2.tar" ]]; then
    local r="$work/pause" src="${KH_CACHE_ROOT}/kubernetes-v1.20.2/src/pause.c"
    [[ -f "$src" ]] || kh_die "missing $src (test/e2e/control-plane/provision.sh keeps it from the source tree)"
    mkdir -p "$r"
    gcc -Os -static -DVERSION=3.2 -o "$r/pause" "$src"
    image_tar pause 3.2 "$r"; rm -rf "$r"
  fi
  local bb=/bin/busybox
  [[ -x /usr/bin/busybox ]] && bb=/usr/bin/busybox
  if [[ ! -f "$IMAGES_DIR/coredns_1.7.0.tar" ]]; then
    # A stand-in: CoreDNS cannot be built offline. It answers the probes and metrics port of the
    # CoreDNS Deployment kubeadm installs and serves no DNS (busybox has no DNS server).
    local r="$work/coredns"
    mkdir -p "$r/bin" "$r/www"
    cp "$bb" "$r/bin/busybox"; ln -s busybox "$r/bin/sh"
    echo OK >"$r/www/health"; echo OK >"$r/www/ready"; echo '# stand-in' >"$r/www/metrics"
    install -m 0755 "$KH_FIXTURE_DIR/images/coredns-standin" "$r/coredns"
    image_tar coredns 1.7.0 "$r"; rm -rf "$r"
  fi
  if [[ ! -f "$IMAGES_DIR/app_1.tar" ]]; then
    # The workloads the e2e suites drain: busybox serving HTTP on 8080.
    local r="$work/app"
    mkdir -p "$r/bin" "$r/www" "$r/tmp"
    cp "$bb" "$r/bin/busybox"
    local a; for a in sh httpd sleep nc cat echo hostname wget; do ln -s busybox "$r/bin/$a"; done
    echo ok >"$r/www/index.html"
    image_tar app 1 "$r"; rm -rf "$r"
  fi
  rm -rf "$work"
  kh_log "images ready: $(ls "$IMAGES_DIR" | wc -l) ($(kh_elapsed "$t"))"
}

mkdir -p "$KH_CACHE"
# One provisioning of the fixture at a time; a second waits for the first.
exec 8>"$KH_CACHE/.provision.lock"
flock -n 8 || { kh_log "another provisioning holds $KH_CACHE/.provision.lock; waiting for it"; flock 8; }
case "${1:-all}" in
  rootfs) install_host_packages; build_rootfs ;;
  all)
    install_host_packages
    # debootstrap mostly waits on downloads while the Go build keeps both cores busy: side by side.
    build_rootfs >"$KH_CACHE/rootfs.log" 2>&1 &
    rootfs_pid=$!
    build_binaries
    if ! wait "$rootfs_pid"; then cat "$KH_CACHE/rootfs.log" >&2; kh_die "building the node root filesystem failed"; fi
    cat "$KH_CACHE/rootfs.log"
    build_debs
    build_images
    ;;
  *) kh_die "usage: provision.sh [all|rootfs]" ;;
esac
kh_log "ready (total $(kh_elapsed "$t_total"))"
