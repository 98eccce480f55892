#!/usr/bin/env bash
# Starts a real kubeadm cluster: node containers with systemd, sshd, apt and Docker on a private
# bridge; kubelet/kubeadm/kubectl installed from the fixture's apt repository over SSH; `kubeadm
# init` on cp-1 and `kubeadm join` on every worker, as an operator would. Writes into DIR a
# kubeconfig, an ssh_config (addresses, key, known_hosts) and env/env.json. Run as root after
# provision.sh.
#
# Usage: start.sh DIR [--workers N] [--spares N] [--version 1.20.2]
#   --spares N  extra node containers with packages prepared but not joined (hosts for surge).
set -euo pipefail
KH_SCRIPT=start
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
kh_require_root

DIR="" WORKERS=2 SPARES=0 VERSION=1.20.2
while (($#)); do
  case "$1" in
    --workers) WORKERS=${2:?}; shift 2 ;;
    --spares) SPARES=${2:?}; shift 2 ;;
    --version) VERSION=${2:?}; shift 2 ;;
    -*) kh_die "unknown option $1 (usage: start.sh DIR [--workers N] [--spares N] [--version V])" ;;
    *) [[ -z "$DIR" ]] || kh_die "one DIR only"; DIR=$1; shift ;;
  esac
done
[[ -n "$DIR" ]] || kh_die "usage: start.sh DIR [--workers N] [--spares N] [--version V]"
[[ "$WORKERS" =~ ^[0-9]$ && "$SPARES" =~ ^[0-9]$ ]] || kh_die "--workers and --spares take 0-9"
[[ " ${KH_VERSIONS[*]} " == *" $VERSION "* ]] || kh_die "--version must be one of: ${KH_VERSIONS[*]}"
mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
[[ ! -f "$DIR/dockerd.pid" ]] || kh_die "a fixture already runs in $DIR; stop it first: $(dirname "$0")/stop.sh $DIR"
for f in node-rootfs.tar apt/dists/kubernetes-xenial/InRelease images/app_1.tar; do
  [[ -f "$KH_CACHE/$f" ]] || kh_die "missing $KH_CACHE/$f; run $(dirname "$0")/provision.sh first"
done

t_total=$(date +%s)
readonly CLUSTER_ID="kh$(printf '%s' "$DIR" | sha256sum | cut -c1-8)"
echo "$CLUSTER_ID" >"$DIR/cluster-id"
# Whatever happens next, a failed start leaves nothing running.
on_error() {
  local rc=$?
  kh_log "start failed (exit $rc); stopping what was started" >&2
  bash "$KH_FIXTURE_DIR/stop.sh" "$DIR" >&2 || true
  exit "$rc"
}
trap on_error ERR

# --- host side: dockerd, network, registry, apt repository -------------------------------------
start_dockerd() {
  local t; t=$(date +%s)
  [[ -S "$KH_DOCKER_SOCK" ]] && kh_docker info >/dev/null 2>&1 && kh_die "the fixture's dockerd already runs ($KH_DOCKER_SOCK); another fixture is up: stop it first"
  cat /proc/sys/net/ipv4/ip_forward >"$DIR/host-ip_forward"
  mkdir -p "$KH_DOCKER_ROOT" "$(dirname "$KH_RUNTIME_WRAPPER")"
  install -m 0755 "$KH_FIXTURE_DIR/node/runc-nosysres" "$KH_RUNTIME_WRAPPER"
  cat >"$DIR/dockerd.json" <<JSON
{
  "data-root": "$KH_DOCKER_ROOT",
  "exec-root": "$KH_DOCKER_EXEC_ROOT",
  "pidfile": "$DIR/dockerd.pid",
  "hosts": ["unix://$KH_DOCKER_SOCK"],
  "bridge": "none",
  "iptables": false,
  "ip-forward": false,
  "ip-masq": false,
  "oom-score-adjust": 0,
  "insecure-registries": ["$KH_HOST_IP:5000"],
  "runtimes": { "runc-nosysres": { "path": "$KH_RUNTIME_WRAPPER" } },
  "storage-driver": "overlay2"
}
JSON
  # A containerd of its own too (dockerd starts one under its exec root).
  setsid /usr/sbin/dockerd --config-file "$DIR/dockerd.json" --containerd-namespace kubehop \
    --containerd-plugins-namespace kubehop-plugins >"$DIR/dockerd.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 60); do kh_docker info >/dev/null 2>&1 && break; sleep 1; done
  kh_docker info >/dev/null 2>&1 || { tail -n 20 "$DIR/dockerd.log" >&2; kh_die "dockerd did not come up: see $DIR/dockerd.log"; }
  kh_log "dockerd up ($(kh_elapsed "$t"))"
}

