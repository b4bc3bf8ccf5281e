# Object storage tests: a real GCS JSON/XML API emulator for the Iceberg GCS FileIO's tests.
# fake-gcs-server (fsouza, BSD-2-Clause) serves the Cloud Storage JSON API (uploads: simple, multipart and
# resumable; preconditions such as ifGenerationMatch) from memory. `go install` builds it from the Go module proxy
# into .tools/bin (a few minutes, once). Module and build caches live in .tools/go during the build and are removed
# after it. Without Go the GCS tests are skipped locally (and fail under CI=true).
FAKE_GCS_VERSION := v1.56.1
FAKE_GCS_STAMP := .tools/.fake-gcs-server-$(FAKE_GCS_VERSION)
SETUP_TARGETS += $(FAKE_GCS_STAMP)

$(FAKE_GCS_STAMP):
	@mkdir -p .tools/bin
	@if command -v go >/dev/null; then \
	  echo "building fake-gcs-server $(FAKE_GCS_VERSION) with go install (GCS test server for the iceberg FileIO)"; \
	  GOBIN=$(ROOT)/.tools/bin GOPATH=$(ROOT)/.tools/go-fake-gcs GOCACHE=$(ROOT)/.tools/go-fake-gcs/cache GOFLAGS="-buildvcs=false -modcacherw" \
	    go install github.com/fsouza/fake-gcs-server@$(FAKE_GCS_VERSION); \
	  rm -rf $(ROOT)/.tools/go-fake-gcs; \
	else \
	  echo "go not found: the iceberg GCS FileIO tests will be skipped (install Go 1.24+ and run make setup)" >&2; \
	fi
	@touch $@
