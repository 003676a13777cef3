#!/usr/bin/env bash
# PostgreSQL high availability on loopback (issue 17, item 4): one etcd, two PostgreSQL nodes managed by Patroni in
# synchronous mode (a commit is acknowledged once the standby has it), and HAProxy sending connections to whichever node
# Patroni's REST API calls the primary (GET /primary answers 200 on the leader only). Debian's packages: patroni,
# etcd-server, postgresql, haproxy (installed when missing; `apt-get update` first).
#   deploy/local/pg-ha.sh up DIR [BASE]       starts it all (ports BASE..BASE+9, default 15400), waits (bounded) until
#                                             there is a leader and a synchronous standby; prints DMP_PG_URL
#   deploy/local/pg-ha.sh status DIR          patronictl list
#   deploy/local/pg-ha.sh switchover DIR      planned: the synchronous standby becomes the primary
#   deploy/local/pg-ha.sh kill-primary DIR    kill -9 of the primary's postmaster and of its Patroni (a crashed node)
#   deploy/local/pg-ha.sh restart-node DIR N  starts Patroni of node N (1 or 2) again: it rejoins as a standby
#   deploy/local/pg-ha.sh down DIR            stops everything it started (pid files), data left in DIR
# Ports: BASE etcd client, +1 etcd peer, +2/+3 PostgreSQL of node 1/2, +4/+5 Patroni REST of node 1/2, +6 HAProxy
# (the database clients' address), +7 HAProxy's stats. PostgreSQL refuses to run as root: as root, Patroni runs as the
# user postgres (created by the postgresql package) through setpriv. Every wait is bounded.
set -euo pipefail
cmd="${1:?up|status|switchover|kill-primary|restart-node|down}"
dir="$(mkdir -p "${2:?directory}" && cd "$2" && pwd)"
base="${3:-15400}"
[ -f "$dir/base" ] && [ "$cmd" != up ] && base=$(cat "$dir/base")
etcd_port=$base peer_port=$((base + 1)) ha_port=$((base + 6)) stats_port=$((base + 7))
pg_port() { echo $((base + 1 + $1)); }
rest_port() { echo $((base + 3 + $1)); }

as_postgres=()
if [ "$(id -u)" = 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
ctl() { patronictl -c "$dir/node1.yml" "$@"; }

install_packages() {
  local missing=()
  command -v patroni >/dev/null || missing+=(patroni)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v haproxy >/dev/null || missing+=(haproxy)
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] && return
  echo "pg-ha.sh: installing ${missing[*]} ..." >&2
  apt-get update -q >/dev/null
  # No service of these packages is started by the install: this script starts its own, on its own ports.
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
}

node_config() { # N
  local n=$1
  cat > "$dir/node$n.yml" <<YAML
scope: dmp
namespace: /dmp/
name: pg$n
restapi:
  listen: 127.0.0.1:$(rest_port "$n")
  connect_address: 127.0.0.1:$(rest_port "$n")
etcd3:
  hosts: 127.0.0.1:$etcd_port
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 200
        archive_mode: "on"
        archive_command: "$(archive_command)"
  initdb:
    - encoding: UTF8
    - data-checksums
postgresql:
  listen: 127.0.0.1:$(pg_port "$n")
  connect_address: 127.0.0.1:$(pg_port "$n")
  data_dir: $dir/data$n
  bin_dir: $(pg_bin)
  pgpass: $dir/pgpass$n
  authentication:
    superuser:
      username: postgres
      password: $(cat "$dir/pg.password")
    replication:
      username: replicator
      password: $(cat "$dir/pg.password")
  parameters:
    unix_socket_directories: $dir
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
YAML
}

# WAL archiving to pgBackRest when its stanza is configured (deploy/local/pg-backup.sh), else kept nowhere (true).
archive_command() {
  if [ -f "$dir/pgbackrest.conf" ]; then
    echo "pgbackrest --config=$dir/pgbackrest.conf --stanza=dmp archive-push %p"
  else
    echo "true"
  fi
}

start_patroni() { # N
  local n=$1
  "${as_postgres[@]}" patroni "$dir/node$n.yml" >> "$dir/patroni$n.log" 2>&1 &
  echo $! > "$dir/patroni$n.pid"
}

