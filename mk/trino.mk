# Trino as a real distributed-SQL compute for tests and `make stack COMPUTE=trino`: the server distribution
# io.trino:trino-server:476 (tar.gz, 821 MB) from Maven Central, unpacked into .tools/trino/ with only the
# plugins floe uses (iceberg; tpch for the readiness probe; password-authenticators for password auth).
# Trino 476 runs on Java 22+ (the fixture uses the Java 25 JDK, see testing/fixtures/trino/server.ts).
# The dbt adapter (dbt-trino) is in python/requirements-trino.txt.
TRINO_VERSION := 476
TRINO_PLUGINS := iceberg tpch password-authenticators
MVN ?= mvn
TRINO_DIR := .tools/trino
SETUP_TARGETS += $(TRINO_DIR)/.installed

$(TRINO_DIR)/.installed: mk/trino.mk
	@command -v java >/dev/null && command -v $(MVN) >/dev/null || { \
	  echo "trino: java and mvn are needed to fetch the Trino server; Trino tests will be skipped (outside CI)" >&2; \
	  mkdir -p $(TRINO_DIR); echo "java or mvn not found on PATH when make setup ran" > $(TRINO_DIR)/unavailable; exit 0; }
	@rm -rf $(TRINO_DIR) && mkdir -p $(TRINO_DIR)/download
	$(MVN) -q -B -Dmaven.repo.local=$(ROOT)/.tools/m2 \
	  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
	  -Dartifact=io.trino:trino-server:$(TRINO_VERSION):tar.gz \
	  -DoutputDirectory=$(ROOT)/$(TRINO_DIR)/download -Dmdep.overWriteReleases=true
	@# Plugins share jars through hard links, so the whole archive is unpacked and the unused plugins removed.
	tar -xzf $(TRINO_DIR)/download/trino-server-$(TRINO_VERSION).tar.gz -C $(TRINO_DIR)
	@mv $(TRINO_DIR)/trino-server-$(TRINO_VERSION) $(TRINO_DIR)/server
	@cd $(TRINO_DIR)/server/plugin && for p in *; do case " $(TRINO_PLUGINS) " in *" $$p "*) ;; *) rm -rf "$$p";; esac; done
	@rm -rf $(TRINO_DIR)/download $(ROOT)/.tools/m2/io/trino/trino-server
	@test -d $(TRINO_DIR)/server/plugin/iceberg && test -d $(TRINO_DIR)/server/lib
	@echo $(TRINO_VERSION) > $(TRINO_DIR)/server/VERSION
	@touch $@
