#!/usr/bin/env bash
# Stops the control plane that start.sh started in DIR: scheduler, controller-manager, apiserver,
# then etcd, each by its pid file (TERM, then KILL after KUBEHOP_STOP_TIMEOUT seconds, default 20).
# Keeps DIR (logs, certs, etcd data); `rm -rf DIR` to reset. Safe to run twice.
#
# Usage: stop.sh DIR
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: stop.sh DIR" >&2; exit 2; }
DIR="$1"
TIMEOUT="${KUBEHOP_STOP_TIMEOUT:-20}"
[[ -d "$DIR" ]] || { echo "[stop] nothing to stop: no directory $DIR"; exit 0; }

# Only signal a pid that still runs the binary we started: pids are reused.
runs() { # pid name
  { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -q -- "$2"
}

for name in kube-scheduler kube-controller-manager kube-apiserver etcd; do
  pidfile="$DIR/$name.pid"
  [[ -f "$pidfile" ]] || continue
  pid=$(cat "$pidfile")
  if [[ "$pid" =~ ^[0-9]+$ ]] && runs "$pid" "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((TIMEOUT * 10))); do
      runs "$pid" "$name" || break
      sleep 0.1
    done
    if runs "$pid" "$name"; then
      echo "[stop] $name (pid $pid) ignored TERM for ${TIMEOUT}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "[stop] stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
done
