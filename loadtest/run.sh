#!/usr/bin/env bash
# Runs one k6 scenario against a running platform and records it:
#   loadtest/run.sh national-day|invitation-wave|stress
# RATE, DURATION, PERSONS and every other knob of loadtest/lib/config.js are read from the environment, e.g.
#   RATE=2000 DURATION=10m PERSONS=40000000 loadtest/run.sh national-day
# Writes loadtest/results/<time>-<scenario>/{summary.json,summary.md,report.html,k6.log,tokens.json} (ignored by git):
# summary.md is the run's markdown record, to be copied into the area's table of docs/BENCHMARKS.md when the run is
# the current figure (that file holds current tables, not a diary of runs). BENCHMARKS=0 skips it, BENCHMARKS_FILE
# appends it elsewhere instead.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
scenario="${1:-}"
if [[ -z "$scenario" || ! -f "$here/scenarios/$scenario.js" ]]; then
  echo "usage: $0 SCENARIO   (one of: $(cd "$here/scenarios" && ls *.js | sed 's/\.js$//' | tr '\n' ' '))" >&2
  exit 2
fi
command -v node >/dev/null 2>&1 || { echo "run.sh: Node.js (18+) is needed for tokens.mjs and summarize.mjs" >&2; exit 2; }

k6="$("$here/install-k6.sh")"
export BASE_URL="${BASE_URL:-http://localhost:${DMP_HTTP_PORT:-8080}}"

# Fail fast with a clear message rather than a run full of connection errors.
if ! curl -fsS -o /dev/null --max-time 5 "$BASE_URL/health/ready"; then
  echo "run.sh: $BASE_URL/health/ready does not answer 200; start the platform first (./dmp run)" >&2
  [[ "${SKIP_HEALTH_CHECK:-0}" == "1" ]] || exit 3
fi

run_dir="$here/results/$(date -u +%Y%m%dT%H%M%SZ)-$scenario"
mkdir -p "$run_dir"

# Professional tokens, obtained once before the load. In embedded mode the platform writes its development issuer's URL
# to $DMP_DATA_DIR/oidc.issuer; k6's setup() then asks <issuer>/token directly (client credentials, the professional's
# claims as form parameters, as `./dmp token` does). Otherwise tokens.mjs mints them with `./dmp token`.
# The development issuer's tokens live 1 hour: longer runs need a real issuer or fresh tokens.
issuer_file="${DMP_DATA_DIR:-$root/data}/oidc.issuer"
if [[ -z "${TOKEN_FILE:-}" && -z "${OIDC_TOKEN_URL:-}" ]]; then
  if [[ -s "$issuer_file" ]]; then
    export OIDC_TOKEN_URL="$(tr -d '[:space:]' < "$issuer_file")/token"
  else
    node "$here/tokens.mjs" > "$run_dir/tokens.json"
    export TOKEN_FILE="$run_dir/tokens.json"
  fi
fi

export SUMMARY_JSON="$run_dir/summary.json"
export K6_WEB_DASHBOARD=true
export K6_WEB_DASHBOARD_PORT=-1            # no live server: just export the HTML report at the end
export K6_WEB_DASHBOARD_EXPORT="$run_dir/report.html"
export K6_WEB_DASHBOARD_PERIOD="${K6_WEB_DASHBOARD_PERIOD:-2s}"  # default 10s leaves a smoke run without a report

echo "run.sh: $scenario with $k6 -> $run_dir" >&2
set +e
"$k6" run "$here/scenarios/$scenario.js" 2> >(tee "$run_dir/k6.log" >&2)
rc=$?
set -e

# k6 exits 99 when a threshold fails. For stress that is how the run ends once the knee is passed.
if [[ "$scenario" == "stress" && $rc -eq 99 ]]; then
  rc=0
fi

if [[ -f "$SUMMARY_JSON" && "${BENCHMARKS:-1}" != "0" ]]; then
  REPORT_HTML="$K6_WEB_DASHBOARD_EXPORT" node "$here/summarize.mjs" "$SUMMARY_JSON" \
    "${BENCHMARKS_FILE:-$run_dir/summary.md}" >/dev/null
  echo "run.sh: summary written to ${BENCHMARKS_FILE:-$run_dir/summary.md}" >&2
fi
echo "run.sh: report $K6_WEB_DASHBOARD_EXPORT (exit $rc)" >&2
exit $rc
