#!/usr/bin/env bash
# Finds or builds k6 and prints the path of the binary on stdout (and nothing else there).
# Order: $K6 if set and executable, `k6` on PATH, loadtest/bin/k6 from an earlier build, else
# `go install go.k6.io/k6@$K6_VERSION` into loadtest/bin by go-tool.sh (a few minutes on 2 vCPU).
set -euo pipefail

K6_VERSION="${K6_VERSION:-v1.8.1}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="$here/bin"

if [[ -n "${K6:-}" && -x "${K6}" ]]; then
  echo "$K6"; exit 0
fi
if command -v k6 >/dev/null 2>&1; then
  command -v k6; exit 0
fi
if [[ -x "$bin_dir/k6" ]]; then
  echo "$bin_dir/k6"; exit 0
fi

k6="$("$here/go-tool.sh" k6 "go.k6.io/k6@$K6_VERSION")"
"$k6" version >&2
echo "$k6"
