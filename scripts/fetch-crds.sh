#!/usr/bin/env bash
# The CustomResourceDefinitions floe's charts render objects of (External Secrets' ExternalSecret/SecretStore,
# prometheus-operator's ServiceMonitor, Sealed Secrets' SealedSecret), taken from the projects' own Go modules on
# the Go module proxy (their release zips carry the CRD YAML), for the chart tests on a real control plane.
# Also kwok's stages (how fake nodes and pods change status), from sigs.k8s.io/kwok at KWOK_VERSION, into <out-dir>/stages.
# Usage: scripts/fetch-crds.sh <out-dir>
set -euo pipefail
out=${1:?usage: fetch-crds.sh <out-dir>}
command -v go >/dev/null || { echo "fetch-crds: go is not on PATH" >&2; exit 1; }
modules=(
  "github.com/external-secrets/external-secrets@v1.3.2 config/crds/bases/external-secrets.io_externalsecrets.yaml config/crds/bases/external-secrets.io_secretstores.yaml config/crds/bases/external-secrets.io_clustersecretstores.yaml"
  "github.com/prometheus-operator/prometheus-operator@v0.85.0 example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"
  "github.com/bitnami-labs/sealed-secrets@v0.40.0 helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml"
)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/floe-crds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for entry in "${modules[@]}"; do
  read -r module files <<<"$entry"
  zip=$(GOFLAGS=-modcacherw go mod download -json "$module" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Zip"])')
  for f in $files; do
    python3 - "$zip" "${module}/${f}" "$tmp/$(basename "$f")" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[3], "wb") as out:
    out.write(z.read(sys.argv[2]))
PY
  done
done
mkdir -p "$out/stages" && cp "$tmp"/*.yaml "$out"/
kwok_dir=$(GOFLAGS=-modcacherw go mod download -json "sigs.k8s.io/kwok@${KWOK_VERSION:-v0.8.0}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
  cp "$kwok_dir/kustomize/stage/$stage.yaml" "$out/stages/"
done
echo "fetch-crds: $(ls "$out"/*.yaml | wc -l) CRDs and $(ls "$out"/stages | wc -l) kwok stages in $out"
