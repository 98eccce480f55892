#!/usr/bin/env bash
# Stops the real kubeadm cluster started in DIR and removes everything start.sh made: node
# containers and their volumes, the network, the iptables rule, the registry, the apt server and
# dockerd (each by the pid start.sh recorded). The cache (node image, registry content) is kept.
# Safe to run twice, and on a half-started DIR.
set -uo pipefail
KH_SCRIPT=stop
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
kh_require_root
DIR=${1:-}
[[ -n "$DIR" && -d "$DIR" ]] || kh_die "usage: stop.sh DIR (a directory start.sh used)"
DIR=$(cd "$DIR" && pwd)
t=$(date +%s)

# Waits up to $2 seconds for pid $1 to exit after SIGTERM, then kills it.
stop_pid() {
  local pid=$1 wait=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 $((wait * 5))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

if [[ -f "$DIR/dockerd.pid" ]] && kill -0 "$(cat "$DIR/dockerd.pid")" 2>/dev/null; then
  id=$(cat "$DIR/cluster-id" 2>/dev/null || true)
  if [[ -n "$id" ]]; then
    mapfile -t containers < <(kh_docker ps -aq --filter "label=kubehop.fixture=$id")
    if ((${#containers[@]})); then
      kh_docker rm -f -v "${containers[@]}" >/dev/null || kh_log "could not remove every node container"
    fi
  fi
  kh_docker network rm "$KH_NET" >/dev/null 2>&1 || true
  stop_pid "$(cat "$DIR/dockerd.pid")" 30
fi
rm -f "$DIR/dockerd.pid"
for svc in registry apt-httpd; do
  [[ -f "$DIR/$svc.pid" ]] && stop_pid "$(cat "$DIR/$svc.pid")" 5
  rm -f "$DIR/$svc.pid"
done
if [[ -f "$DIR/iptables-rule" ]]; then
  while iptables -D FORWARD -i "$KH_BRIDGE" ! -o "$KH_BRIDGE" -j DROP 2>/dev/null; do :; done
  rm -f "$DIR/iptables-rule"
fi
ip link show "$KH_BRIDGE" >/dev/null 2>&1 && ip link delete "$KH_BRIDGE" 2>/dev/null
if [[ -f "$DIR/host-ip_forward" ]]; then
  cat "$DIR/host-ip_forward" >/proc/sys/net/ipv4/ip_forward 2>/dev/null || true
  rm -f "$DIR/host-ip_forward"
fi
# dockerd leaves its exec root's mounts behind when it is killed.
grep -o " $KH_DOCKER_EXEC_ROOT[^ ]*\| $KH_DOCKER_ROOT/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
rm -rf "$KH_DOCKER_EXEC_ROOT" "$KH_DOCKER_SOCK"
kh_log "stopped ($(kh_elapsed "$t"))"
