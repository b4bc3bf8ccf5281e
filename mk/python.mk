# The Python side (test peers and the Dagster code location) lives in one virtual environment, .venv.
# Every requirements file under python/ is installed together, so pins cannot fight each other.
PYTHON ?= python3
PY_REQS := $(sort $(wildcard python/requirements-*.txt))
SETUP_TARGETS += .venv/.floe-installed

.venv/.floe-installed: $(PY_REQS)
	@test -x .venv/bin/python || $(PYTHON) -m venv .venv
	.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(if $(PY_REQS),.venv/bin/python -m pip install --quiet --disable-pip-version-check $(addprefix -r ,$(PY_REQS)))
	@touch $@
