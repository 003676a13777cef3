#!/usr/bin/env bash
# The whole multi-process topology of issue 17 on loopback, in one command, composed of the existing scripts:
#   Redis Cluster (6 nodes: reliability/redis-cluster.sh), PostgreSQL HA (etcd, two nodes under Patroni in
#   synchronous mode, HAProxy on Patroni's /primary: deploy/local/pg-ha.sh), one worker and three API processes of the
#   gateway jar, and HAProxy in front of the API processes (round robin, checks on /health/ready).
#   deploy/local/cluster.sh up [DIR]       starts everything (bounded waits), prints the front's URL
#   deploy/local/cluster.sh status [DIR]   one line per component
#   deploy/local/cluster.sh down [DIR]     stops everything it started (pid files); data left in DIR
# DIR defaults to deploy/local/.work/cluster. Debian packages installed when missing: redis-server (redis-cli),
# haproxy, and through pg-ha.sh patroni, etcd-server, postgresql. A development topology: the worker runs the
# development issuer and the platform's one dev inbox (./dmp's jar, gateway/target/dmp-gateway.jar, built if
# missing); the API processes trust that issuer. Production runs the production image (deploy/image/build.sh) with a
# real identity provider, SMPP and SMTP.
# Ports: Redis 17100-17105, PostgreSQL HA 15400-15409 (HAProxy for PostgreSQL on 15406), worker 18090, APIs
# 18081-18083, the dev inbox 18025, the front (HAProxy) 18080 and its statistics page 18089.
set -euo pipefail
cmd="${1:?up|status|down}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="${2:-$here/.work/cluster}"
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
REDIS_BASE=17100 PG_BASE=15400 WORKER_PORT=18090 INBOX_PORT=18025 FRONT_PORT=18080 STATS_PORT=18089
API_PORTS=(18081 18082 18083)
jar="$root/gateway/target/dmp-gateway.jar"

wait_for() { # SECONDS WHAT COMMAND...: polls every second, fails after SECONDS
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 "$limit"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "cluster.sh: $what not ready after ${limit} s (logs in $dir)" >&2; return 1
}
ready() { curl -sf -m 2 "http://127.0.0.1:$1/health/ready"; }
alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

install_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  echo "cluster.sh: installing ${missing[*]} ..." >&2
  apt-get update -q >/dev/null
  local own_policy=0 # no service of these packages starts at install: this script starts its own, on its own ports
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
}

gateway() { # NAME ROLE PORT [VAR=VALUE...]: one process of the jar, environment from $dir/env plus the arguments
  local name=$1 role=$2 port=$3; shift 3
  mkdir -p "$dir/data-$name"
  ( set -a; . "$dir/env"; set +a
    exec env DMP_ROLES="$role" DMP_HTTP_PORT="$port" DMP_DATA_DIR="$dir/data-$name" "$@" \
      java -Xmx512m -jar "$dir/dmp-gateway.jar" run ) >> "$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
}

case "$cmd" in
  up)
    install_packages
    if [ ! -f "$jar" ]; then (cd "$root" && ./mvnw -B -q -DskipTests package -pl gateway -am >&2); fi
    cp "$jar" "$dir/dmp-gateway.jar" # a rebuild must not rewrite the jar under the running processes
    if [ ! -f "$dir/env" ]; then # the platform's keys and passwords, generated once, owner-only
      umask 077
      { for k in DMP_MASTER_KEY DMP_INS_HASH_KEY DMP_NOTIFY_KEY DMP_PWA_SECRET DMP_AUDIT_SIGNING_KEY DMP_AUDIT_CHAIN_KEY; do
          echo "$k=$(head -c 32 /dev/urandom | base64)"; done
        echo "REDIS_PASSWORD=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"; } > "$dir/env.keys"
      umask 022
    fi
    . "$dir/env.keys"
    echo "cluster.sh: Redis Cluster ..." >&2
    redis_urls=$("$root/reliability/redis-cluster.sh" up "$dir/redis" "$REDIS_BASE" "$REDIS_PASSWORD")
    echo "cluster.sh: PostgreSQL HA (Patroni, etcd, HAProxy) ..." >&2
    pg_url=$("$here/pg-ha.sh" up "$dir/pg" "$PG_BASE" | sed -n 's/^DMP_PG_URL=//p')
    [ -n "$pg_url" ] || { echo "cluster.sh: pg-ha.sh gave no DMP_PG_URL" >&2; exit 1; }
    { cat "$dir/env.keys" | grep -v '^REDIS_PASSWORD='
      echo "DMP_MODE=development"
      echo "DMP_PG_URL=$pg_url"
      echo "DMP_REDIS_URL=$redis_urls"
      echo "DMP_REDIS_MODE=cluster"
      echo "DMP_HTTP_HOST=127.0.0.1"
      echo "DMP_PUBLIC_URL=https://localhost" # the configuration wants https outside embedded mode (TLS is the front's)
      echo "DMP_PG_POOL_SIZE=8"
      echo "DMP_AUDIT_WITNESS_FILE=$dir/audit-witness.log"; } > "$dir/env"
    chmod 600 "$dir/env"
    echo "cluster.sh: the worker (development issuer, dev inbox on $INBOX_PORT) ..." >&2
    alive worker || gateway worker worker "$WORKER_PORT" DMP_INBOX_PORT="$INBOX_PORT"
    wait_for 240 "the worker" ready "$WORKER_PORT"
    wait_for 30 "the development issuer" test -s "$dir/data-worker/oidc.issuer"
    issuer=$(cat "$dir/data-worker/oidc.issuer")
    echo "cluster.sh: three API processes ..." >&2
    for i in 0 1 2; do
      alive "api$((i + 1))" || gateway "api$((i + 1))" api "${API_PORTS[$i]}" DMP_OIDC_ISSUER="$issuer" \
        DMP_PRESENCE_ISSUER="${issuer%/*}/presence"
    done
    for p in "${API_PORTS[@]}"; do wait_for 240 "the API process on $p" ready "$p"; done
    cat > "$dir/haproxy.cfg" <<CFG
