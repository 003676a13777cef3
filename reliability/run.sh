#!/usr/bin/env bash
# The reliability suite in one command (docs/RELIABILITY.md):
#   reliability/run.sh            full mode (~1 h 30 on 2 vCPU): faults under 200 req/s offered, 100,000-request audit
#                                 reconciliation, 40 min of fuzzing (>= 50,000 requests), the notifications outage
#                                 ITs, log scan
#   reliability/run.sh --short    CI-sized (~4 min on an idle machine): pg kill -9 under load, Redis down, an audit
#                                 entry forged before a checkpoint, SIGTERM, 60 s of fuzzing, log scan
#   reliability/run.sh --only pg-stop,redis    some scenarios (pg-stop pg-kill redis gateway-kill audit tamper
#                                 fuzz gateway-term messaging gateways); --fuzz-seconds N sets the fuzzing budget
#   reliability/run.sh --only cluster    the multi-process topology (issue 17): three API gateways and a worker behind
#                                 Debian's haproxy (apt-get install haproxy), one API killed mid-load; in neither the
#                                 short nor the full suite (five JVMs: beyond CI's time on 2 vCPU)
# Ends with one PASS/FAIL line per row and "RELIABILITY SUITE (...): PASS|FAIL"; exit status 1 when a row fails.
# Everything on loopback: a PostgreSQL cluster and a redis-server of its own (so that it can stop and kill them), the
# gateway jar, the load driver and schemathesis in reliability/.venv. Results: reliability/.work/<run>/results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/.work"
mkdir -p "$work"
short=0
for a in "$@"; do [[ "$a" == "--short" ]] && short=1; done

need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 is required ($2)" >&2; exit 2; }; }
need java "a JDK 17"
need python3 "apt-get install python3 python3-venv"
# The newest Python at hand: CPython 3.11 can fail inside hypothesis with "AST constructor recursion depth mismatch".
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  for c in python3.13 python3.12 "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 python3; do
    # `import ensurepip` too: Debian's python3 imports venv without python3-venv, then fails to make one.
    if "$c" -c 'import venv, ensurepip' >/dev/null 2>&1; then python="$c"; break; fi
  done
fi
need unzip "apt-get install unzip"

# The gateway jar (built when missing or older than the sources, as ./dmp does).
jar="$root/gateway/target/dmp-gateway.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main -newer "$jar" -type f 2>/dev/null | head -n 1)" ]]; then
  echo "run.sh: building the gateway jar ..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests package -pl gateway -am >&2)
fi
# A copy of its own per run: a rebuild, or another run started meanwhile, must not rewrite the jar under the gateway.
run_jar="$work/dmp-gateway-$$.jar"
cp "$jar" "$run_jar"
trap 'rm -f "$run_jar"' EXIT

# Python: schemathesis, psycopg and aiohttp in a venv of our own (re-installed when requirements.txt changes).
[[ -n "$python" ]] || { echo "run.sh: no Python with venv: apt-get install python3-venv" >&2; exit 2; }
stamp="$here/.venv/requirements.txt"
if [[ ! -x "$here/.venv/bin/schemathesis" ]] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  echo "run.sh: installing reliability/.venv (schemathesis, psycopg, aiohttp) ..." >&2
  [[ -x "$here/.venv/bin/pip" ]] || "$python" -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

# PostgreSQL and redis-server binaries: the ones the gateway jar carries for its embedded services (zonky's
# embedded-postgres, codemonstur's embedded-redis), else a system install. The jar, not ~/.m2: a CI machine may keep
# its Maven repository elsewhere. Names are listed once into a variable: `unzip -l | grep -q` under pipefail fails
# when grep stops reading early.
entries="$(unzip -Z1 "$jar")"
pg_bin="$work/pg/bin"
if [[ ! -x "$pg_bin/pg_ctl" ]]; then
  if grep -qx 'postgres-linux-x86_64.txz' <<<"$entries"; then
    rm -rf "$work/pg" && mkdir -p "$work/pg"
    unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$work/pg"
  else
    sys_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$sys_bin" ]] || { echo "run.sh: no PostgreSQL binaries in $jar nor in /usr/lib/postgresql" >&2; exit 2; }
    pg_bin="$sys_bin"
  fi
fi

redis="$work/redis-server"
if [[ ! -x "$redis" ]]; then
  entry="$(grep -x 'redis-server-.*-linux-amd64' <<<"$entries" | sort -V | tail -n 1 || true)"
  if [[ -n "$entry" ]]; then
    unzip -p "$jar" "$entry" > "$redis.tmp" && chmod +x "$redis.tmp" && mv "$redis.tmp" "$redis"
  elif command -v redis-server >/dev/null 2>&1; then
    redis="$(command -v redis-server)"
  else
    echo "run.sh: no redis-server in $jar nor on the PATH: apt-get install redis-server" >&2; exit 2
  fi
fi

limit=$(( short == 1 ? 900 : 10800 ))   # seconds: 15 min short (about 4 here), 3 h full
cd "$here"
timeout --kill-after=30 "$limit" "$here/.venv/bin/python" -m rel.main --jar "$run_jar" \
  --pg-bin "$pg_bin" --redis "$redis" --venv "$here/.venv" --work "$work" --root "$root" "$@"