start_network() {
  if ! kh_docker network inspect "$KH_NET" >/dev/null 2>&1; then
    kh_docker network create --driver bridge --subnet "$KH_SUBNET" --gateway "$KH_HOST_IP" \
      -o com.docker.network.bridge.name="$KH_BRIDGE" \
      -o com.docker.network.bridge.enable_ip_masquerade=false "$KH_NET" >/dev/null
  fi
  # Nodes never reach past the bridge, even if something on the host enables forwarding.
  iptables -C FORWARD -i "$KH_BRIDGE" ! -o "$KH_BRIDGE" -j DROP 2>/dev/null \
    || iptables -I FORWARD -i "$KH_BRIDGE" ! -o "$KH_BRIDGE" -j DROP
  touch "$DIR/iptables-rule"
}

start_services() {
  local t; t=$(date +%s)
  mkdir -p "$KH_CACHE/registry"
  cat >"$DIR/registry.yml" <<YAML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $KH_CACHE/registry }, delete: { enabled: true } }
http: { addr: "$KH_HOST_IP:5000" }
YAML
  setsid /usr/bin/docker-registry serve "$DIR/registry.yml" >"$DIR/registry.log" 2>&1 </dev/null &
  echo $! >"$DIR/registry.pid"
  # The apt repository (and dl.k8s.io, which refuses at once instead of timing out).
  local bb=/bin/busybox; [[ -x /usr/bin/busybox ]] && bb=/usr/bin/busybox
  setsid "$bb" httpd -f -p "$KH_HOST_IP:80" -h "$KH_CACHE/apt" >"$DIR/apt-httpd.log" 2>&1 </dev/null &
  echo $! >"$DIR/apt-httpd.pid"
  local i
  for i in $(seq 1 30); do curl -sf "http://$KH_HOST_IP:5000/v2/" >/dev/null && curl -sf "http://$KH_HOST_IP/dists/kubernetes-xenial/InRelease" >/dev/null && break; sleep 0.5; done
  curl -sf "http://$KH_HOST_IP:5000/v2/" >/dev/null || kh_die "the registry did not come up: see $DIR/registry.log"
  curl -sf "http://$KH_HOST_IP/dists/kubernetes-xenial/InRelease" >/dev/null || kh_die "the apt repository did not come up: see $DIR/apt-httpd.log"
  kh_log "registry and apt repository up ($(kh_elapsed "$t"))"
}

