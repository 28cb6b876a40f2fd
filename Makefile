# LearnHub: `make run` to explore the demo office, `make test` for the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
export LEARNHUB_DB ?= data/learnhub.duckdb
DEMO_ACCOUNTS := $(dir $(LEARNHUB_DB))demo-accounts.txt

.PHONY: setup run demo test test-fast lint format bench browser-deps clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

# First run: create the demo office and keep its sign-ins next to the database (demo only).
$(LEARNHUB_DB): | $(VENV)/.installed
	rm -f $(DEMO_ACCOUNTS)
	$(VENV)/bin/learnhub init
	$(VENV)/bin/learnhub demo --accounts-out $(DEMO_ACCOUNTS)
	$(VENV)/bin/learnhub content sync

demo: $(LEARNHUB_DB)

run: setup $(LEARNHUB_DB)
	@if [ -f $(DEMO_ACCOUNTS) ]; then echo; echo "Demo sign-ins (also in $(DEMO_ACCOUNTS)):"; cat $(DEMO_ACCOUNTS); echo; fi
	@echo "LearnHub: http://localhost:$(PORT)"
	$(VENV)/bin/learnhub serve --port $(PORT)

# Browser tests drive Debian's Chromium; browsers are never downloaded.
browser-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'noto sans cjk\|wqy'; then \
		echo "Installing chromium and a CJK font with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: setup browser-deps
	$(PY) -m pytest -n 2 --dist loadfile -q

test-fast: setup
	$(PY) -m pytest -q -m "not browser"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) -m benchmarks.bench

clean:
	rm -rf $(VENV) build *.egg-info
