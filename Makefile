# Two commands matter: `make site` (set up and build site/) and `make test` (set up and run every check).
# Both work on a fresh machine: they create .venv and install the pinned dependencies first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a banner about MkDocs 2 on every run; it says nothing about this build.
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0
export PYTHONPATH := $(CURDIR)/scripts

.PHONY: site test serve check clean

$(VENV)/.site-deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Build into a scratch directory and swap it in only when the strict build succeeds, so a failed
# build never leaves a half-written site/.
site: $(VENV)/.site-deps
	rm -rf .site-build
	$(BIN)/mkdocs build --strict --quiet --site-dir .site-build || { rm -rf .site-build; exit 1; }
	rm -rf site && mv .site-build site
	@echo "Built site/."

check: $(VENV)/.site-deps
	$(BIN)/python -m edition check

test: $(VENV)/.test-deps site
	$(BIN)/python -m pytest

serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --livereload

clean:
	rm -rf site .site-build .pytest_cache .hypothesis
