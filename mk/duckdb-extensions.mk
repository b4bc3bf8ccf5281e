# DuckDB extensions for object storage (httpfs: S3/GCS/HTTP, aws: the AWS credential chain, azure) and the Iceberg
# readers used as test peers (iceberg, avro). They come from PyPI's duckdb-extension-<name> wheels at exactly floe's
# DuckDB version: each wheel holds duckdb_extension_<name>/extensions/v<version>/<name>.duckdb_extension, signed by DuckDB. `INSTALL '<file>'`
# copies it into floe's own extension directory, from which DuckDB (Node and dbt's Python DuckDB, same version)
# autoloads it offline with signature checks on. FLOE_DUCKDB_EXTENSIONS points floe at another directory (images).
DUCKDB_VERSION := 1.5.5
DUCKDB_EXTENSIONS := httpfs aws azure iceberg avro
DUCKDB_EXT_DIR := .tools/duckdb-extensions
DUCKDB_EXT_STAMP := $(DUCKDB_EXT_DIR)/.installed-$(DUCKDB_VERSION)
SETUP_TARGETS += $(DUCKDB_EXT_STAMP)

$(DUCKDB_EXT_STAMP): mk/duckdb-extensions.mk $(NODE_STAMP)
	@rm -rf $(DUCKDB_EXT_DIR) .tools/tmp/duckdb-wheels && mkdir -p $(DUCKDB_EXT_DIR) .tools/tmp/duckdb-wheels
	$(PYTHON) -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
	  -d .tools/tmp/duckdb-wheels $(foreach e,$(DUCKDB_EXTENSIONS),duckdb-extension-$(e)==$(DUCKDB_VERSION))
	cd .tools/tmp/duckdb-wheels && for w in *.whl; do python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall()' "$$w"; done
	node scripts/install-duckdb-extensions.mjs $(ROOT)/$(DUCKDB_EXT_DIR) $(DUCKDB_VERSION) \
	  $(foreach e,$(DUCKDB_EXTENSIONS),$(ROOT)/.tools/tmp/duckdb-wheels/duckdb_extension_$(e)/extensions/v$(DUCKDB_VERSION)/$(e).duckdb_extension)
	@rm -rf .tools/tmp/duckdb-wheels
	@touch $@
