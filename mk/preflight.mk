# Preflight area: a real S3-compatible server for the storage checks' tests.
# Versity S3 Gateway (versitygw, Apache-2.0) serves S3 over a local folder and verifies SigV4 signatures,
# users and bucket policies. It is built from the Go module proxy with `go install` into .tools/bin
# (about 3-4 minutes on 2 cores, once). Without Go the S3 tests are skipped and say so.
VERSITYGW_VERSION := v1.8.0
SETUP_TARGETS += .tools/.versitygw-$(VERSITYGW_VERSION)

.tools/.versitygw-$(VERSITYGW_VERSION): mk/preflight.mk
	@mkdir -p .tools/bin
	@if command -v go >/dev/null; then \
	  echo "building versitygw $(VERSITYGW_VERSION) with go install (S3 test server for preflight)"; \
	  GOBIN=$(ROOT)/.tools/bin GOFLAGS=-buildvcs=false go install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION); \
	else \
	  echo "go not found: preflight's S3 tests will be skipped (install Go 1.24+ and run make setup)" >&2; \
	fi
	@touch $@

.PHONY: preflight-test
preflight-test: ## Run the preflight tests only
	vitest run packages/preflight testing/fixtures/s3 testing/fixtures/azure testing/fixtures/oauth2 testing/fixtures/stubs
