#!/usr/bin/env bash
# Builds a Go tool into loadtest/bin with `go install` and prints the binary's path on stdout (and nothing else there):
#   loadtest/go-tool.sh NAME MODULE@VERSION      e.g. loadtest/go-tool.sh k6 go.k6.io/k6@v1.8.1
# Used by install-k6.sh and bench/install-vegeta.sh once they found no binary of their own.
set -euo pipefail
name="$1"; module="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="$here/bin"

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin/go "$HOME/go/bin/go"; do
    [[ -x "$candidate" ]] && PATH="$(dirname "$candidate"):$PATH" && break
  done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go-tool: go not found to build $name; install Go (apt-get install golang)" >&2
  exit 1
fi

# k6 v1.8.1's go.mod needs Go 1.25 (the newest any tool here needs). Go >= 1.21 fetches that toolchain itself (GOTOOLCHAIN); an older Go (Debian 12
# ships 1.19) cannot, so the toolchain is taken from the module proxy, where Go publishes it as a module
# (golang.org/toolchain), and unpacked under loadtest/bin/go-toolchain.
GO_TOOLCHAIN="${GO_TOOLCHAIN:-go1.25.5}"
have="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]; }
if ! at_least "${have:-0}" "${GO_TOOLCHAIN#go}"; then
  if at_least "${have:-0}" 1.21; then
    export GOTOOLCHAIN="$GO_TOOLCHAIN"
  else
    tc="$bin_dir/go-toolchain"
    if [[ ! -x "$tc/bin/go" ]]; then
      arch="$(go env GOARCH)"
      proxy="${GOPROXY:-https://proxy.golang.org}"; proxy="${proxy%%,*}"
      zip="v0.0.1-$GO_TOOLCHAIN.linux-$arch.zip"
      echo "go-tool: Go $have is too old for $name; fetching $GO_TOOLCHAIN from $proxy" >&2
      mkdir -p "$tc.tmp"
      curl -fsSL "$proxy/golang.org/toolchain/@v/$zip" -o "$tc.tmp/go.zip"
      (cd "$tc.tmp" && jar xf go.zip)   # the JDK is there anyway; unzip may not be
      rm -rf "$tc" && mv "$tc.tmp/golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.linux-$arch" "$tc" && rm -rf "$tc.tmp"
      chmod +x "$tc"/bin/* "$tc"/pkg/tool/*/*    # jar does not keep the execute bits
    fi
    PATH="$tc/bin:$PATH"
    export GOROOT="$tc" GOTOOLCHAIN=local
  fi
fi

mkdir -p "$bin_dir"
echo "go-tool: building $module into $bin_dir (this takes a few minutes)..." >&2
GOBIN="$bin_dir" CGO_ENABLED=0 go install "$module" >&2
echo "$bin_dir/$name"