global
  maxconn 4000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout check 2s
  retries 2
  option redispatch 1
  option forwardfor
listen stats
  bind 127.0.0.1:$STATS_PORT
  stats enable
  stats uri /
frontend dmp
  bind 127.0.0.1:$FRONT_PORT
  default_backend api
backend api
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 1s fall 3 rise 2
  server api1 127.0.0.1:${API_PORTS[0]} check
  server api2 127.0.0.1:${API_PORTS[1]} check
  server api3 127.0.0.1:${API_PORTS[2]} check
CFG
    alive haproxy || { haproxy -db -f "$dir/haproxy.cfg" >> "$dir/haproxy.log" 2>&1 & echo $! > "$dir/haproxy.pid"; }
    wait_for 20 "the front (HAProxy)" ready "$FRONT_PORT"
    echo "cluster.sh: up. Front http://127.0.0.1:$FRONT_PORT (3 API processes), dev inbox http://127.0.0.1:$INBOX_PORT/,"
    echo "  tokens: DMP_DATA_DIR=$dir/data-worker ./dmp token --rpps 10001234565 --profession 10"
    ;;
  status)
    echo "redis cluster:"; [ -f "$dir/env.keys" ] && . "$dir/env.keys" && "$root/reliability/redis-cluster.sh" status "$dir/redis" "$REDIS_BASE" "${REDIS_PASSWORD:-}" | sed 's/^/  /'
    echo "postgresql (patroni):"; if [ -f "$dir/pg/etcd.pid" ]; then "$here/pg-ha.sh" status "$dir/pg" 2>&1 | sed 's/^/  /'; else echo "  down"; fi
    for name in worker api1 api2 api3; do
      case $name in worker) port=$WORKER_PORT ;; api1) port=${API_PORTS[0]} ;; api2) port=${API_PORTS[1]} ;; api3) port=${API_PORTS[2]} ;; esac
      if alive "$name"; then echo "$name :$port pid $(cat "$dir/$name.pid") $(ready "$port" || echo 'not ready')"; else echo "$name :$port down"; fi
    done
    if alive haproxy; then
      echo "front (haproxy) :$FRONT_PORT pid $(cat "$dir/haproxy.pid") $(ready "$FRONT_PORT" || echo 'not ready')"
      curl -sf -m 2 "http://127.0.0.1:$STATS_PORT/;csv" | awk -F, '$1 == "api" && $2 ~ /^api/ {print "  " $2 " " $18}'
    else echo "front (haproxy) :$FRONT_PORT down"; fi
    ;;
  down)
    for name in haproxy api1 api2 api3 worker; do
      if alive "$name"; then kill "$(cat "$dir/$name.pid")" 2>/dev/null || true; fi
    done
    for name in api1 api2 api3 worker; do # a gateway drains for a few seconds; then it is killed
      for _ in $(seq 1 30); do alive "$name" || break; sleep 1; done
      alive "$name" && kill -9 "$(cat "$dir/$name.pid")" 2>/dev/null || true
      rm -f "$dir/$name.pid"
    done
    rm -f "$dir/haproxy.pid"
    [ -d "$dir/pg" ] && "$here/pg-ha.sh" down "$dir/pg" || true
    [ -d "$dir/redis" ] && "$root/reliability/redis-cluster.sh" down "$dir/redis" || true
    echo "cluster.sh: down (data left in $dir)"
    ;;
  *) echo "cluster.sh: up|status|down [DIR]" >&2; exit 2 ;;
esac
