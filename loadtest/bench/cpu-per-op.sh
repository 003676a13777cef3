#!/usr/bin/env bash
# CPU seconds spent by the server side (and by the load generator) while a load command runs: a figure that a machine
# shared with other jobs does not distort the way throughput is distorted (each process gets a slice of the cores,
# but the CPU time an operation costs stays the same).
#   loadtest/bench/cpu-per-op.sh "JAVA_PID POSTMASTER_PID ..." COMMAND...
# Counts every listed process with its live children and its reaped children (a PostgreSQL backend that exits at the
# end of the run is counted in its postmaster's cutime/cstime). Prints: server_cpu_s client_cpu_s wall_s, with
# PER_PROCESS=1 one line cpu_s[PID]=SECONDS per listed process (with its children), then the command's output.
set -euo pipefail
pids="$1"; shift
hz=$(getconf CLK_TCK)

ticks_of() { # one process with its children
  local total c
  # utime stime cutime cstime are fields 14-17 of /proc/PID/stat (after the command name in parentheses)
  total=$(awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$1/stat")
  for c in $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

ticks() {
  local total=0 p
  for p in $pids; do total=$((total + $(ticks_of "$p"))); done
  echo "$total"
}

declare -A each
for p in $pids; do each[$p]=$(ticks_of "$p"); done

out="$(mktemp)"
before=$(ticks); start=$(date +%s.%N)
client=$(bash -c '"$@" > '"$out"' 2>&1; times' _ "$@" | tail -n 1)
end=$(date +%s.%N); after=$(ticks)
if [ "${PER_PROCESS:-0}" = 1 ]; then
  for p in $pids; do
    echo "cpu_s[$p]=$(echo "($(ticks_of "$p") - ${each[$p]}) / $hz" | bc -l | xargs printf '%.2f')"
  done
fi
# `times` prints the children's user and system time as 0m1.234s 0m0.567s
client_s=$(echo "$client" | awk '{ split($1,u,/[ms]/); split($2,s,/[ms]/); print u[1]*60+u[2]+s[1]*60+s[2] }')
echo "server_cpu_s=$(echo "($after - $before) / $hz" | bc -l | xargs printf '%.2f') client_cpu_s=$client_s wall_s=$(echo "$end - $start" | bc -l | xargs printf '%.1f')"
cat "$out"; rm -f "$out"
