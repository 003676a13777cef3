#!/usr/bin/env bash
# Issue 17, item 2: API and worker as one process (ROLES=all, `./dmp run`) against the same as two processes
# (ROLES=split: `./dmp run --role api` and `./dmp run --role worker`), alternated on one seeded data directory so that
# the machine's drift falls on both alike. Each run is loadtest/bench/ratios.sh (its G2 and G4 by default) and prints
# its table: rates, server CPU per operation, the same split by process (API, worker, PostgreSQL), and G4's latencies.
#   loadtest/bench/roles.sh                      # 2 pairs, 100,000 persons seeded once into a temporary directory
#   RUNS=4 PERSONS=100000 loadtest/bench/roles.sh > roles.out 2>&1
# Knobs: RUNS (pairs, 2), PERSONS (100000), ONLY ("B2 G2 G4"), DATA_DIR (a seeded directory to reuse), and every knob
# of ratios.sh. The goals it checks by eye (docs/BENCHMARKS.md, "Roles"): G4 at 50 % p99 <= 10 ms and p99.9 <= 25 ms
# with no periodic second listed, G4 at 80 % 0 refused, G2 >= 0.2. Meaningful only on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-2}
export PERSONS=${PERSONS:-100000}
export ONLY=${ONLY:-"B2 G2 G4"}
[ -f gateway/target/dmp-gateway.jar ] || { echo "roles: build the gateway first (./mvnw -B -q -DskipTests package -pl gateway -am)" >&2; exit 2; }
if [ -n "${DATA_DIR:-}" ]; then
  data=$(cd "$DATA_DIR" && pwd); keep=1
else
  data=$(mktemp -d /tmp/dmp-roles.XXXXXX); keep=0
  trap 'rm -rf "$data"' EXIT
  DMP_DATA_DIR=$data java -jar gateway/target/dmp-gateway.jar seed --persons "$PERSONS" 2>&1 | tail -n 2
fi
for i in $(seq 1 "$RUNS"); do
  for roles in all split; do
    echo "### pair $i, ROLES=$roles, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    ROLES=$roles DATA_DIR=$data loadtest/bench/ratios.sh 2>&1 | sed -n '/^Machine:/,$p'
  done
done
