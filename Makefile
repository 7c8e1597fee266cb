# The front door: `make run` to try jianzheng, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export JIANZHENG_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test lint typecheck install bench load mutants clean

$(BIN)/jianzheng: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "jianzheng needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

install: $(BIN)/jianzheng

run: install
	$(BIN)/jianzheng setup --demo
	$(BIN)/jianzheng serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with the Django plugin on core and every app's services and selectors (pyproject.toml).
typecheck: install
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/jianzheng makemigrations --check --dry-run
	$(BIN)/pytest -n auto --dist worksteal

# Each bench prints its ratio against a baseline measured in the same run (docs/performance.md);
# a missed target is a result to read, not a build failure, hence the leading "-".
bench: install
	-$(BIN)/python bench/catalogue_search.py
	-$(BIN)/python bench/verify_endpoint.py
	-$(BIN)/python bench/token_verify.py
	-$(BIN)/python bench/pdf_render.py
	-$(BIN)/python bench/mixed_load.py
	-$(BIN)/python bench/serve_crash.py
	-@if [ -f bench/issue_parallel.py ]; then $(BIN)/python bench/issue_parallel.py; fi

# Mixed traffic from locust (a standard load tool) on 127.0.0.1, then a count of lost writes
# (bench/load_locust.py). Locust lives in its own environment: it brings gevent and Flask, which
# jianzheng itself does not need. LOAD_ARGS="--seconds 60 --users 24" for a longer run.
LOCUST := .venv-load/bin/locust
$(LOCUST):
	$(PYTHON) -m venv .venv-load
	.venv-load/bin/python -m pip install -q locust==2.47.0

load: install $(LOCUST)
	$(BIN)/python bench/load_locust.py --locust $(LOCUST) $(LOAD_ARGS)

# Mutation testing of the rule and permission modules ([tool.mutmut] in pyproject.toml lists them
# and the test files each mutant runs), then the kill rate per module. A fresh run each time:
# mutmut keeps old verdicts, so a survivor would stay a survivor after the test that kills it.
# One child process: the machine is shared. Its own data folder keeps its test database apart.
mutants: install
	rm -rf mutants
	JIANZHENG_DATA_DIR=$(CURDIR)/mutants/data $(BIN)/mutmut run --max-children 1
	$(BIN)/python tools/mutant_report.py

clean:
	rm -rf $(VENV) .venv-load build *.egg-info .mypy_cache mutants
