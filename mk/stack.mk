# The "stack" topology as local processes for people: versitygw (S3) + a real Iceberg REST catalog
# (Apache Iceberg's RESTCatalogServer, or Project Nessie with CATALOG=nessie) + PostgreSQL on the fixed
# loopback ports of demo/platform/stack.yaml, and with COMPUTE=trino a Trino on the same catalog
# (demo/platform/stack-trino.yaml). It prints the `export` lines of the credentials generated for this
# start and the floe command to run next; Ctrl-C stops everything. AUTH=none: no OAuth2.
.PHONY: stack
stack: setup ## Run versitygw + Iceberg REST catalog + PostgreSQL for platform/stack.yaml (CATALOG=nessie, AUTH=none, COMPUTE=trino)
	tsx --conditions=floe-source scripts/stack.ts $(if $(CATALOG),--catalog $(CATALOG)) $(if $(AUTH),--auth $(AUTH)) $(if $(COMPUTE),--compute $(COMPUTE))
