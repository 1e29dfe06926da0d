# Two commands set up a fresh machine:
#   make demo   create .venv, install unspin, analyse the example page
#   make test   create .venv, install unspin with every extra, run the tests
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev bench clean-venv

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e ".[dev,all,bench]"
	bash scripts/install-system-deps.sh

demo: install
	$(BIN)/unspin analyze examples/spun-page.txt

test: install-dev
	$(BIN)/python -m pytest -q

bench: install-dev
	$(BIN)/python -m benchmarks.run_all

clean-venv:
	rm -rf $(VENV)
