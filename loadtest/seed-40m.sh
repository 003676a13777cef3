#!/bin/sh
# The full-scale seed as it was run once (docs/BENCHMARKS.md, "Seeder and the 40 M seed"): idle CPU only (nice 19,
# inherited by the embedded PostgreSQL it starts), its own data directory, resumable (run it again to continue).
set -eu
cd "$(dirname "$0")/.."
DATA=${DMP_DATA_DIR:-$PWD/data-40m}
MEAN=${MEAN:-0.5}
mkdir -p "$DATA"
export DMP_DATA_DIR="$DATA"
exec nice -n 19 ./dmp seed --persons "${PERSONS:-40000000}" --documents-per-person "$MEAN" "$@" \
    >>"$DATA/seed.out" 2>>"$DATA/seed.log"
