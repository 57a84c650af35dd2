# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv and
# installs the project with its pinned ranges before running.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'

demo: install
	$(BIN)/newsloom clean samples -o out/articles.jsonl
	@$(BIN)/python scripts/preview.py out/articles.jsonl
	$(BIN)/newsloom cluster out/articles.jsonl -o out/clustered.jsonl
	$(BIN)/newsloom stories out/clustered.jsonl

test: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/dedup.py --scale 100000
	$(BIN)/python bench/clustering.py