leader() { ctl list -f json 2>/dev/null | python3 -c 'import json,sys
for m in json.load(sys.stdin):
    if m["Role"] == "Leader" and m["State"] == "running": print(m["Member"])'; }
sync_standby() { ctl list -f json 2>/dev/null | python3 -c 'import json,sys
for m in json.load(sys.stdin):
    if m["Role"] == "Sync Standby" and m["State"] in ("running", "streaming"): print(m["Member"])'; }
wait_for() { # SECONDS WHAT COMMAND...
  local secs=$1 what=$2; shift 2
  for _ in $(seq 1 "$secs"); do "$@" && return 0; sleep 1; done
  echo "pg-ha.sh: no $what after $secs s (logs in $dir)" >&2; return 1
}
has_leader() { [ -n "$(leader)" ]; }
has_sync() { [ -n "$(sync_standby)" ]; }

case "$cmd" in
  up)
    install_packages
    echo "$base" > "$dir/base"
    [ -f "$dir/pg.password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/pg.password")
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
    etcd --name dmp-etcd --data-dir "$dir/etcd" --listen-client-urls "http://127.0.0.1:$etcd_port" \
      --advertise-client-urls "http://127.0.0.1:$etcd_port" --listen-peer-urls "http://127.0.0.1:$peer_port" \
      --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
      --initial-cluster "dmp-etcd=http://127.0.0.1:$peer_port" >> "$dir/etcd.log" 2>&1 &
    echo $! > "$dir/etcd.pid"
    wait_for 30 "etcd" sh -c "curl -sf http://127.0.0.1:$etcd_port/health >/dev/null"
    for n in 1 2; do node_config "$n"; done
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"/node*.yml; fi
    start_patroni 1
    wait_for 120 "leader" has_leader
    start_patroni 2
    wait_for 180 "synchronous standby" has_sync
    cat > "$dir/haproxy.cfg" <<CFG
global
  maxconn 2000
defaults
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 2s
listen stats
  mode http
  bind 127.0.0.1:$stats_port
  stats enable
  stats uri /
listen postgres
  bind 127.0.0.1:$ha_port
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
  server pg1 127.0.0.1:$(pg_port 1) maxconn 500 check port $(rest_port 1)
  server pg2 127.0.0.1:$(pg_port 2) maxconn 500 check port $(rest_port 2)
CFG
    haproxy -db -f "$dir/haproxy.cfg" >> "$dir/haproxy.log" 2>&1 &
    echo $! > "$dir/haproxy.pid"
    wait_for 20 "HAProxy" sh -c "PGPASSWORD=$(cat "$dir/pg.password") $(pg_bin)/psql -X -At -h 127.0.0.1 -p $ha_port -U postgres -c 'select 1' postgres >/dev/null 2>&1"
    echo "leader $(leader), synchronous standby $(sync_standby)" >&2
    echo "DMP_PG_URL=postgresql://postgres:$(cat "$dir/pg.password")@127.0.0.1:$ha_port/postgres"
    ;;
  status)
    ctl list
    ;;
  switchover)
    from=$(leader); to=$(sync_standby)
    [ -n "$from" ] && [ -n "$to" ] || { echo "pg-ha.sh: no leader and synchronous standby to switch" >&2; exit 1; }
    ctl switchover --leader "$from" --candidate "$to" --force >/dev/null
    wait_for 60 "new leader $to" sh -c "[ \"\$($0 leader-of $dir)\" = $to ]"
    echo "$from -> $to"
    ;;
  leader-of)
    leader
    ;;
  kill-primary)
    from=$(leader); [ -n "$from" ] || { echo "pg-ha.sh: no leader" >&2; exit 1; }
    n=${from#pg}
    pm=$(head -n 1 "$dir/data$n/postmaster.pid")
    kill -9 "$(cat "$dir/patroni$n.pid")" "$pm" 2>/dev/null || true
    pkill -9 -P "$pm" 2>/dev/null || true
    echo "$from"
    ;;
  restart-node)
    n=${3:?node 1 or 2}
    start_patroni "$n"
    wait_for 120 "synchronous standby" has_sync
    ;;
  down)
    for f in haproxy patroni2 patroni1; do
      [ -f "$dir/$f.pid" ] && kill "$(cat "$dir/$f.pid")" 2>/dev/null || true
    done
    for n in 1 2; do
      for _ in $(seq 1 30); do [ -f "$dir/data$n/postmaster.pid" ] || break; sleep 1; done
      if [ -f "$dir/data$n/postmaster.pid" ]; then
        "${as_postgres[@]}" "$(pg_bin)/pg_ctl" -D "$dir/data$n" -m immediate stop >/dev/null 2>&1 || true
      fi
    done
    [ -f "$dir/etcd.pid" ] && kill "$(cat "$dir/etcd.pid")" 2>/dev/null || true
    rm -f "$dir"/*.pid
    ;;
  *)
    echo "pg-ha.sh: unknown command $cmd" >&2; exit 2
    ;;
esac
