#!/usr/bin/env bash
# Builds a real Kubernetes control plane for the chart tests, from the Go module proxy, into a cache outside the
# clone (built once per machine, reused by every clone): kube-apiserver, kube-controller-manager, kube-scheduler
# (k8s.io/kubernetes at KUBE_VERSION, each staging module replaced by its published v0.x release) and kwok
# (sigs.k8s.io/kwok, fake nodes and pod status). etcd comes from Debian (etcd-server, unpacked, not installed).
# Usage: scripts/build-kube.sh <out-dir>   (writes <out-dir>/bin/* and <out-dir>/VERSION last)
set -euo pipefail
out=${1:?usage: build-kube.sh <out-dir>}
KUBE_VERSION=${KUBE_VERSION:-v1.33.13}
KWOK_VERSION=${KWOK_VERSION:-v0.8.0}
staging_version="v0${KUBE_VERSION#v1}"
command -v go >/dev/null || { echo "build-kube: go is not on PATH" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/floe-kube-build.XXXXXX")
chmod 755 "$work"  # apt-get download hands the file to the _apt user
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/mod"
cd "$work/mod"
# The staging modules k8s.io/kubernetes requires as v0.0.0 with a local replace; each has a published release.
staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider cluster-bootstrap
  code-generator component-base component-helpers controller-manager cri-api cri-client csi-translation-lib
  dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator kube-controller-manager kube-proxy
  kube-scheduler kubectl kubelet metrics mount-utils pod-security-admission sample-apiserver)
{
  echo "module floe.local/kubebuild"
  echo "go 1.24"
  echo "require k8s.io/kubernetes $KUBE_VERSION"
  for m in "${staging[@]}"; do echo "replace k8s.io/$m => k8s.io/$m $staging_version"; done
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
export GOFLAGS="-mod=mod -buildvcs=false -modcacherw"
export CGO_ENABLED=0
echo "build-kube: resolving k8s.io/kubernetes $KUBE_VERSION (staging modules $staging_version)"
go mod tidy -e >/dev/null 2>&1 || true
go mod download
ld="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) -X k8s.io/component-base/version.gitTreeState=clean"
echo "build-kube: building kube-apiserver, kube-controller-manager, kube-scheduler $KUBE_VERSION"
go build -tags tools -trimpath -ldflags "$ld" -o "$work/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
echo "build-kube: building kwok $KWOK_VERSION"
GOBIN="$work/bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
echo "build-kube: fetching etcd-server from Debian"
(cd "$work" && apt-get download etcd-server >/dev/null && dpkg -x etcd-server_*.deb etcd)
install -m 0755 "$work"/etcd/usr/bin/etcd "$work/bin/etcd"
"$work/bin/kube-apiserver" --version | grep -q "$KUBE_VERSION" || { echo "build-kube: kube-apiserver does not report $KUBE_VERSION" >&2; exit 1; }
mkdir -p "$out"
rm -rf "$out/bin.new" && mv "$work/bin" "$out/bin.new" && rm -rf "$out/bin" && mv "$out/bin.new" "$out/bin"
printf '%s\n' "kubernetes=$KUBE_VERSION" "kwok=$KWOK_VERSION" "etcd=$("$out/bin/etcd" --version | head -1 | awk '{print $3}')" > "$out/VERSION"
echo "build-kube: done: $out"
