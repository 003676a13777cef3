#!/usr/bin/env bash
# Finds or builds k6 and prints the path of the binary on stdout (and nothing else there).
# Order: $K6 if set and executable, `k6` on PATH, loadtest/bin/k6 from an earlier build, else
# `go install go.k6.io/k6@$K6_VERSION` with GOBIN=loadtest/bin (a few minutes on 2 vCPU).
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

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin/go "$HOME/go/bin/go"; do
    [[ -x "$candidate" ]] && PATH="$(dirname "$candidate"):$PATH" && break
  done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-k6: neither k6 nor go found; install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or Go 1.23+" >&2
  exit 1
fi

mkdir -p "$bin_dir"
echo "install-k6: building go.k6.io/k6@$K6_VERSION into $bin_dir (this takes a few minutes)..." >&2
GOBIN="$bin_dir" CGO_ENABLED=0 go install "go.k6.io/k6@$K6_VERSION" >&2
"$bin_dir/k6" version >&2
echo "$bin_dir/k6"
