#!/usr/bin/env bash
# Server CPU per request split by process while a wrk run goes: the gateway JVM alone, the redis-server it started
# (its child), and PostgreSQL (the postmaster with its backends). Like cpu-per-op.sh, a figure that a shared machine
# distorts less than throughput. Prints wrk's summary, then: rps and µs per request for each, with the load average.
#   loadtest/bench/cpu-split.sh GATEWAY_PID POSTMASTER_PID wrk -t2 -c64 -d20s -s loadtest/bench/documents.lua URL
set -euo pipefail
gw=$1 pm=$2; shift 2
rd=$(pgrep -P "$gw" | head -n 1 || true)
own() { [ -n "$1" ] && awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree() { # the postmaster with its reaped and live children
  local t c; t=$(awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$1/stat")
  for c in $(pgrep -P "$1" || true); do t=$((t + $(own "$c"))); done; echo "$t"
}
hz=$(getconf CLK_TCK)
g0=$(own "$gw"); r0=$(own "$rd"); p0=$(tree "$pm"); l0=$(cut -d' ' -f1 /proc/loadavg)
out=$("$@")
g1=$(own "$gw"); r1=$(own "$rd"); p1=$(tree "$pm"); l1=$(cut -d' ' -f1 /proc/loadavg)
echo "$out"
n=$(echo "$out" | awk '/requests in/ {print $1}'); rps=$(echo "$out" | awk '/Requests\/sec:/ {print $2}')
awk -v g=$((g1 - g0)) -v r=$((r1 - r0)) -v p=$((p1 - p0)) -v n="$n" -v hz="$hz" -v rps="$rps" -v l0="$l0" -v l1="$l1" \
  'BEGIN { f = 1e6 / hz / n; printf "rps=%s per request: JVM %.0f us, redis %.0f us, postgres %.0f us, total %.0f us (load %s -> %s)\n", rps, g * f, r * f, p * f, (g + r + p) * f, l0, l1 }'
