# fieldops: `make run` to try it, `make test` to check it. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
NPM := $(shell command -v npm 2>/dev/null)

.PHONY: install run production test lint clean

install: $(STAMP) $(if $(NPM),$(AXE))

# Re-installs only when pyproject.toml changes (the stamp is older than it).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# axe-core and Lighthouse for the browser tests, vnu.jar for the HTML checks. No
# install scripts: vnu-jar's would download a Java runtime where the system has none
# (the tests run vnu.jar on Debian's Java).
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# The site needs only the Python packages; npm's tools serve the browser tests.
run: $(STAMP)
	bash scripts/run.sh

# The same behind nginx (TLS) and Varnish, with production settings: see
# docs/operations.md, "The stack on one machine".
production: $(STAMP)
	bash scripts/production.sh

# Two test processes by default (pytest-xdist), one per core of the machines we
# test on; TEST_PROCESSES=1 runs the suite in this process, e.g. to debug.
# PYTEST_ARGS adds options, e.g. `make test PYTEST_ARGS=--durations=25`.
TEST_PROCESSES ?= 2
PYTEST_ARGS ?=

test: install
	$(BIN)/pytest $(if $(filter-out 1,$(TEST_PROCESSES)),-n $(TEST_PROCESSES)) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Leaves var/ (the development database, uploads and secret key) alone.
clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .import_linter_cache *.egg-info var/static
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
