# The two commands a newcomer needs: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

# Demo settings (override on the command line: make demo SCALE=10)
SCALE ?= 1
SEED ?= 42
DATA_DIR ?= data/raw
export CXM_DUCKDB_PATH ?= target/cx_metrics.duckdb
# Salt for hashing personal data in staging (README.md#security-and-pii). This default is a
# PUBLIC DEMO VALUE, NOT A SECRET: it only lets `make demo` and `make test` run on synthetic
# data. Production sets CXM_PII_SALT from its secret store; dbt refuses to build without one.
export CXM_PII_SALT ?= cxm-public-demo-salt-not-for-production

# profiles.yml sits in the project root, where dbt and MetricFlow's `mf` look by default, so
# both work from a new shell too (no DBT_PROFILES_DIR needed).
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

DBT := $(BIN)/dbt
CXM := $(BIN)/cxm

BENCH_SCALES ?= 1,10
BENCH_RUNS ?= 3

.PHONY: help setup browser daily demo demo-real demo-spark dashboards test bench bench-models bench-sentiment train-sentiment lint lint-sql lint-python validate pytest dbt-build docs clean lock

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; $(PYTHON) is " + sys.version.split()[0] + ". Install one and run: make setup PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> installing $$(grep -c '==' requirements.lock) pinned packages into $(VENV) (first run: 2-3 minutes)"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@# one line per package as pip collects it (pip's own output is otherwise silent or very long)
	@$(BIN)/python -m pip install --only-binary dbt-core-experimental-parser -r requirements.lock \
		| awk '/^Collecting /{n++; printf "    [%3d] %s\n", n, $$2; fflush()} /^Installing collected/{print "==> installing the packages"; fflush()}'
	@echo "==> installing cxm (editable)"
	@$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the pinned stack (once; again only when pins change)

