#!/usr/bin/env bash
# An emulated node's "machine": run by emulated-nodes.ts as
#   unshare --mount --uts --propagation private node-namespace.sh NODE_DIR WATCH_PID
# It gives the new mount namespace its own /etc and /var/lib (copy-on-write overlays over the
# host's, their changes kept in NODE_DIR/fs/{etc,var-lib}/upper) and the node's host name, then
# stays alive so that every SSH session of the node can enter it (node-session.sh, nsenter). It
# ends when WATCH_PID (the test process) ends or on TERM: no node outlives its cluster.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: node-namespace.sh NODE_DIR WATCH_PID" >&2; exit 2; }
node_dir=$1
watch_pid=$2

for layer in etc:/etc var-lib:/var/lib; do
  name=${layer%%:*}
  target=${layer#*:}
  mkdir -p "$node_dir/fs/$name/upper" "$node_dir/fs/$name/work"
  mount -t overlay "kubehop-node" \
    -o "lowerdir=$target,upperdir=$node_dir/fs/$name/upper,workdir=$node_dir/fs/$name/work" "$target"
done
hostname "$(basename "$node_dir")"
: >"$node_dir/namespace.ready"

trap 'exit 0' TERM INT
while kill -0 "$watch_pid" 2>/dev/null; do
  sleep 1 &
  wait $! || true
done
