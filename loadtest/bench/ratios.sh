#!/usr/bin/env bash
# The ratio benchmarks of issue 5 in one command (docs/BENCHMARKS.md): each gateway figure beside its baseline,
# measured on this machine in this run so that the machine cancels out.
#   B1 bare Vert.x hello (wrk)          G1 GET /health/live (wrk)                          G1 = G1 / B1  (>= 0.80)
#   B2 pgbench -S -M prepared           G2 consent-checked audited list of documents (wrk)  G2 = G2 / B2  (>= 0.35)
#                                       G2f the same patients by ITI-67 on the FHIR face (wrk,   G2f = G2f / G2 (>= 0.7)
#                                           same connections, one page of 20 current documents)
#   TPC-B pgbench -M prepared           G6 deposit (wrk)                                    G6 = G6 / TPC-B (>= 0.5)
#   B4 k6 (and B4v vegeta) constant arrival rate against B1 at B4_RATE; G4 the list at a constant arrival rate of
#   50 % and 80 % of G2, by vegeta (G4_TOOL=k6 for k6)
# Usage (from the repository root, the gateway jar built: ./mvnw -B -q -DskipTests package -pl gateway -am):
#   loadtest/bench/ratios.sh                                    # temporary data dir, seeds 100,000 persons
#   DATA_DIR=/path/data-40m PERSONS=40000000 loadtest/bench/ratios.sh   # an existing (seeded) data dir, not reseeded
# Knobs: GATEWAY_JAR (gateway/target/dmp-gateway.jar: another build to measure, e.g. an older commit's), PORT_BASE (18000), SECONDS_EACH (20), WARMUP_SECONDS (90, of G2 before anything is measured), CONNECTIONS (64), DEPOSIT_CONNECTIONS (16), B4_RATE (2000),
#        G4_SECONDS (30), G4_TOOL (vegeta), ONLY ("B1 G1 B2 G2 G2f TPCB G6 B4 G4", any subset; add ER for the erased
#        persons' timing, erased-timing.mjs), DMP_HTTP_INSTANCES passes through, ROLES (all: one process as
#        `./dmp run`; split: the gateway with DMP_ROLES=api and a second JVM with DMP_ROLES=worker beside it, both
#        counted in the server CPU, each also on its own: issue 17; loadtest/bench/roles.sh alternates the two),
#        HSM=1 (adds G2h: G2 again with the master key in SoftHSM2, after every other measure: the gateway restarted
#        with DMP_MASTER_KEY_PKCS11, every data key re-wrapped inside the HSM by `dmp keys rotate`, the same warm-up,
#        then the list; issue 22 asks G2h / G2 >= 0.9. Needs softhsm2; ROLES=all only).
# Needs wrk, pgbench/psql (postgresql-client), node, jcmd, and for B4/G4 k6 (loadtest/install-k6.sh) and vegeta
# (loadtest/bench/install-vegeta.sh; both are built with Go when missing).
# Every process it starts is on 127.0.0.1 and stopped at the end. Prints a markdown table last.
set -euo pipefail
# The platform serves one HTTP verticle per processor unless told otherwise (issue 17); the report names what ran.
# DMP_HTTP_INSTANCES=1 measures the single-loop baseline.
export DMP_HTTP_INSTANCES="${DMP_HTTP_INSTANCES:-$(nproc)}"
cd "$(dirname "$0")/../.."
ROOT=$PWD
BASE=${PORT_BASE:-18000}
SECS=${SECONDS_EACH:-20}
CONN=${CONNECTIONS:-64}
DCONN=${DEPOSIT_CONNECTIONS:-16}
ONLY=${ONLY:-"B1 G1 B2 G2 G2f TPCB G6 B4 G4"}
[ "${HSM:-0}" = 1 ] && ONLY="$ONLY G2h"
want() { [[ " $ONLY " == *" $1 "* ]]; }

