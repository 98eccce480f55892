#!/usr/bin/env bash
# Starts a real, node-less Kubernetes v1.20.2 control plane on loopback with all state under DIR:
# etcd, kube-apiserver (TLS, token auth, Node+RBAC), kube-controller-manager, kube-scheduler.
# Plain background processes (no systemd). Run provision.sh first; stop with stop.sh DIR.
#
# Usage: start.sh DIR
#
# Env (all optional):
#   KUBEHOP_K8S_BIN_DIR           kube-* and kubectl (default /var/cache/kubehop/kubernetes-v1.20.2/bin)
#   KUBEHOP_ETCD_BIN              etcd binary (default: etcd on PATH, Debian's etcd-server)
#   KUBEHOP_ETCD_PORT             etcd client port        } each one free high port chosen
#   KUBEHOP_ETCD_PEER_PORT        etcd peer port          } by this script when not given
#   KUBEHOP_APISERVER_PORT        kube-apiserver port     }
#   KUBEHOP_CONTROLLER_MANAGER_PORT  controller-manager secure (health) port
#   KUBEHOP_SCHEDULER_PORT        scheduler secure (health) port
#   KUBEHOP_SERVICE_CIDR          --service-cluster-ip-range (default 10.0.0.0/24; never routed)
#   KUBEHOP_START_TIMEOUT         seconds to wait for readiness (default 180)
#   KUBEHOP_APISERVER_EXTRA_ARGS, KUBEHOP_CONTROLLER_MANAGER_EXTRA_ARGS, KUBEHOP_SCHEDULER_EXTRA_ARGS
#                                 extra flags, split on spaces
#
# Writes DIR/admin.kubeconfig, DIR/limited.kubeconfig, DIR/env (sourceable), DIR/env.json,
# DIR/*.pid, DIR/*.log.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HERE
readonly BIN_DIR="${KUBEHOP_K8S_BIN_DIR:-/var/cache/kubehop/kubernetes-v1.20.2/bin}"
readonly ETCD_BIN="${KUBEHOP_ETCD_BIN:-$(command -v etcd || echo /usr/bin/etcd)}"
readonly SERVICE_CIDR="${KUBEHOP_SERVICE_CIDR:-10.0.0.0/24}"
readonly TIMEOUT="${KUBEHOP_START_TIMEOUT:-180}"

die() { printf '[start] error: %s\n' "$*" >&2; exit 1; }
log() { printf '[start %s] %s\n' "$(date +%T)" "$*"; }

[[ $# -eq 1 ]] || die "usage: start.sh DIR"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
readonly DIR

for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [[ -x "$BIN_DIR/$b" ]] || die "missing $BIN_DIR/$b; run test/e2e/control-plane/provision.sh as root first"
done
[[ -x "$ETCD_BIN" ]] || die "missing etcd ($ETCD_BIN); run provision.sh (Debian's etcd-server)"
for t in openssl curl jq ss; do command -v "$t" >/dev/null || die "missing $t; run provision.sh"; done

for c in etcd kube-apiserver kube-controller-manager kube-scheduler; do
  if [[ -f "$DIR/$c.pid" ]] && kill -0 "$(cat "$DIR/$c.pid")" 2>/dev/null; then
    die "a control plane already runs in $DIR ($c pid $(cat "$DIR/$c.pid")); run stop.sh $DIR first"
  fi
done

t_start=$(date +%s)

# --- ports: a random free port in 20000-32767, below Linux's ephemeral range -----------------
taken_ports=" "
port_free() { [[ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]]; }
# assign_port VAR [wanted]: sets VAR to the wanted port, or to a random free one.
assign_port() {
  local var=$1 p=${2:-} i
  if [[ -n "$p" ]]; then
    port_free "$p" || die "invalid port $p for $var: already in use on this machine; unset it to let start.sh choose"
  else
    for i in $(seq 1 200); do
      p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12768 ))
      [[ "$taken_ports" != *" $p "* ]] && port_free "$p" && break
      p=""
    done
    [[ -n "$p" ]] || die "failed to find a free port on 127.0.0.1 for $var after 200 tries"
  fi
  taken_ports+="$p "
  printf -v "$var" '%s' "$p"
}
assign_port ETCD_PORT "${KUBEHOP_ETCD_PORT:-}"
assign_port ETCD_PEER_PORT "${KUBEHOP_ETCD_PEER_PORT:-}"
assign_port APISERVER_PORT "${KUBEHOP_APISERVER_PORT:-}"
assign_port CM_PORT "${KUBEHOP_CONTROLLER_MANAGER_PORT:-}"
assign_port SCHED_PORT "${KUBEHOP_SCHEDULER_PORT:-}"
SERVER="https://127.0.0.1:${APISERVER_PORT}"

