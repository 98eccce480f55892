#!/usr/bin/env bash
# Starts a throwaway sshd on 127.0.0.1 with everything under DIR: its host key, a client key
# authorised for root and the test users of provision.sh, its config, pid file and log. Needs root
# (sshd switches users); runs provision.sh first when the machine lacks sshd, sudo or the users.
#
# Usage: start.sh DIR [PORT]      (PORT: a free high port is chosen when not given)
#
# Writes DIR/env (sourceable: SSHD_PORT, SSHD_DIR, SSHD_CLIENT_KEY, SSHD_HOST_KEY, SSHD_KNOWN_HOSTS),
# DIR/client_key (unencrypted ed25519), DIR/known_hosts (the host key for [127.0.0.1]:PORT),
# DIR/sshd.pid, DIR/sshd.log. Stop with stop.sh DIR.
set -euo pipefail

readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { printf '[sshd start] error: %s\n' "$*" >&2; exit 1; }

[[ $# -ge 1 && $# -le 2 ]] || die "usage: start.sh DIR [PORT]"
[[ $(id -u) -eq 0 ]] || die "must run as root: sshd needs it to switch users"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
readonly DIR

if [[ -f "$DIR/sshd.pid" ]] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; then
  die "an sshd already runs from $DIR (pid $(cat "$DIR/sshd.pid")); run stop.sh $DIR first"
fi

if [[ ! -x /usr/sbin/sshd ]] || ! command -v sudo >/dev/null || ! id kubehop-nosudo >/dev/null 2>&1 \
  || ! id kubehop-fish >/dev/null 2>&1 || ! id kubehop-tcsh >/dev/null 2>&1 \
  || [[ ! -f /etc/sudoers.d/kubehop-test ]]; then
  "$HERE/provision.sh"
fi
mkdir -p /run/sshd

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT="${2:-}"
if [[ -z "$PORT" ]]; then
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if port_free "$candidate"; then PORT=$candidate; break; fi
  done
  [[ -n "$PORT" ]] || die "found no free port on 127.0.0.1"
fi

[[ -f "$DIR/host_key" ]] || ssh-keygen -q -t ed25519 -N '' -C kubehop-test-host -f "$DIR/host_key"
[[ -f "$DIR/client_key" ]] || ssh-keygen -q -t ed25519 -N '' -C kubehop-test-client -f "$DIR/client_key"

# One authorized_keys file per user, all with the client key; sshd reads them as root (StrictModes no).
mkdir -p "$DIR/authorized_keys"
for user in root kubehop-sudo kubehop-nosudo kubehop-fish kubehop-tcsh; do
  cp "$DIR/client_key.pub" "$DIR/authorized_keys/$user"
done
chmod 0755 "$DIR" "$DIR/authorized_keys"
chmod 0644 "$DIR"/authorized_keys/*

cat >"$DIR/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
Port $PORT
HostKey $DIR/host_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys/%u
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowTcpForwarding yes
MaxSessions 20
MaxStartups 50:30:100
LogLevel VERBOSE
Subsystem sftp internal-sftp
CONFIG

/usr/sbin/sshd -t -f "$DIR/sshd_config" || die "sshd rejected $DIR/sshd_config"
: >"$DIR/sshd.log"
# -D keeps sshd in the foreground of this background job so its pid file is its own pid.
nohup /usr/sbin/sshd -D -f "$DIR/sshd_config" -E "$DIR/sshd.log" </dev/null >/dev/null 2>&1 &
echo $! >"$DIR/sshd.pid"

for _ in $(seq 1 100); do
  if ! port_free "$PORT"; then break; fi
  kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null || die "sshd exited at start: $(tail -5 "$DIR/sshd.log")"
  sleep 0.05
done
port_free "$PORT" && die "sshd did not listen on 127.0.0.1:$PORT within 5s: $(tail -5 "$DIR/sshd.log")"

printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$DIR/host_key.pub")" >"$DIR/known_hosts"
cat >"$DIR/env" <<ENV
SSHD_DIR=$DIR
SSHD_PORT=$PORT
SSHD_CLIENT_KEY=$DIR/client_key
SSHD_HOST_KEY=$DIR/host_key
SSHD_KNOWN_HOSTS=$DIR/known_hosts
ENV
echo "[sshd start] sshd (pid $(cat "$DIR/sshd.pid")) listens on 127.0.0.1:$PORT; env in $DIR/env"
