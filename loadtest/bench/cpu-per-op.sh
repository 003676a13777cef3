#!/usr/bin/env bash
# CPU seconds spent by the server side (and by the load generator) while a load command runs: a figure that a machine
# shared with other jobs does not distort the way throughput is distorted (each process gets a slice of the cores,
# but the CPU time an operation costs stays the same).
#   loadtest/bench/cpu-per-op.sh "JAVA_PID POSTMASTER_PID ..." COMMAND...
# Counts every listed process with its live children and its reaped children (a PostgreSQL backend that exits at the
# end of the run is counted in its postmaster's cutime/cstime). Prints: server_cpu_s client_cpu_s wall_s, then the
# command's output.
set -euo pipefail
pids="$1"; shift
hz=$(getconf CLK_TCK)

ticks() {
  local total=0 p
  for p in $pids; do
    # utime stime cutime cstime are fields 14-17 of /proc/PID/stat (after the command name in parentheses)
    total=$((total + $(awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$p/stat")))
    for c in $(pgrep -P "$p" || true); do
      total=$((total + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$c/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$total"
}

out="$(mktemp)"
before=$(ticks); start=$(date +%s.%N)
client=$(bash -c '"$@" > '"$out"' 2>&1; times' _ "$@" | tail -n 1)
end=$(date +%s.%N); after=$(ticks)
# `times` prints the children's user and system time as 0m1.234s 0m0.567s
client_s=$(echo "$client" | awk '{ split($1,u,/[ms]/); split($2,s,/[ms]/); print u[1]*60+u[2]+s[1]*60+s[2] }')
echo "server_cpu_s=$(echo "($after - $before) / $hz" | bc -l | xargs printf '%.2f') client_cpu_s=$client_s wall_s=$(echo "$end - $start" | bc -l | xargs printf '%.1f')"
cat "$out"; rm -f "$out"
