# Two entry points for a fresh machine: `make demo` and `make test`. Each creates .venv and
# installs the project with its pinned ranges before running.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint bench chromium

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'

# The bundled sample pages through the whole pipeline into out/demo.db, then the web UI
# (the URL is printed; Ctrl-C stops it). `newsloom demo --no-serve` only builds the store.
demo: install
	$(BIN)/newsloom demo

# The browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
chromium:
	@test -x /usr/bin/chromium || { \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: install chromium
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/dedup.py --scale 100000
	$(BIN)/python bench/clustering.py
