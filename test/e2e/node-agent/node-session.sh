#!/usr/bin/env bash
# sshd's ForceCommand for one emulated node (see node-sshd.ts):  node-session.sh NODE_DIR CLUSTER_DIR
# Runs the client's command ($SSH_ORIGINAL_COMMAND; a shell when there is none) inside the node's
# namespace (node-namespace.sh): the node's own /etc and /var/lib and host name, and a PATH whose
# first directory holds the node's kubeadm, kubelet, apt-get, ... (the shims). sed, cat, test and
# mkdir are the real ones.
set -euo pipefail

node_dir=$1
cluster_dir=$2
pid=$(cat "$node_dir/namespace.pid" 2>/dev/null) || { echo "node $(basename "$node_dir") is down" >&2; exit 255; }

export PATH="$node_dir/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export KUBEHOP_NODE_DIR="$node_dir" KUBEHOP_CLUSTER_DIR="$cluster_dir"
if [[ -n "${SSH_ORIGINAL_COMMAND:-}" ]]; then
  exec nsenter --target "$pid" --mount --uts --wd=/root -- /bin/sh -c "$SSH_ORIGINAL_COMMAND"
fi
exec nsenter --target "$pid" --mount --uts --wd=/root -- /bin/bash --norc -i
