# Preflight area: a real S3-compatible server for the storage checks' tests.
# Versity S3 Gateway (versitygw, Apache-2.0) serves S3 over a local folder and verifies SigV4 signatures,
# users and bucket policies. `go install` builds it from the Go module proxy into .tools/bin (3-4 minutes on
# 2 idle cores, 11 on a loaded machine; once). Module and build caches live in .tools/go during the build and
# are removed after it (about 760 MB). Without Go the S3 tests are skipped.
VERSITYGW_VERSION := v1.8.0
VERSITYGW_STAMP := .tools/.versitygw-$(VERSITYGW_VERSION)
SETUP_TARGETS += $(VERSITYGW_STAMP)

$(VERSITYGW_STAMP):
	@mkdir -p .tools/bin
	@if command -v go >/dev/null; then \
	  echo "building versitygw $(VERSITYGW_VERSION) with go install (S3 test server for preflight)"; \
	  GOBIN=$(ROOT)/.tools/bin GOPATH=$(ROOT)/.tools/go GOCACHE=$(ROOT)/.tools/go/cache GOFLAGS="-buildvcs=false -modcacherw" \
	    go install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION); \
	  rm -rf $(ROOT)/.tools/go; \
	else \
	  echo "go not found: preflight's S3 tests will be skipped (install Go 1.24+ and run make setup)" >&2; \
	fi
	@touch $@

.PHONY: preflight-test
preflight-test: ## Run the preflight tests only
	vitest run packages/preflight
