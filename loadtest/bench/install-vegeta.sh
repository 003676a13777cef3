#!/usr/bin/env bash
# Finds or builds vegeta (the constant-rate HTTP load generator, free of coordinated omission and lighter than k6 per
# request, which matters when it shares the server's two cores: G4 in docs/BENCHMARKS.md) and prints its path.
# Order: $VEGETA if executable, `vegeta` on PATH, loadtest/bin/vegeta, else `go install` of VEGETA_VERSION.
set -euo pipefail
VEGETA_VERSION="${VEGETA_VERSION:-v12.12.0}"
loadtest="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${VEGETA:-}" && -x "${VEGETA}" ]]; then echo "$VEGETA"; exit 0; fi
if command -v vegeta >/dev/null 2>&1; then command -v vegeta; exit 0; fi
if [[ -x "$loadtest/bin/vegeta" ]]; then echo "$loadtest/bin/vegeta"; exit 0; fi
"$loadtest/go-tool.sh" vegeta "github.com/tsenart/vegeta/v12@$VEGETA_VERSION"
