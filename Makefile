# The front door: `make run` to try jianzheng, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export JIANZHENG_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test lint install bench clean

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

test: lint
	$(BIN)/jianzheng makemigrations --check --dry-run
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/catalogue_search.py

clean:
	rm -rf $(VENV) build *.egg-info
