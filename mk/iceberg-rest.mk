# A real Apache Iceberg REST catalog server for tests: Apache Iceberg's own REST catalog test fixture
# (org.apache.iceberg.rest.RESTCatalogServer, JdbcCatalog on SQLite behind it), assembled from Maven
# Central artifacts. `make setup` resolves its classpath into .tools/ (Maven's cache in .tools/m2);
# testing/fixtures/iceberg-rest/server.ts starts it on a random loopback port. See docs/rest-catalog.md.
ICEBERG_REST_DIR := .tools/iceberg-rest
ICEBERG_REST_POM := testing/fixtures/iceberg-rest/pom.xml
MVN ?= mvn
SETUP_TARGETS += $(ICEBERG_REST_DIR)/.installed

$(ICEBERG_REST_DIR)/.installed: $(ICEBERG_REST_POM) mk/iceberg-rest.mk
	@command -v java >/dev/null && command -v $(MVN) >/dev/null || { \
	  echo "iceberg-rest: java (17+) and mvn are needed to fetch the Iceberg REST catalog test server; REST catalog tests will be skipped" >&2; \
	  mkdir -p $(ICEBERG_REST_DIR); echo "java or mvn not found on PATH when make setup ran" > $(ICEBERG_REST_DIR)/unavailable; exit 0; }
	@mkdir -p $(ICEBERG_REST_DIR)
	$(MVN) -q -B -f $(ICEBERG_REST_POM) -Dmaven.repo.local=$(ROOT)/.tools/m2 \
	  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
	  -Dmdep.outputFile=$(ROOT)/$(ICEBERG_REST_DIR)/classpath.txt -Dmdep.includeScope=runtime
	@rm -f $(ICEBERG_REST_DIR)/unavailable
	@touch $@
