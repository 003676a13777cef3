#!/usr/bin/env bash
# The research extract at scale (docs/research-use.md, docs/BENCHMARKS.md): seeds PERSONS synthetic persons into a
# temporary data directory, registers a project through the admin API, then times `dmp research extract` under a
# small heap (HEAP, default 256m: an extract that kept rows in memory would fail) and reports rows/s, the peak RSS
# and the extract's own report.
#   PERSONS=1000000 loadtest/bench/research-extract.sh
# Knobs: PERSONS (100000), DOCS (mean documents per person, 2), HEAP (256m), PORT_BASE (19000), DATA_DIR (an existing
# seeded data directory: not reseeded). Needs the gateway jar (./mvnw -B -q -DskipTests package -pl gateway -am),
# curl, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR_SRC=gateway/target/dmp-gateway.jar
[ -f "$JAR_SRC" ] || { echo "research-extract: build the gateway first" >&2; exit 2; }
WORK=$(mktemp -d /tmp/dmp-research.XXXXXX)
JAR=$WORK/gateway.jar; cp "$JAR_SRC" "$JAR"
PERSONS=${PERSONS:-100000}
HEAP=${HEAP:-256m}
BASE=${PORT_BASE:-19000}
if [ -n "${DATA_DIR:-}" ]; then DATA=$(cd "$DATA_DIR" && pwd); SEED=0; else DATA=$WORK/data; SEED=1; fi
export DMP_DATA_DIR=$DATA DMP_HTTP_HOST=127.0.0.1 DMP_HTTP_PORT=$((BASE + 80)) DMP_INBOX_PORT=$((BASE + 25))
GW=""
cleanup() { [ -n "$GW" ] && kill "$GW" 2>/dev/null; wait 2>/dev/null || true; [ "$SEED" = 1 ] && rm -rf "$WORK"; true; }
trap cleanup EXIT
echo "research-extract: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$SEED" = 1 ]; then
  mkdir -p "$DATA"
  start=$(date +%s)
  java -jar "$JAR" seed --persons "$PERSONS" --documents-per-person "${DOCS:-2}" 2>&1 | tail -n 2
  echo "seed: $(( $(date +%s) - start )) s"
fi
java -jar "$JAR" run > "$WORK/run.log" 2>&1 & GW=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$DMP_HTTP_PORT/health/ready" > /dev/null && break; sleep 1; done
TOKEN=$(java -jar "$JAR" token --admin 2>/dev/null | tail -n 1)
PROJECT=$(curl -sf -X POST "http://127.0.0.1:$DMP_HTTP_PORT/api/v1/admin/research-projects" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"purpose\":\"benchmark\",\"legalBasis\":\"RGPD 6.1.e, 9.2.j\",\"dataClasses\":[\"11488-4\",\"18842-5\",\"18748-4\",\"11502-2\",\"care-history\"],\"period\":{\"from\":\"2000-01-01\",\"to\":\"$(date -u +%F)\"},\"endDate\":\"2099-12-31\",\"k\":5}" \
  | sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p')
[ -n "$PROJECT" ] || { echo "research-extract: the project was not registered" >&2; tail -n 20 "$WORK/run.log" >&2; exit 1; }
echo "project: $PROJECT; load average before the extract $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v java -Xmx"$HEAP" -jar "$JAR" research extract "$PROJECT" --out "$WORK/extract" \
  > "$WORK/extract.out" 2> "$WORK/time.err" || { cat "$WORK/extract.out" "$WORK/time.err" >&2; exit 1; }
cat "$WORK/extract.out"
grep -E "Maximum resident|Elapsed \(wall|User time|System time" "$WORK/time.err"
ls -l "$WORK/extract"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1] + "/report.json", "utf8"));
const rows = r.persons.kept + r.documents.kept + r.careLines.kept;
const read = rows + r.persons.suppressed + r.documents.suppressed + r.careLines.suppressed;
console.log(`rows written ${rows}, rows read per pass ${read}, ${r.seconds.toFixed(1)} s: ${(rows / r.seconds).toFixed(0)} rows/s written (4 passes over ${r.persons.kept + r.persons.suppressed} persons)`);
' "$WORK/extract" 2>/dev/null || true
echo "heap limit: -Xmx$HEAP; load average after $(cut -d' ' -f1-3 /proc/loadavg)"
