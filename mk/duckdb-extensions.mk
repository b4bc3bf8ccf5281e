# DuckDB extensions for object storage (httpfs: S3/GCS/HTTP, aws: the AWS credential chain, azure) and the Iceberg
# readers used as test peers (iceberg, avro). They come from PyPI's duckdb-extension-<name> wheels at exactly floe's
# DuckDB version: each wheel holds duckdb_extension_<name>/extensions/v<version>/<name>.duckdb_extension, signed by DuckDB. `INSTALL '<file>'`
# copies it into floe's own extension directory, from which DuckDB (Node and dbt's Python DuckDB, same version)
# autoloads it offline with signature checks on. scripts/duckdb-extensions.sh does all of it, here and in the images
# (docker/Dockerfile.*). FLOE_DUCKDB_EXTENSIONS points floe at another directory (images).
DUCKDB_VERSION := 1.5.5
DUCKDB_EXTENSIONS := httpfs aws azure iceberg avro
DUCKDB_EXT_DIR := .tools/duckdb-extensions
DUCKDB_EXT_STAMP := $(DUCKDB_EXT_DIR)/.installed-$(DUCKDB_VERSION)
SETUP_TARGETS += $(DUCKDB_EXT_STAMP)

$(DUCKDB_EXT_STAMP): mk/duckdb-extensions.mk scripts/duckdb-extensions.sh scripts/install-duckdb-extensions.mjs \
  $(NODE_STAMP)
	@rm -rf $(DUCKDB_EXT_DIR)
	PYTHON=$(PYTHON) sh scripts/duckdb-extensions.sh $(ROOT)/$(DUCKDB_EXT_DIR) $(DUCKDB_VERSION) $(DUCKDB_EXTENSIONS)
	@touch $@
