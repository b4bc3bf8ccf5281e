# Project Nessie as a second real Iceberg REST catalog for tests and the local stack (make stack):
# its Quarkus runner jar (org.projectnessie.nessie:nessie-quarkus:0.99.0, classifier runner, ~245 MB)
# from Maven Central into .tools/nessie/ (Maven's cache in .tools/m2, like mk/iceberg-rest.mk).
# It runs on Java 21+ (the fixture uses the Java 25 JDK, see testing/fixtures/nessie/server.ts).
NESSIE_VERSION := 0.99.0
MVN ?= mvn
NESSIE_DIR := .tools/nessie
NESSIE_JAR := $(NESSIE_DIR)/nessie-quarkus-$(NESSIE_VERSION)-runner.jar
SETUP_TARGETS += $(NESSIE_DIR)/.installed

$(NESSIE_DIR)/.installed: mk/nessie.mk
	@command -v java >/dev/null && command -v $(MVN) >/dev/null || { \
	  echo "nessie: java and mvn are needed to fetch the Nessie server; Nessie tests will be skipped (outside CI)" >&2; \
	  mkdir -p $(NESSIE_DIR); echo "java or mvn not found on PATH when make setup ran" > $(NESSIE_DIR)/unavailable; exit 0; }
	@mkdir -p $(NESSIE_DIR)
	$(MVN) -q -B -Dmaven.repo.local=$(ROOT)/.tools/m2 \
	  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
	  -Dartifact=org.projectnessie.nessie:nessie-quarkus:$(NESSIE_VERSION):jar:runner \
	  -DoutputDirectory=$(ROOT)/$(NESSIE_DIR) -Dmdep.overWriteReleases=true
	@test -s $(NESSIE_JAR)
	@# The jar is kept in .tools/nessie only: drop Maven's cached copy (another 245 MB).
	@rm -rf $(ROOT)/.tools/m2/org/projectnessie/nessie/nessie-quarkus
	@rm -f $(NESSIE_DIR)/unavailable
	@touch $@
