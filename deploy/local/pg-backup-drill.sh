#!/usr/bin/env bash
# Backup and point-in-time restore drill with pgBackRest (issue 17, item 4), on loopback, with RPO and RTO measured:
#   deploy/local/pg-backup-drill.sh DIR [PORT]
# 1. a PostgreSQL (Debian's) archiving its WAL to a pgBackRest repository (archive_timeout 10 s: a quiet database
#    still ships a segment every 10 s; pushed asynchronously), a full backup;
# 2. writes go on (one committed row every 20 ms, each with its commit time); a target instant is noted on the way;
# 3. the disaster: kill -9 of the postmaster and its data directory deleted (the machine is lost);
# 4. restore to the end of the archive: RPO = the rows committed before the disaster that the restore lacks, and the
#    time between the last restored row and the last committed one; RTO = from the start of the restore to the first
#    answered query;
# 5. restore to the target instant (point in time) into another directory: every row committed up to it is there and
#    none after it.
# Prints one line per measure and "DRILL: PASS|FAIL". Debian's postgresql and pgbackrest (installed when missing).
# As root, PostgreSQL and pgBackRest run as the user postgres (setpriv). Every wait is bounded.
set -euo pipefail
dir="$(mkdir -p "${1:?directory}" && cd "$1" && pwd)"
port="${2:-15490}"
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
if ! command -v pgbackrest >/dev/null || ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql pgbackrest >/dev/null
  [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
run() { "${as_pg[@]}" "$@"; }
conf=$dir/pgbackrest.conf
br() { run pgbackrest --config="$conf" --stanza=dmp "$@"; }
sql() { run "$bin/psql" -X -q -At -h "$dir" -p "$port" -U postgres -d postgres -c "$1"; }
now() { date +%s.%N; }
ready() { for _ in $(seq 1 "${2:-120}"); do run "$bin/pg_isready" -q -h "$dir" -p "$port" && return 0; sleep 0.2; done; return 1; }
pg_start() { run "$bin/pg_ctl" -D "$1" -l "$1.log" -o "-p $port -k $dir -c listen_addresses=''" -w -t 120 start >/dev/null; }

run rm -rf "$dir/primary" "$dir/repo" "$dir/restored" "$dir/pitr" "$dir/log" "$dir/lock" "$dir/spool"
run mkdir -p "$dir/repo" "$dir/log" "$dir/lock" "$dir/spool"
cat > "$conf" <<CONF
[global]
repo1-path=$dir/repo
repo1-retention-full=2
log-path=$dir/log
lock-path=$dir/lock
spool-path=$dir/spool
archive-async=y
start-fast=y
[dmp]
pg1-path=$dir/primary
pg1-port=$port
pg1-socket-path=$dir
CONF
chmod 644 "$conf"
run "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
cat >> "$dir/primary/postgresql.conf" <<PG
archive_mode = on
archive_command = 'pgbackrest --config=$conf --stanza=dmp archive-push %p'
archive_timeout = 10
wal_level = replica
PG
pg_start "$dir/primary"
br stanza-create >/dev/null
sql "CREATE TABLE drill (id bigserial PRIMARY KEY, committed_at timestamptz NOT NULL DEFAULT clock_timestamp())"
t0=$(now); br --type=full backup >/dev/null; t1=$(now)
echo "full backup: $(echo "$t1 - $t0" | bc -l | xargs printf '%.1f') s, $(du -sh "$dir/repo" | cut -f1) in the repository"

# Writes: one committed row every 20 ms for 40 s, the target instant noted after 15 s.
writer() { for _ in $(seq 1 2000); do sql "INSERT INTO drill DEFAULT VALUES" || return 0; sleep 0.02; done; }
writer & wpid=$!
sleep 15
# Every row up to target_id committed before the target instant: the point-in-time restore must hold them all.
target_id=$(sql "SELECT max(id) FROM drill")
target=$(sql "SELECT clock_timestamp()")
sleep 25
kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true
last=$(sql "SELECT max(id) || ' ' || extract(epoch FROM max(committed_at)) FROM drill")
last_id=${last% *}; last_at=${last#* }
# The disaster, right after the last commit: the postmaster and its backends killed, the data directory gone.
pm=$(head -n 1 "$dir/primary/postmaster.pid")
kill -9 "$pm"; pkill -9 -P "$pm" 2>/dev/null || true
sleep 1
run rm -rf "$dir/primary"

# Restore to the end of the archive (latest), timed to the first answered query.
t0=$(now)
sed -i "s|^pg1-path=.*|pg1-path=$dir/primary|" "$conf"
br restore --type=default >/dev/null
pg_start "$dir/primary"
ready "$dir/primary" 600
got=$(sql "SELECT count(*) || ' ' || coalesce(max(id), 0) || ' ' || extract(epoch FROM max(committed_at)) FROM drill")
t1=$(now)
rto=$(echo "$t1 - $t0" | bc -l | xargs printf '%.1f')
read -r n max_id max_at <<< "$got"
missing=$((last_id > max_id ? last_id - max_id : 0))
rpo_s=$(echo "$last_at - $max_at" | bc -l | awk '{ printf "%.1f", ($1 < 0 ? 0 : $1) }')
echo "restore to the end of the archive: RTO $rto s (restore, WAL replay, first query); RPO $missing rows, $rpo_s s of writes (last committed row $last_id, last restored $max_id; archive_timeout 10 s, then the push of the segment)"
run "$bin/pg_ctl" -D "$dir/primary" -m fast -w stop >/dev/null

# Point in time: the target instant, into another directory.
t0=$(now)
sed -i "s|^pg1-path=.*|pg1-path=$dir/pitr|" "$conf"
br restore --type=time "--target=$target" --target-action=promote >/dev/null
pg_start "$dir/pitr"
ready "$dir/pitr" 600
for _ in $(seq 1 300); do [ "$(sql "SELECT pg_is_in_recovery()")" = f ] && break; sleep 0.2; done
pitr=$(sql "SELECT coalesce(max(id), 0) || ' ' || count(*) FILTER (WHERE committed_at > '$target') FROM drill")
t1=$(now)
read -r pitr_max after_target <<< "$pitr"
echo "point-in-time restore to $target: $(echo "$t1 - $t0" | bc -l | xargs printf '%.1f') s; last row $pitr_max (last committed at the target: $target_id), rows after the target: $after_target"
run "$bin/pg_ctl" -D "$dir/pitr" -m fast -w stop >/dev/null
# RPO is bounded by archive_timeout plus the time to push a segment: more than 60 s of writes lost fails the drill.
if [ "$pitr_max" -ge "$target_id" ] && [ "$after_target" = 0 ] && awk -v r="$rpo_s" 'BEGIN { exit !(r <= 60) }'; then
  echo "DRILL: PASS"
else
  echo "DRILL: FAIL"; exit 1
fi
