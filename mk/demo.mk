# The live platform (issue 5): demo dbt project, Dagster code location, floe demo/trigger/publish.
# The e2e tests (testing/e2e) and the dbt/runtime tests are plain vitest suites run by `make unit`.
.PHONY: demo-once demo-status orchestration-validate

demo-once: setup ## Run one full demo cycle (generate → dbt build → publish → Cube query) and print JSON
	$(FLOE) demo --once --json --project demo

demo-status: setup ## Row counts of every bronze/silver/gold table of the demo warehouse
	$(FLOE) demo --status --project demo

orchestration-validate: setup ## Load the Dagster code location for the demo project (dagster definitions validate)
	$(FLOE) compile demo >/dev/null
	cd orchestration && FLOE_PROJECT_DIR=$(ROOT)/demo $(ROOT)/.venv/bin/dagster definitions validate -m floe_orchestration.definitions

TEST_TARGETS += orchestration-validate
