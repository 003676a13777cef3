#!/usr/bin/env bash
# Validates the manifests of this directory offline with kubeconform (strict: an unknown field is an error), against
# schemas made from Kubernetes' own OpenAPI document (schemas.py). kubeconform and the Kubernetes module (for its
# api/openapi-spec/swagger.json) come from the Go module proxy, into deploy/k8s/.work (gitignored); no network is
# needed after the first run.
#   deploy/k8s/validate.sh        prints kubeconform's summary; exit 1 when a resource is invalid
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/.work"
KUBERNETES=v1.31.4 KUBECONFORM=v0.6.7
command -v go >/dev/null || { echo "validate.sh: Go is required (apt-get install golang)" >&2; exit 2; }
export GOPATH="$work/go" GOFLAGS=-mod=mod
[ -x "$GOPATH/bin/kubeconform" ] || go install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM"
schemas="$work/schemas-$KUBERNETES"
if [ ! -f "$schemas/deployment-apps-v1.json" ]; then
  dir=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  python3 "$here/schemas.py" "$dir/api/openapi-spec/swagger.json" "$schemas" \
    Deployment Service HorizontalPodAutoscaler PodDisruptionBudget ConfigMap
fi
"$GOPATH/bin/kubeconform" -strict -summary -schema-location "$schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  "$here"/*.yaml
