# The commands of radoc. The two that matter: `make site` and `make test`.
SHELL := /bin/bash
BIN := .venv/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup setup-browser site serve test lint lint-run schema bench clean

setup:
	@scripts/setup.sh

setup-browser:
	@scripts/setup.sh --with-browser

## Build the site from architecture/ into site/.
site: setup
	$(BIN)/radoc build

## Serve the site with live reload on http://127.0.0.1:8000
serve: setup
	$(BIN)/radoc serve

## Run the lint, then every test: unit, golden, end-to-end and browser.
test: setup-browser
	@$(MAKE) --no-print-directory lint-run
	$(BIN)/pytest -n 2

lint: setup
	@$(MAKE) --no-print-directory lint-run

lint-run:
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

schema: setup
	$(BIN)/radoc schema

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf build .radoc-cache