# --- PKI: a CA, the apiserver's serving cert, the service-account key pair --------------------
PKI="$DIR/pki"
mkdir -p "$PKI"
if [[ ! -f "$PKI/ca.crt" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=kubehop-e2e-ca" \
    -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
fi
# The serving cert is remade each start: the first service IP follows KUBEHOP_SERVICE_CIDR.
first_service_ip() {
  local net="${SERVICE_CIDR%/*}" a b c d
  IFS=. read -r a b c d <<<"$net"
  echo "$a.$b.$c.$((d + 1))"
}
openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
  -keyout "$PKI/apiserver.key" -out "$PKI/apiserver.csr" 2>/dev/null
cat >"$PKI/apiserver.ext" <<EOF
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:$(first_service_ip),DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
EOF
openssl x509 -req -in "$PKI/apiserver.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
  -days 3650 -extfile "$PKI/apiserver.ext" -out "$PKI/apiserver.crt" 2>/dev/null
chmod 600 "$PKI"/*.key

# --- tokens: admin (system:masters), limited (no bindings), and the two components --------------
if [[ ! -f "$DIR/tokens.csv" ]]; then
  tok() { openssl rand -hex 16; }
  {
    echo "$(tok),admin,uid-admin,\"system:masters\""
    echo "$(tok),limited,uid-limited"
    echo "$(tok),system:kube-controller-manager,uid-kube-controller-manager"
    echo "$(tok),system:kube-scheduler,uid-kube-scheduler"
  } >"$DIR/tokens.csv"
  chmod 600 "$DIR/tokens.csv"
fi
token_of() { awk -F, -v u="$1" '$2 == u {print $1}' "$DIR/tokens.csv"; }
ADMIN_TOKEN=$(token_of admin)
LIMITED_TOKEN=$(token_of limited)

write_kubeconfig() { # file user token
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kubehop-e2e
  cluster:
    server: ${SERVER}
    certificate-authority: ${PKI}/ca.crt
users:
- name: $2
  user:
    token: $3
contexts:
- name: $2@kubehop-e2e
  context:
    cluster: kubehop-e2e
    user: $2
current-context: $2@kubehop-e2e
EOF
  chmod 600 "$1"
}
write_kubeconfig "$DIR/admin.kubeconfig" admin "$ADMIN_TOKEN"
write_kubeconfig "$DIR/limited.kubeconfig" limited "$LIMITED_TOKEN"
write_kubeconfig "$DIR/controller-manager.kubeconfig" system:kube-controller-manager "$(token_of system:kube-controller-manager)"
write_kubeconfig "$DIR/scheduler.kubeconfig" system:kube-scheduler "$(token_of system:kube-scheduler)"

# --- processes ----------------------------------------------------------------------------------
on_failure() {
  local rc=$?
  if ((rc != 0)); then
    echo "[start] stopping what was started; logs are in $DIR/*.log" >&2
    "$HERE/stop.sh" "$DIR" >&2 || true
  fi
}
trap on_failure EXIT

launch() { # name binary args...
  local name=$1; shift
  nohup "$@" >"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
}

# wait_for NAME URL [curl args...]: polls until the URL answers 2xx, or the process dies.
wait_for() {
  local name=$1 url=$2; shift 2
  local deadline=$(( $(date +%s) + TIMEOUT ))
  until curl -fsS --max-time 5 -o /dev/null "$@" "$url" 2>/dev/null; do
    if ! kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
      # A bad flag prints the whole usage after the one line that matters.
      grep -m1 '^Error:' "$DIR/$name.log" >&2 || tail -n 30 "$DIR/$name.log" >&2
      die "$name exited before it was ready; see $DIR/$name.log"
    fi
    if (( $(date +%s) > deadline )); then
      tail -n 30 "$DIR/$name.log" >&2
      die "$name not ready at $url after ${TIMEOUT}s; see $DIR/$name.log"
    fi
    sleep 0.5
  done
}

log "etcd on 127.0.0.1:${ETCD_PORT}"
launch etcd "$ETCD_BIN" \
  --name=kubehop-e2e --data-dir="$DIR/etcd" \
  --listen-client-urls="http://127.0.0.1:${ETCD_PORT}" --advertise-client-urls="http://127.0.0.1:${ETCD_PORT}" \
  --listen-peer-urls="http://127.0.0.1:${ETCD_PEER_PORT}" --initial-advertise-peer-urls="http://127.0.0.1:${ETCD_PEER_PORT}" \
  --initial-cluster="kubehop-e2e=http://127.0.0.1:${ETCD_PEER_PORT}" --initial-cluster-state=new
wait_for etcd "http://127.0.0.1:${ETCD_PORT}/health"

log "kube-apiserver on ${SERVER}"
# --insecure-port=0: v1.20 still opens an unauthenticated :8080 otherwise.
# --endpoint-reconciler-type=none: the `kubernetes` Endpoints may not hold a loopback address.
# shellcheck disable=SC2086
launch kube-apiserver "$BIN_DIR/kube-apiserver" \
  --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" --insecure-port=0 \
  --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
  --etcd-servers="http://127.0.0.1:${ETCD_PORT}" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --token-auth-file="$DIR/tokens.csv" \
  --authorization-mode=Node,RBAC \
  --enable-admission-plugins=NodeRestriction \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --allow-privileged=true \
  ${KUBEHOP_APISERVER_EXTRA_ARGS:-}
wait_for kube-apiserver "${SERVER}/readyz" --cacert "$PKI/ca.crt" -H "Authorization: Bearer ${ADMIN_TOKEN}"

log "kube-controller-manager (health on 127.0.0.1:${CM_PORT})"
# shellcheck disable=SC2086
launch kube-controller-manager "$BIN_DIR/kube-controller-manager" \
  --kubeconfig="$DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$CM_PORT" --port=0 \
  --controllers='*' --use-service-account-credentials \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --leader-elect=false \
  ${KUBEHOP_CONTROLLER_MANAGER_EXTRA_ARGS:-}

log "kube-scheduler (health on 127.0.0.1:${SCHED_PORT})"
# shellcheck disable=SC2086
launch kube-scheduler "$BIN_DIR/kube-scheduler" \
  --kubeconfig="$DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig="$DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig="$DIR/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --port=0 \
  --leader-elect=false \
  ${KUBEHOP_SCHEDULER_EXTRA_ARGS:-}

wait_for kube-controller-manager "https://127.0.0.1:${CM_PORT}/healthz" -k
wait_for kube-scheduler "https://127.0.0.1:${SCHED_PORT}/healthz" -k
# The default ServiceAccount shows the controllers are working; pods in `default` need it.
wait_for kube-controller-manager "${SERVER}/api/v1/namespaces/default/serviceaccounts/default" \
  --cacert "$PKI/ca.crt" -H "Authorization: Bearer ${ADMIN_TOKEN}"

# The same facts twice: DIR/env for shells (`source DIR/env`), DIR/env.json for the test code.
facts=(
  KUBECONFIG "$DIR/admin.kubeconfig"
  KUBEHOP_CP_DIR "$DIR"
  KUBEHOP_CP_SERVER "$SERVER"
  KUBEHOP_CP_CA_FILE "$PKI/ca.crt"
  KUBEHOP_CP_ADMIN_KUBECONFIG "$DIR/admin.kubeconfig"
  KUBEHOP_CP_LIMITED_KUBECONFIG "$DIR/limited.kubeconfig"
  KUBEHOP_CP_ADMIN_TOKEN "$ADMIN_TOKEN"
  KUBEHOP_CP_LIMITED_TOKEN "$LIMITED_TOKEN"
  KUBEHOP_CP_KUBECTL "$BIN_DIR/kubectl"
  KUBEHOP_CP_ETCD_URL "http://127.0.0.1:${ETCD_PORT}"
  KUBEHOP_CP_APISERVER_PORT "$APISERVER_PORT"
  KUBEHOP_CP_ETCD_PORT "$ETCD_PORT"
  KUBEHOP_CP_ETCD_PEER_PORT "$ETCD_PEER_PORT"
  KUBEHOP_CP_CONTROLLER_MANAGER_PORT "$CM_PORT"
  KUBEHOP_CP_SCHEDULER_PORT "$SCHED_PORT"
  KUBEHOP_CP_SERVICE_CIDR "$SERVICE_CIDR"
  KUBEHOP_CP_ETCD_PID "$(cat "$DIR/etcd.pid")"
  KUBEHOP_CP_APISERVER_PID "$(cat "$DIR/kube-apiserver.pid")"
  KUBEHOP_CP_CONTROLLER_MANAGER_PID "$(cat "$DIR/kube-controller-manager.pid")"
  KUBEHOP_CP_SCHEDULER_PID "$(cat "$DIR/kube-scheduler.pid")"
)
: >"$DIR/env"
jq_args=()
for ((i = 0; i < ${#facts[@]}; i += 2)); do
  printf 'export %s=%q\n' "${facts[i]}" "${facts[i + 1]}" >>"$DIR/env"
  jq_args+=(--arg "${facts[i]}" "${facts[i + 1]}")
done
jq -n '$ARGS.named' "${jq_args[@]}" >"$DIR/env.json"
chmod 600 "$DIR/env" "$DIR/env.json"

log "ready in $(( $(date +%s) - t_start ))s: ${SERVER}; source $DIR/env"
