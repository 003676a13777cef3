#!/usr/bin/env bash
# A real 6-node Redis Cluster (3 masters, 3 replicas) on loopback, for the cluster tests (docs/RELIABILITY.md):
#   reliability/redis-cluster.sh up <dir> <base-port> <password>   starts nodes base..base+5, builds the cluster, waits
#                                                                  for cluster_state:ok; prints the DMP_REDIS_URL seeds
#   reliability/redis-cluster.sh down <dir>                        kill -9 of every node it started (pid files)
#   reliability/redis-cluster.sh status <dir> <base-port> <password>
# Debian's redis-server and redis-cli (apt-get install redis-server). Loopback only, no persistence (appendonly off, no
# RDB): the replicas are the copies. Every wait is bounded.
set -euo pipefail
cmd="${1:?up|down|status}"
dir="${2:?directory}"
base="${3:-7100}"
pass="${4:-}"
cli() { local port="$1"; shift; REDISCLI_AUTH="$pass" redis-cli -h 127.0.0.1 -p "$port" "$@"; }

case "$cmd" in
  up)
    command -v redis-server >/dev/null || { echo "redis-cluster.sh: apt-get install redis-server" >&2; exit 2; }
    mkdir -p "$dir"
    for i in 0 1 2 3 4 5; do
      port=$((base + i))
      mkdir -p "$dir/$port"
      rm -f "$dir/$port/nodes.conf"
      redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$dir/$port/nodes.conf" \
        --cluster-node-timeout 2000 --dir "$dir/$port" --appendonly no --save '' \
        --requirepass "$pass" --masterauth "$pass" --daemonize yes --pidfile "$dir/$port/redis.pid" \
        --logfile "$dir/$port/redis.log" >/dev/null
    done
    for i in 0 1 2 3 4 5; do
      port=$((base + i))
      for _ in $(seq 1 50); do cli "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
    done
    nodes=""
    for i in 0 1 2 3 4 5; do nodes="$nodes 127.0.0.1:$((base + i))"; done
    # shellcheck disable=SC2086
    REDISCLI_AUTH="$pass" redis-cli --cluster create $nodes --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1
    for _ in $(seq 1 100); do
      ok=1
      for i in 0 1 2 3 4 5; do cli $((base + i)) cluster info 2>/dev/null | grep -q 'cluster_state:ok' || ok=0; done
      [[ $ok == 1 ]] && break
      sleep 0.2
    done
    [[ $ok == 1 ]] || { echo "redis-cluster.sh: cluster not ok after 20 s (see $dir)" >&2; exit 1; }
    # Every replica attached and in sync before a test fails a master over.
    for _ in $(seq 1 100); do
      synced=$(for i in 0 1 2 3 4 5; do cli $((base + i)) info replication; done | grep -c 'master_link_status:up' || true)
      [[ "$synced" == 3 ]] && break
      sleep 0.2
    done
    [[ "$synced" == 3 ]] || { echo "redis-cluster.sh: replicas not in sync after 20 s" >&2; exit 1; }
    urls=""
    for i in 0 1 2 3 4 5; do urls="$urls${urls:+,}redis://:$pass@127.0.0.1:$((base + i))"; done
    echo "$urls"
    ;;
  down)
    for f in "$dir"/*/redis.pid; do
      [[ -f "$f" ]] || continue
      kill -9 "$(cat "$f")" 2>/dev/null || true
      rm -f "$f"
    done
    ;;
  status)
    for i in 0 1 2 3 4 5; do
      port=$((base + i))
      echo "$port $(cli "$port" role 2>/dev/null | head -n 1 || echo down)"
    done
    ;;
  *) echo "redis-cluster.sh: up|down|status" >&2; exit 2 ;;
esac
