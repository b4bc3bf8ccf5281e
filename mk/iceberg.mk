# @floe/iceberg: DuckDB's own Iceberg extension as an independent reader of floe's tables.
# The extension binaries on PyPI (duckdb-ext-*) load only into their exact DuckDB version (1.4.4),
# which differs from the DuckDB in .venv (dbt's), so they live in their own folder under .tools/.
ICEBERG_DUCKDB_EXT := .tools/duckdb-iceberg
SETUP_TARGETS += $(ICEBERG_DUCKDB_EXT)/.floe-installed

$(ICEBERG_DUCKDB_EXT)/.floe-installed: mk/iceberg.mk .venv/.floe-installed
	rm -rf $(ICEBERG_DUCKDB_EXT)
	.venv/bin/python -m pip install --quiet --disable-pip-version-check --target $(ICEBERG_DUCKDB_EXT) \
	  duckdb==1.4.4 duckdb-ext-iceberg==1.4.4.20260205 duckdb-ext-avro==1.4.4.20260205
	@touch $@
