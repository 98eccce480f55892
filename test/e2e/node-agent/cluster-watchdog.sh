#!/usr/bin/env bash
# Last-resort cleanup for an emulated cluster whose test process died without stopping it
# (SIGKILL, a crash): started detached by e2e-cluster.ts as
#   cluster-watchdog.sh WATCH_PID CLUSTER_DIR
# Once WATCH_PID is gone it stops the cluster's sshd (by its pid file, if it still runs our
# config) and the control plane (stop.sh). A normal stop() kills this watchdog first.
set -uo pipefail

watch_pid=$1
dir=$2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

while kill -0 "$watch_pid" 2>/dev/null; do sleep 2; done

pidfile="$dir/sshd/sshd.pid"
if [[ -f "$pidfile" ]]; then
  pid=$(cat "$pidfile")
  if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/sshd/sshd_config"; then
    kill -TERM "$pid" 2>/dev/null || true
  fi
fi
[[ -d "$dir/control-plane" ]] && "$here/../control-plane/stop.sh" "$dir/control-plane" >/dev/null 2>&1
echo "[watchdog] cleaned up after pid $watch_pid in $dir"