browser:  ## Debian's chromium for the page tests (Playwright drives it; its own browser download is unreachable)
	@command -v chromium >/dev/null 2>&1 || { echo "==> installing chromium with apt (page tests)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }; }

demo: setup  ## generate demo data, build every model and test, build docs, print the KPI summary
	$(CXM) generate --scale $(SCALE) --seed $(SEED) --data-dir $(DATA_DIR)
	$(CXM) load --data-dir $(DATA_DIR)
	$(CXM) import-survey --mapping config/survey_exports/example_nps_export.yml \
		--file config/survey_exports/examples/example_nps_export.csv
	$(DBT) source freshness
	$(DBT) build
# metric catalogue (issue 13): keep the build's test statuses; `dbt docs generate` overwrites run_results.json
	cp target/run_results.json target/build_run_results.json
	$(CXM) quality
	$(DBT) docs generate
	$(CXM) catalog
	$(CXM) bench-models
	$(CXM) summary
	@echo "==> dashboards: run 'make dashboards', then open http://localhost:$(DASHBOARD_PORT)/"

STATE_DIR ?= target/state

# The production run after each delivery (issue 15): data tests only (unit tests belong to
# `make test` and CI), and only what fresher sources feed, against the state the last run saved.
daily: setup  ## after a delivery: source freshness, build what fresher sources feed (no unit tests), quality checks
	$(DBT) source freshness
	@if [ -f $(STATE_DIR)/sources.json ]; then \
		echo "==> building what the fresher sources feed (state of the last run: $(STATE_DIR))"; \
		$(DBT) build --select source_status:fresher+ --state $(STATE_DIR) --exclude-resource-type unit_test; \
	else \
		echo "==> no saved state in $(STATE_DIR): a full build (unit tests excluded)"; \
		$(DBT) build --exclude-resource-type unit_test; \
	fi
	mkdir -p $(STATE_DIR) && cp target/sources.json target/manifest.json $(STATE_DIR)/
	$(CXM) quality

# --- issue 11: bring your own data ---------------------------------------------------------
REAL_DATA ?= ../shared/data/real
REAL_DB ?= target/cx_real.duckdb
REAL_LOADED_AT ?= 2026-11-01 00:00:00

demo-real: setup  ## a warehouse from the real public data alone (Olist, twcs, NPS verbatims): import, dbt build, KPI summary
	@test -d $(REAL_DATA) || { echo "no real data in $(REAL_DATA) (set REAL_DATA=...)"; exit 2; }
	rm -f $(REAL_DB)
	for m in customers:olist_customers_dataset orders:olist_orders_dataset order_items:olist_order_items_dataset \
		payments:olist_order_payments_dataset reviews:olist_order_reviews_dataset; do \
		$(CXM) import --database $(REAL_DB) --loaded-at "$(REAL_LOADED_AT)" --mapping config/imports/olist/$${m%%:*}.yml \
			--file $(REAL_DATA)/olist_subset/$${m##*:}.csv; done
	$(CXM) import --database $(REAL_DB) --loaded-at "$(REAL_LOADED_AT)" --mapping config/imports/twcs/threads.yml \
		--file $(REAL_DATA)/twcs_sample/twcs_kaggle_sample.csv
	$(CXM) import --database $(REAL_DB) --loaded-at "$(REAL_LOADED_AT)" --mapping config/survey_exports/telecom_nps.yml \
		--file $(REAL_DATA)/nps_verbatims/nps_verbatims.csv
	CXM_DUCKDB_PATH=$(REAL_DB) $(DBT) build --target-path target/real
	$(CXM) kpi-overview --database $(REAL_DB)
# --- end issue 11 ----------------------------------------------------------------------------

SPARK_SCALE ?= 0.1
SPARK_DATA_DIR ?= data/raw_spark

demo-spark: setup  ## the project on a local Spark session: generate small data, land it in Spark, dbt build (models, tests)
	$(CXM) generate --scale $(SPARK_SCALE) --seed $(SEED) --data-dir $(SPARK_DATA_DIR)
	CXM_TARGET=spark $(CXM) load --data-dir $(SPARK_DATA_DIR)
	CXM_TARGET=spark $(CXM) import-survey --mapping config/survey_exports/example_nps_export.yml \
		--file config/survey_exports/examples/example_nps_export.csv
	CXM_TARGET=spark $(DBT) build

# --- Dashboards (issue 16) ------------------------------------------------------------------
# Streamlit serves dashboards/ on localhost, read-only on the warehouse: nothing to build, so a dbt
# change shows on the next page load. Settings (no usage statistics, local address) are in
# dashboards/.streamlit/config.toml; the exposures' urls are these pages.
DASHBOARD_PORT ?= 8501

dashboards: setup  ## serve the dashboards (needs `make demo` first) at http://localhost:8501 (Ctrl-C stops)
	@test -f $(CXM_DUCKDB_PATH) || { echo "no warehouse at $(CXM_DUCKDB_PATH): run 'make demo' first"; exit 1; }
	@echo "==> CX dashboards at http://localhost:$(DASHBOARD_PORT)/ (overview; pages: ?page=cx-scorecard, ...)"
	cd dashboards && CXM_DUCKDB_PATH=$(abspath $(CXM_DUCKDB_PATH)) DBT_TARGET_PATH=$(abspath $(or $(DBT_TARGET_PATH),target)) \
		../$(BIN)/streamlit run app.py --server.port $(DASHBOARD_PORT)
# --- end dashboards ---------------------------------------------------------------------------

test: setup browser lint validate pytest  ## run every test: ruff, sqlfluff, dbt parse + mf validate-configs, pytest (builds dbt on small data)

lint: lint-python lint-sql  ## ruff and sqlfluff

lint-python:
	$(BIN)/ruff check src pytests models dashboards dbt_score_rules
	$(BIN)/ruff format --check src pytests models dashboards dbt_score_rules

# Macros are linted where they render, in the models that call them: sqlfluff's dbt templater
# skips macro files (one "skipped file ... because it is a macro" line each).
lint-sql:
	$(BIN)/sqlfluff lint models tests analyses

validate:  ## dbt parse, the project's conventions (dbt-score) and MetricFlow's semantic checks (warehouse checks run in pytest)
	$(DBT) parse
	$(BIN)/dbt-score lint --manifest target/manifest.json
	$(BIN)/mf validate-configs --skip-dw

pytest:
	$(BIN)/pytest

bench: setup  ## benchmark build cost per scale against the machine's floor (BENCH_SCALES=1,10,100)
	$(CXM) bench --scales $(BENCH_SCALES) --runs $(BENCH_RUNS)

bench-models: setup  ## fit quality of the predictive models: CDNOW vs published, churn AUC (needs `make demo`)
	$(CXM) bench-models

bench-sentiment: setup  ## lexicon vs trained model: accuracy, macro-F1 per language, texts/s (needs ../shared/data/real)
	$(CXM) bench-sentiment --compare

train-sentiment: setup  ## retrain the shipped sentiment model (src/cxm/sentiment/sentiment_model.npz) on the train splits
	$(CXM) train-sentiment

docs: setup
	$(DBT) docs generate

clean:  ## remove build outputs and generated data (keeps .venv)
	rm -rf target logs data dbt_packages

lock:  ## re-pin requirements.lock from requirements.txt (needs the registry)
	rm -rf /tmp/cxm-lock-venv && $(PYTHON) -m venv /tmp/cxm-lock-venv
	/tmp/cxm-lock-venv/bin/pip install --only-binary dbt-core-experimental-parser -r requirements.txt
	/tmp/cxm-lock-venv/bin/pip freeze > requirements.lock