JAR_SRC=${GATEWAY_JAR:-gateway/target/dmp-gateway.jar}
[ -f "$JAR_SRC" ] || { echo "ratios: build the gateway first (./mvnw -B -q -DskipTests package -pl gateway -am)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/dmp-ratios.XXXXXX)
JAR=$WORK/gateway.jar; cp "$JAR_SRC" "$JAR"
if [ -n "${DATA_DIR:-}" ]; then DATA=$(cd "$DATA_DIR" && pwd); SEED=0; else DATA=$WORK/data; SEED=1; fi
PERSONS=${PERSONS:-100000}

export DMP_DATA_DIR=$DATA DMP_HTTP_HOST=127.0.0.1 DMP_HTTP_PORT=$((BASE + 80)) DMP_INBOX_PORT=$((BASE + 25)) \
  DMP_RATE_LIMIT_BURST=100000000 DMP_RATE_LIMIT_PER_SECOND=100000000 DMP_LOGIN_ATTEMPTS_PER_ADDRESS=100000000 \
  DMP_DISTINCT_PATIENTS_PER_DAY=100000000 DMP_ACCESS_LOG_LEVEL=WARN
GW_URL=http://127.0.0.1:$DMP_HTTP_PORT
HELLO_PORT=$((BASE + 90))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

if [ "$SEED" = 1 ]; then
  mkdir -p "$DATA"
  java -jar "$JAR" seed --persons "$PERSONS" 2>&1 | tail -n 2
fi
ROLES=${ROLES:-all}
[ "$ROLES" = split ] && export DMP_ROLES=api
java -jar "$JAR" run > "$WORK/run.log" 2>&1 & GW=$!; pids+=("$GW")
# B1: the bare server, compiled here from its source so no test build is needed.
mkdir -p "$WORK/hello"
javac -d "$WORK/hello" -cp "$JAR" gateway/src/test/java/fr/sante/dmp/gateway/bench/HelloServer.java
java -cp "$WORK/hello:$JAR" fr.sante.dmp.gateway.bench.HelloServer "$HELLO_PORT" "${DMP_HTTP_INSTANCES:-1}" \
  > /dev/null 2>&1 & HELLO=$!; pids+=("$HELLO")
for _ in $(seq 1 300); do curl -sf "$GW_URL/health/ready" > /dev/null && break; sleep 1; done
curl -sf "$GW_URL/health/ready" > /dev/null || { echo "ratios: gateway not ready; log:" >&2; tail -n 30 "$WORK/run.log" >&2; exit 1; }

PGPORT=$(cat "$DATA/pg.port"); PM=$(head -n 1 "$DATA/pg/postmaster.pid")
SERVERS=$GW
if [ "$ROLES" = split ]; then
  # The worker: the API's embedded PostgreSQL and Redis (their generated passwords), its issuer, its keys (the same
  # data directory); development mode, since an external database otherwise means production.
  WORKER_PORT=$((BASE + 81))
  DMP_ROLES=worker DMP_MODE=development DMP_HTTP_PORT=$WORKER_PORT \
    DMP_PG_URL="postgresql://postgres:$(cat "$DATA/keys/pg.password")@127.0.0.1:$PGPORT/postgres" \
    DMP_REDIS_URL="redis://:$(cat "$DATA/keys/redis.password")@127.0.0.1:$(cat "$DATA/redis.port")" \
    DMP_OIDC_ISSUER="$(cat "$DATA/oidc.issuer")" java -jar "$JAR" run > "$WORK/worker.log" 2>&1 & WK=$!; pids+=("$WK")
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$WORKER_PORT/health/ready" > /dev/null && break; sleep 1; done
  curl -sf "http://127.0.0.1:$WORKER_PORT/health/ready" > /dev/null \
    || { echo "ratios: worker not ready; log:" >&2; tail -n 30 "$WORK/worker.log" >&2; exit 1; }
  SERVERS="$GW $WK"
fi
# The embedded PostgreSQL asks for the password generated in the data directory (0600); psql and pgbench read it here.
PGPASSWORD=$(cat "$DATA/keys/pg.password"); export PGPASSWORD
node loadtest/bench/ins-list.mjs 10000 "$( [ "$SEED" = 1 ] && echo 0 || echo "$PERSONS")" > "$WORK/ins.txt"
export INS_FILE=$WORK/ins.txt
# G6 deposits to other persons: tens of thousands of new documents on the records G2 and G4 read would make G4 list
# several times more documents than G2 did (docs/BENCHMARKS.md, "How figures are measured").
node loadtest/bench/ins-list.mjs 10000 "$( [ "$SEED" = 1 ] && echo 0 || echo "$PERSONS")" other > "$WORK/deposit-ins.txt"
TOKEN=$(java -jar "$JAR" token --rpps 10001234565 --profession 10 2> /dev/null | tail -n 1); export TOKEN
# The benchmark physician reads and deposits in a care relationship, as everyone must: contexts opened with the
# patients' cards (presence assertions of the development card reader), before the warm-up.
BASE_URL=$GW_URL ISSUER=$(cat "$DATA/oidc.issuer") RPPS=10001234565 \
  node loadtest/bench/open-contexts.mjs "$WORK/ins.txt" "$WORK/deposit-ins.txt"
psql_() { psql -X -q -At -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"; }
if ! psql_ -c "select 1 from pg_database where datname = 'bench'" | grep -q 1; then
  psql_ -c 'CREATE DATABASE bench'
  pgbench -h 127.0.0.1 -p "$PGPORT" -U postgres -i -s 10 -q bench > /dev/null 2>&1
fi

declare -A rate cpu split
# µs of CPU per operation of each server process (the gateway, or the API and the worker; PostgreSQL with its
# backends), from cpu-per-op.sh's per-process lines; RATE is the operations per second of the run.
per_process() { # OUTPUT RATE
  echo "$1" | awk -v r="$2" -v gw="$GW" -v wk="${WK:-}" -v pm="$PM" '
    /^cpu_s\[/ { p = $1; sub(/^cpu_s\[/, "", p); sub(/\].*/, "", p); v = $1; sub(/^.*=/, "", v)
                 n = p == gw ? (wk == "" ? "gateway" : "api") : p == wk ? "worker" : p == pm ? "postgres" : p
                 out = out (out == "" ? "" : " / ") n " " (r > 0 ? sprintf("%.0f", v / r * 1e6) : "-") }
    /^wall_s=/ { }
    END { print out }' | sed 's/^$/-/'
}
measure() { # NAME PIDS COMMAND... ; records the rate (wrk Requests/sec or pgbench tps) and server CPU per op in µs
  local name=$1 who=$2; shift 2
  local out; out=$(PER_PROCESS=1 loadtest/bench/cpu-per-op.sh "$who" "$@")
  echo "== $name"; echo "$out" | grep -E 'server_cpu_s|Requests/sec|Latency|Non-2xx|tps =|latency average|failed' || true
  local r; r=$(echo "$out" | awk '/Requests\/sec:/ {print $2} /^tps = / {print $3}' | head -n 1)
  local s; s=$(echo "$out" | sed -n 's/.*server_cpu_s=\([0-9.]*\).*wall_s=\([0-9.]*\).*/\1 \2/p')
  rate[$name]=$r
  cpu[$name]=$(echo "$s $r" | awk '{ if ($3 > 0) printf "%.0f", $1 / ($3 * $2) * 1e6; else print "-" }')
  local wall; wall=$(echo "$s" | awk '{print $2}')
  split[$name]=$(per_process "$out" "$(awk -v r="$r" -v w="$wall" 'BEGIN { printf "%.3f", r * w }')")
}

echo "load before warm-up: $(cut -d' ' -f1-3 /proc/loadavg)"
# JIT warm-up of the read path: C2 kept compiling for about two minutes of G2 load (its threads took 12.9 s of CPU in
# the 26 s after a 15 s warm-up, 0.4 s in the third 20 s run after it; docs/BENCHMARKS.md, "How figures are
# measured").
wrk -t2 -c"$CONN" -d"${WARMUP_SECONDS:-90}s" -s loadtest/bench/documents.lua "$GW_URL" > /dev/null
# The FHIR face's search (its parser, search and serialiser paths) compiled too before G2f.
want G2f && wrk -t2 -c"$CONN" -d30s -s loadtest/bench/fhir-documents.lua "$GW_URL" > /dev/null
# 30 s, not 10: a deposit costs the JVM 2-4x its steady CPU until C2 has compiled the path (docs/BENCHMARKS.md,
# "How figures are measured"), and pgbench, its baseline, has nothing to warm.
INS_FILE=$WORK/deposit-ins.txt wrk -t2 -c"$DCONN" -d30s -s loadtest/bench/deposit.lua "$GW_URL" > /dev/null
wrk -t2 -c"$CONN" -d10s "$GW_URL/health/live" > /dev/null
wrk -t2 -c"$CONN" -d10s "http://127.0.0.1:$HELLO_PORT/" > /dev/null
# The warm-up is the benchmark physician's first access to each of the listed records: the alert feed queues a
# first-access SMS for each (docs/BENCHMARKS.md, "How figures are measured"), which the same JVM then sends. Measure
# once the feed has caught up with the audit log and the outbox has drained, so that G2 and G4 time the list, not that one-off wave.
# Only messages due now: one held for a retry or for its not-before time is no work of the moment (a 90 s warm-up once
# left thousands of those, and the wait never ended).
backlog() { psql_ -c "select (select seq from audit_head) - (select seq from alert_feed_cursor)
  + (select count(*) from outbox_message where status = 'SENDING'
     or (status = 'QUEUED' and next_attempt_at <= now() and not_before <= now()))"; }
for _ in $(seq 1 180); do [ "$(backlog)" = 0 ] && break; sleep 1; done
echo "alerts of the warm-up: $(psql_ -c "select count(*) from outbox_message where kind = 'ACCESS'") sent; backlog now $(backlog)"
echo "load after warm-up: $(cut -d' ' -f1-3 /proc/loadavg)"

want B1 && measure B1 "$HELLO" wrk -t2 -c"$CONN" -d"${SECS}s" "http://127.0.0.1:$HELLO_PORT/"
want G1 && measure G1 "$SERVERS" wrk -t2 -c"$CONN" -d"${SECS}s" "$GW_URL/health/live"
want B2 && measure B2 "$PM" pgbench -h 127.0.0.1 -p "$PGPORT" -U postgres -S -M prepared -c "$CONN" -j 2 -T "$SECS" bench
want G2 && measure G2 "$SERVERS $PM" wrk -t2 -c"$CONN" -d"${SECS}s" -s loadtest/bench/documents.lua "$GW_URL"
want G2f && measure G2f "$SERVERS $PM" wrk -t2 -c"$CONN" -d"${SECS}s" -s loadtest/bench/fhir-documents.lua "$GW_URL"
want TPCB && measure TPCB "$PM" pgbench -h 127.0.0.1 -p "$PGPORT" -U postgres -M prepared -c "$DCONN" -j 2 -T "$SECS" bench
want G6 && INS_FILE=$WORK/deposit-ins.txt measure G6 "$SERVERS $PM" wrk -t2 -c"$DCONN" -d"${SECS}s" -s loadtest/bench/deposit.lua "$GW_URL"

declare -A lat=()
k6fixed() { # NAME RATE TARGET
  local k6; k6=$(loadtest/install-k6.sh)
  local sum=$WORK/$1.json
  RATE=$2 DURATION="${G4_SECONDS:-30}s" TARGET=$3 HELLO_URL="http://127.0.0.1:$HELLO_PORT/" BASE_URL=$GW_URL \
    OIDC_TOKEN_URL="$(cat "$DATA/oidc.issuer")/token" PERSONS=$PERSONS \
    "$k6" run --quiet --summary-export "$sum" loadtest/bench/fixed-rate.js > "$WORK/$1.out" 2>&1 || true
  lat[$1]=$(node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1])).metrics;
    const d = s.http_req_duration, it = s.iterations, dr = s.dropped_iterations, f = s.http_req_failed;
    const ms = (v) => v === undefined ? "-" : v.toFixed(2) + " ms";
    console.log(`${(it ? it.rate : 0).toFixed(0)}/s | ${ms(d.med)} | ${ms(d["p(99)"])} | ${ms(d["p(99.9)"])} | ` +
      `${f ? (f.value * 100).toFixed(3) : "-"} % | ${dr ? dr.count : 0}`);' "$sum" 2> /dev/null || echo "k6 failed: see output")
  echo "== $1 at $2/s: ${lat[$1]}"
}
# vegeta: the same fixed arrival rate for a fraction of k6's CPU per request (k6 at 1,500/s takes one of this box's two
# cores from the server it measures). Targets: the G2 persons with the G2 token, in turn; latencies from its CSV.
# -max-body 0: vegeta otherwise keeps every response body in its results file (tens of MB a minute written to the disk
# that holds PostgreSQL's WAL, and the driver's CPU for it); the status codes and latencies are all that is read.
vegfixed() { # NAME RATE TARGET
  local vegeta; vegeta=$(loadtest/bench/install-vegeta.sh)
  local targets=$WORK/$1.targets
  if [ "$3" = hello ]; then
    printf 'GET http://127.0.0.1:%s/\n\n' "$HELLO_PORT" > "$targets"
  else
    awk -v u="$GW_URL" -v t="$TOKEN" '{ printf "GET %s/api/v1/patients/%s/documents\nAuthorization: Bearer %s\n\n", u, $1, t }' \
      "$INS_FILE" > "$targets"
  fi
  local out; out=$(PER_PROCESS=1 loadtest/bench/cpu-per-op.sh "$SERVERS $PM" "$vegeta" attack -targets "$targets" \
    -rate "$2/s" -duration "${G4_SECONDS:-30}s" -timeout 10s -max-body 0 -output "$WORK/$1.bin" || true)
  local wall; wall=$(echo "$out" | sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p')
  split[$1]=$(per_process "$out" "$(awk -v r="$2" -v w="$wall" 'BEGIN { printf "%.3f", r * w }')")
  lat[$1]=$("$vegeta" encode -to csv < "$WORK/$1.bin" | node -e '
    const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => l.split(","));
    const ns = rows.map((r) => Number(r[2])).sort((a, b) => a - b);
    const q = (p) => (ns[Math.min(ns.length - 1, Math.ceil(p * ns.length) - 1)] / 1e6).toFixed(2) + " ms";
    const bad = rows.filter((r) => !["200", "403"].includes(r[1])).length;
    let t0 = Infinity, t1 = -Infinity;   // not Math.min(...t): 100,000 arguments overflow the stack
    for (const r of rows) { const t = Number(r[0]); if (t < t0) t0 = t; if (t > t1) t1 = t; }
    const span = (t1 - t0) / 1e9;
    // Seconds of the run (from its start) in which some request took over 25 ms: a period in them points at a timer.
    const slow = new Set();
    for (const r of rows) if (Number(r[2]) > 25e6) slow.add(Math.floor((Number(r[0]) - t0) / 1e9));
    require("fs").writeFileSync(process.argv[2], [...slow].sort((a, b) => a - b).join(" ") + "\n");
    console.log(`${(rows.length / span).toFixed(0)}/s | ${q(0.5)} | ${q(0.99)} | ${q(0.999)} | ` +
      `${(bad / rows.length * 100).toFixed(3)} % | ${Math.max(0, Math.round(Number(process.argv[1]) * span) - rows.length)}`);' \
    "$2" "$WORK/$1.slow" 2> /dev/null || echo "vegeta failed")
  echo "== $1 at $2/s: ${lat[$1]}"
  [ -s "$WORK/$1.slow" ] && echo "   seconds with a request over 25 ms: $(cat "$WORK/$1.slow")"
}
want B4 && k6fixed B4 "${B4_RATE:-2000}" hello
want B4 && vegfixed B4v "${B4_RATE:-2000}" hello
# G4 times the list on a settled platform. After G6's tens of thousands of deposits, PostgreSQL's autovacuum (VACUUM
# ANALYZE of the tables they grew) runs for tens of seconds on the same two cores and the alert feed falls behind
# meanwhile: the list at 1,300/s in that wake had a p99 of 624 ms and 1.7 % refused (docs/BENCHMARKS.md, "How
# figures are measured").
# So wait (at most 180 s) for no autovacuum worker and no feed or outbox backlog, then take a checkpoint.
settle() {
  local waited=0
  for _ in $(seq 1 180); do
    [ "$(backlog)" = 0 ] && [ "$(psql_ -c "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")" = 0 ] && break
    sleep 1; waited=$((waited + 1))
  done
  psql_ -c 'CHECKPOINT'
  echo "settled before G4 after ${waited} s (backlog $(backlog)); load $(cut -d' ' -f1-3 /proc/loadavg)"
}
if want G4 && [ -n "${rate[G2]:-}" ]; then
  settle
  for pct in 50 80; do
    r=$(awk -v r="${rate[G2]}" -v p="$pct" 'BEGIN { printf "%d", r * p / 100 }')
    [ "${G4_TOOL:-vegeta}" = k6 ] && k6fixed "G4-$pct" "$r" documents || vegfixed "G4-$pct" "$r" documents
  done
fi

# ER: opposed, purged and unknown persons answered alike, timing included (loadtest/bench/erased-timing.mjs). Last,
# and only when asked: it makes half of the seeded opposed persons PURGED.
if want ER; then
  BASE_URL=$GW_URL ISSUER=$(cat "$DATA/oidc.issuer") RPPS=10001234565 DATA_DIR=$DATA PERSONS=$PERSONS \
    node loadtest/bench/erased-timing.mjs || echo "ER: the groups can be told apart (see the table above)"
fi

# G2h: the same list with the master key in an HSM (SoftHSM2 through SunPKCS11), beside G2 in this run. The data-key
# cache is what keeps the read path off the HSM: after the warm-up, the G2 persons' keys are cached (10,000 per
# instance), so G2h measures the cached path plus the misses the workload still has.
if want G2h; then
  [ "$ROLES" = all ] || { echo "ratios: G2h runs with ROLES=all only" >&2; exit 2; }
  MODULE=$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so 2> /dev/null | head -n 1 || true)
  [ -n "$MODULE" ] || { echo "ratios: G2h needs softhsm2 (apt-get install softhsm2)" >&2; exit 2; }
  export SOFTHSM2_CONF=$WORK/softhsm2.conf
  mkdir -p "$WORK/softhsm-tokens"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
    "$WORK/softhsm-tokens" > "$SOFTHSM2_CONF"
  SLOT=$(softhsm2-util --init-token --free --label dmp-bench --pin 4321 --so-pin 8765 \
    | sed -n 's/.*reassigned to slot \([0-9]*\).*/\1/p')
  export DMP_MASTER_KEY_PKCS11="module=$MODULE;slot=$SLOT;label=dmp-master" DMP_MASTER_KEY_PKCS11_PIN=4321
  java -jar "$JAR" keys hsm-generate
  # The procedure of docs/keys-and-audit.md: restart with the HSM key wrapping (the key file only unwraps), then
  # re-wrap every data key inside the HSM.
  kill "$GW"; wait "$GW" 2> /dev/null || true
  java -jar "$JAR" run > "$WORK/run-hsm.log" 2>&1 & GW=$!; pids+=("$GW")
  for _ in $(seq 1 300); do curl -sf "$GW_URL/health/ready" > /dev/null && break; sleep 1; done
  curl -sf "$GW_URL/health/ready" > /dev/null || { echo "ratios: gateway with the HSM key not ready" >&2; tail -n 30 "$WORK/run-hsm.log" >&2; exit 1; }
  PGPORT=$(cat "$DATA/pg.port"); PM=$(head -n 1 "$DATA/pg/postmaster.pid")
  start=$(date +%s)
  java -jar "$JAR" keys rotate --batch 1000 | tail -n 1
  echo "re-wrapped inside the HSM in $(( $(date +%s) - start )) s; $(java -jar "$JAR" keys ids | head -n 1)"
  # The development issuer's keys live as long as its platform: a new token; the care contexts are stored.
  TOKEN=$(java -jar "$JAR" token --rpps 10001234565 --profession 10 2> /dev/null | tail -n 1); export TOKEN
  wrk -t2 -c"$CONN" -d"${WARMUP_SECONDS:-90}s" -s loadtest/bench/documents.lua "$GW_URL" > /dev/null
  echo "load before G2h: $(cut -d' ' -f1-3 /proc/loadavg)"
  measure G2h "$GW $PM" wrk -t2 -c"$CONN" -d"${SECS}s" -s loadtest/bench/documents.lua "$GW_URL"
fi

jcmd "$GW" GC.run > /dev/null 2>&1 || true
heap=$(jcmd "$GW" GC.heap_info 2> /dev/null | grep -Eo 'used [0-9]+K' | head -n 1 || true)
dbsize=$(psql_ -c "select pg_size_pretty(pg_database_size('postgres'))")
ratio() { awk -v a="${rate[$1]:-0}" -v b="${rate[$2]:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", a / b; else print "-" }'; }

echo
echo "Machine: $(nproc) vCPU, ROLES=$ROLES, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load at the end: $(cut -d' ' -f1-3 /proc/loadavg); dataset: $PERSONS persons, database $dbsize; gateway heap after a full GC: ${heap:-?}; DMP_HTTP_INSTANCES=${DMP_HTTP_INSTANCES:-1}"
echo
echo "| measure | rate (/s) | server CPU per op (µs) | ratio | by process (µs per op) |"
echo "| --- | ---: | ---: | ---: | --- |"
for n in B1 G1 B2 G2 G2f TPCB G6 G2h; do
  [ -n "${rate[$n]:-}" ] || continue
  case $n in G1) r="G1 = $(ratio G1 B1)";; G2) r="G2 = $(ratio G2 B2)";; G2f) r="G2f = $(ratio G2f G2) (of G2)";; G6) r="G6 = $(ratio G6 TPCB)";; G2h) r="G2h = $(ratio G2h G2) (of G2, >= 0.9)";; *) r="";; esac
  echo "| $n | ${rate[$n]} | ${cpu[$n]} | $r | ${split[$n]:--} |"
done
if [ "${#lat[@]}" -gt 0 ]; then
  echo
  echo "| fixed rate (B4: k6, B4v: vegeta; G4: ${G4_TOOL:-vegeta}) | achieved | p50 | p99 | p99.9 | failed | dropped (k6) / short of the rate (vegeta) | by process (µs per offered op) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  for n in B4 B4v G4-50 G4-80; do [ -n "${lat[$n]:-}" ] && echo "| $n | ${lat[$n]} | ${split[$n]:--} |"; done
fi
