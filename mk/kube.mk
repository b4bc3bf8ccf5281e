# A real Kubernetes control plane for the chart lifecycle tests (testing/charts/lifecycle): kube-apiserver,
# kube-controller-manager and kube-scheduler built from the Go module proxy, kwok (fake nodes and pod status) and
# etcd from Debian — see scripts/build-kube.sh. The build takes ~13 min on 2 cores the first time, so it lands in a
# cache outside the clone ($(FLOE_CACHE), default ~/.cache/floe) that every clone of this machine reuses;
# .tools/kube links to it. Without Go the control plane is not built and its tests are skipped locally (and fail
# under CI=true).
KUBE_VERSION := v1.33.13
KWOK_VERSION := v0.8.0
FLOE_CACHE ?= $(HOME)/.cache/floe
KUBE_CACHE := $(FLOE_CACHE)/kube-$(KUBE_VERSION)-kwok-$(KWOK_VERSION)
KUBE_STAMP := .tools/.kube-$(KUBE_VERSION)-kwok-$(KWOK_VERSION)
SETUP_TARGETS += $(KUBE_STAMP)

$(KUBE_STAMP): scripts/build-kube.sh
	@mkdir -p .tools && rm -rf .tools/kube
	@if [ -f $(KUBE_CACHE)/VERSION ] && grep -qx 'kubernetes=$(KUBE_VERSION)' $(KUBE_CACHE)/VERSION; then \
	  echo "kubernetes control plane $(KUBE_VERSION): cached in $(KUBE_CACHE)"; \
	elif command -v go >/dev/null && command -v apt-get >/dev/null; then \
	  echo "building the kubernetes control plane $(KUBE_VERSION) + kwok $(KWOK_VERSION) into $(KUBE_CACHE) (once per machine, ~13 min on 2 cores)"; \
	  KUBE_VERSION=$(KUBE_VERSION) KWOK_VERSION=$(KWOK_VERSION) scripts/build-kube.sh $(KUBE_CACHE); \
	fi
	@if [ -f $(KUBE_CACHE)/VERSION ]; then ln -sfn $(KUBE_CACHE) .tools/kube; else \
	  echo "go or apt-get not found: the chart lifecycle tests on a real control plane will be skipped (fail under CI=true)" >&2; \
	  mkdir -p .tools/kube && echo "go or apt-get was not on PATH when make setup ran" > .tools/kube/unavailable; fi
	@touch $@

# CRDs of the operators floe's charts integrate with (External Secrets, prometheus-operator, Sealed Secrets) and
# kwok's stages, from their Go modules.
KUBE_CRDS := .tools/kube-crds/.installed
SETUP_TARGETS += $(KUBE_CRDS)
$(KUBE_CRDS): scripts/fetch-crds.sh mk/kube.mk
	@rm -rf .tools/kube-crds
	@if command -v go >/dev/null; then KWOK_VERSION=$(KWOK_VERSION) scripts/fetch-crds.sh .tools/kube-crds; else mkdir -p .tools/kube-crds; fi
	@touch $@