# Node image and pushed images survive in the cache; only what is missing is made.
load_images() {
  local t; t=$(date +%s)
  local node_stamp; node_stamp=$(cat "$KH_CACHE/node-rootfs.tar.stamp" "$KH_FIXTURE_DIR"/node/* | sha256sum | cut -c1-16)
  if [[ "$(kh_docker image inspect -f '{{index .Config.Labels "kubehop.stamp"}}' "$KH_NODE_IMAGE" 2>/dev/null)" != "$node_stamp" ]]; then
    kh_log "building the node image"
    kh_docker image inspect kubehop/kubeadm-node-rootfs:bookworm >/dev/null 2>&1 \
      || kh_docker import "$KH_CACHE/node-rootfs.tar" kubehop/kubeadm-node-rootfs:bookworm >/dev/null
    DOCKER_BUILDKIT=0 kh_docker build -q --label "kubehop.stamp=$node_stamp" -t "$KH_NODE_IMAGE" "$KH_FIXTURE_DIR/node" >/dev/null
  fi
  local f name tag
  for f in "$KH_CACHE"/images/*.tar; do
    name=$(basename "$f" .tar); tag=${name##*_}; name=${name%_*}
    curl -sf -o /dev/null -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://$KH_HOST_IP:5000/v2/$name/manifests/$tag" && continue
    local change=()
    [[ "$name" == coredns ]] && change=(--change 'ENTRYPOINT ["/coredns"]')
    [[ "$name" == pause ]] && change=(--change 'ENTRYPOINT ["/pause"]')
    kh_docker import "${change[@]}" "$f" "$KH_HOST_IP:5000/$name:$tag" >/dev/null
    kh_docker push -q "$KH_HOST_IP:5000/$name:$tag" >/dev/null
    kh_docker rmi "$KH_HOST_IP:5000/$name:$tag" >/dev/null
  done
  kh_log "images ready ($(kh_elapsed "$t"))"
}

# --- nodes ----------------------------------------------------------------------------------
NODES=() ADDRS=()
add_node() { NODES+=("$1"); ADDRS+=("10.250.0.$2"); }
add_node cp-1 10
for i in $(seq 1 "$WORKERS"); do add_node "worker-$i" $((10 + i)); done
for i in $(seq 1 "$SPARES"); do add_node "spare-$i" $((30 + i)); done

run_nodes() {
  local t; t=$(date +%s)
  ssh-keygen -q -t ed25519 -N '' -C "kubehop-fixture" -f "$DIR/id_ed25519" <<<y >/dev/null
  : >"$DIR/known_hosts"
  local i
  for i in "${!NODES[@]}"; do
    kh_docker run -d --name "${CLUSTER_ID}-${NODES[$i]}" --hostname "${NODES[$i]}" \
      --label "kubehop.fixture=$CLUSTER_ID" \
      --network "$KH_NET" --ip "${ADDRS[$i]}" --dns 127.0.0.1 \
      --add-host "registry.rk:$KH_HOST_IP" --add-host "apt.kubernetes.io:$KH_HOST_IP" \
      --add-host "packages.cloud.google.com:$KH_HOST_IP" --add-host "dl.k8s.io:$KH_HOST_IP" \
      --privileged --runtime runc-nosysres --cgroupns=private \
      --tmpfs /tmp --tmpfs /run --volume /var --volume /lib/modules:/lib/modules:ro \
      --tty "$KH_NODE_IMAGE" >/dev/null 2>"$DIR/run-${NODES[$i]}.err" \
      || kh_die "could not start node ${NODES[$i]}: $(cat "$DIR/run-${NODES[$i]}.err")"
  done
  for i in "${!NODES[@]}"; do
    local c="${CLUSTER_ID}-${NODES[$i]}" state=""
    local n
    for n in $(seq 1 90); do
      state=$(kh_docker exec "$c" systemctl is-system-running 2>/dev/null || true)
      [[ "$state" == running || "$state" == degraded ]] && break
      sleep 1
    done
    [[ "$state" == running ]] || kh_die "systemd on ${NODES[$i]} is '$state': $(kh_docker exec "$c" systemctl --failed --no-legend 2>&1 | head -n5)"
    kh_docker exec -i "$c" sh -c 'umask 077; cat >/root/.ssh/authorized_keys; cp /root/.ssh/authorized_keys /home/kube/.ssh/; chown kube:kube /home/kube/.ssh/authorized_keys' <"$DIR/id_ed25519.pub"
    kh_docker exec "$c" cat /etc/ssh/ssh_host_ed25519_key.pub | awk -v h="${ADDRS[$i]}" '{print h, $1, $2}' >>"$DIR/known_hosts"
  done
  {
    for i in "${!NODES[@]}"; do
      printf 'Host %s\n  HostName %s\n' "${NODES[$i]}" "${ADDRS[$i]}"
    done
    printf 'Host *\n  User root\n  IdentityFile %s\n  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n  ConnectTimeout 10\n' \
      "$DIR/id_ed25519" "$DIR/known_hosts"
  } >"$DIR/ssh_config"
  kh_log "${#NODES[@]} nodes booted with systemd and sshd ($(kh_elapsed "$t"))"
}

node_ssh() { ssh -F "$DIR/ssh_config" -o BatchMode=yes "$@"; }

# What an operator does on a fresh Debian host before kubeadm: the Kubernetes package repository,
# kubelet/kubeadm/kubectl at one version, held; a CNI configuration for this node's pod range.
prepare_node() {
  local node=$1 index=$2
  node_ssh "$node" bash -s -- "$VERSION" "$index" "$KH_POD_SUBNET" <<'REMOTE'
set -euo pipefail
version=$1 index=$2
curl -fsSL http://apt.kubernetes.io/doc/apt-key.gpg -o /etc/apt/keyrings/kubernetes-archive-keyring.gpg
echo 'deb [signed-by=/etc/apt/keyrings/kubernetes-archive-keyring.gpg] http://apt.kubernetes.io/ kubernetes-xenial main' \
  >/etc/apt/sources.list.d/kubernetes.list
# Only the Kubernetes repository is reachable from the fixture's nodes.
rm -f /etc/apt/sources.list /etc/apt/sources.list.d/debian.sources
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "kubelet=${version}-00" "kubeadm=${version}-00" "kubectl=${version}-00" >/dev/null
apt-mark hold kubelet kubeadm kubectl >/dev/null
cat >/etc/cni/net.d/10-kubehop-bridge.conflist <<JSON
{
  "cniVersion": "0.4.0",
  "name": "kubehop",
  "plugins": [
    { "type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "10.244.${index}.0/24" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
REMOTE
}

# Pod ranges of the other nodes are reached through their node addresses on the bridge.
route_pods() {
  local i j
  for i in "${!NODES[@]}"; do
    for j in "${!NODES[@]}"; do
      [[ $i == "$j" ]] && continue
      node_ssh "${NODES[$i]}" ip route replace "10.244.$j.0/24" via "${ADDRS[$j]}"
    done
  done
}

prepare_nodes() {
  local t i; local -a pids=(); t=$(date +%s)
  for i in "${!NODES[@]}"; do
    prepare_node "${NODES[$i]}" "$i" >"$DIR/prepare-${NODES[$i]}.log" 2>&1 & pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || kh_die "preparing ${NODES[$i]} failed: $(tail -n 5 "$DIR/prepare-${NODES[$i]}.log")"
  done
  route_pods
  kh_log "packages v${VERSION} installed from the apt repository on every node ($(kh_elapsed "$t"))"
}

kubeadm_init() {
  local t; t=$(date +%s)
  sed -e "s/@VERSION@/v$VERSION/g" -e "s/@ADDRESS@/${ADDRS[0]}/g" -e "s#@REGISTRY@#$KH_REGISTRY#g" \
    -e "s#@POD_SUBNET@#$KH_POD_SUBNET#g" "$KH_FIXTURE_DIR/kubeadm-config.yaml" \
    | node_ssh cp-1 'cat >/root/kubeadm-config.yaml'
  node_ssh cp-1 kubeadm init --config /root/kubeadm-config.yaml >"$DIR/kubeadm-init.log" 2>&1 \
    || kh_die "kubeadm init failed: $(tail -n 15 "$DIR/kubeadm-init.log")"
  node_ssh cp-1 cat /etc/kubernetes/admin.conf >"$DIR/admin.kubeconfig"
  chmod 0600 "$DIR/admin.kubeconfig"
  kh_log "kubeadm init on cp-1 ($(kh_elapsed "$t"))"
}

kubeadm_join() {
  local t i join; local -a pids=(); t=$(date +%s)
  join=$(node_ssh cp-1 kubeadm token create --ttl 30m --print-join-command)
  for i in "${!NODES[@]}"; do
    [[ "${NODES[$i]}" == worker-* ]] || continue
    # shellcheck disable=SC2086 # the join command is kubeadm's own words
    node_ssh "${NODES[$i]}" $join >"$DIR/kubeadm-join-${NODES[$i]}.log" 2>&1 & pids+=("$!:${NODES[$i]}")
  done
  local p
  for p in "${pids[@]}"; do
    wait "${p%%:*}" || kh_die "kubeadm join on ${p#*:} failed: $(tail -n 15 "$DIR/kubeadm-join-${p#*:}.log")"
  done
  kh_log "kubeadm join on $WORKERS workers ($(kh_elapsed "$t"))"
}

wait_ready() {
  local t kubectl n; t=$(date +%s)
  kubectl=$(kh_bin_dir "$VERSION")/kubectl
  local want=$((1 + WORKERS))
  for n in $(seq 1 180); do
    local ready
    ready=$("$kubectl" --kubeconfig "$DIR/admin.kubeconfig" get nodes --no-headers 2>/dev/null | awk '$2=="Ready"' | wc -l)
    if ((ready == want)) && "$kubectl" --kubeconfig "$DIR/admin.kubeconfig" -n kube-system wait --for=condition=Ready pod --all --timeout=1s >/dev/null 2>&1; then
      kh_log "$want nodes Ready, kube-system pods Ready ($(kh_elapsed "$t"))"
      return 0
    fi
    sleep 2
  done
  "$kubectl" --kubeconfig "$DIR/admin.kubeconfig" get nodes,pods -A -o wide >&2 || true
  kh_die "the cluster did not become Ready in 6 minutes"
}

write_env() {
  local kubectl; kubectl=$(kh_bin_dir "$VERSION")/kubectl
  local hosts="" spares="" i
  for i in "${!NODES[@]}"; do
    if [[ "${NODES[$i]}" == spare-* ]]; then spares+="${NODES[$i]}=${ADDRS[$i]} "; else hosts+="${NODES[$i]}=${ADDRS[$i]} "; fi
  done
  {
    printf 'export KUBECONFIG=%q\n' "$DIR/admin.kubeconfig"
    printf 'export KUBEHOP_KUBEADM_DIR=%q\n' "$DIR"
    printf 'export KUBEHOP_KUBEADM_SSH_CONFIG=%q\n' "$DIR/ssh_config"
    printf 'export KUBEHOP_KUBEADM_SSH_IDENTITY=%q\n' "$DIR/id_ed25519"
    printf 'export KUBEHOP_KUBEADM_KNOWN_HOSTS=%q\n' "$DIR/known_hosts"
    printf 'export KUBEHOP_KUBEADM_NODES=%q\n' "${hosts% }"
    printf 'export KUBEHOP_KUBEADM_SPARES=%q\n' "${spares% }"
    printf 'export KUBEHOP_KUBEADM_KUBECTL=%q\n' "$kubectl"
    printf 'export KUBEHOP_KUBEADM_VERSION=%q\n' "v$VERSION"
    printf 'export KUBEHOP_KUBEADM_NEXT_VERSION=%q\n' "v${KH_VERSIONS[-1]}"
    printf 'export KUBEHOP_KUBEADM_CLUSTER_ID=%q\n' "$CLUSTER_ID"
    printf 'export KUBEHOP_KUBEADM_DOCKER_SOCK=%q\n' "$KH_DOCKER_SOCK"
  } >"$DIR/env"
  # The same facts as one JSON object of strings, for the test suites.
  (set +u; source "$DIR/env"; jq -n 'env | with_entries(select(.key == "KUBECONFIG" or (.key | startswith("KUBEHOP_KUBEADM_"))))') >"$DIR/env.json"
}

start_dockerd
start_network
start_services
load_images
run_nodes
prepare_nodes
kubeadm_init
kubeadm_join
wait_ready
write_env
kh_log "cluster ready: source $DIR/env (total $(kh_elapsed "$t_total"))"
