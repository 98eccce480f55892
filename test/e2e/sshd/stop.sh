#!/usr/bin/env bash
# Stops the sshd that start.sh started in DIR (TERM, then KILL after 5 s). Keeps DIR; safe to run twice.
#
# Usage: stop.sh DIR
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: stop.sh DIR" >&2; exit 2; }
DIR="$1"
pidfile="$DIR/sshd.pid"
[[ -f "$pidfile" ]] || exit 0
pid=$(cat "$pidfile")
# Only signal a pid that still runs our sshd with our config: pids are reused.
runs() { [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DIR/sshd_config"; }
if [[ "$pid" =~ ^[0-9]+$ ]] && runs; then
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do runs || break; sleep 0.1; done
  runs && kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$pidfile"
