# Next Round — two commands do everything:
#   make serve   set up, build, and serve the site at http://127.0.0.1:8000
#   make test    set up (including Chromium) and run the whole test suite
# Both are idempotent: a second run only redoes what changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: the three browser engines for tests (Chromium; Firefox ESR, driven by
# puppeteer-core over WebDriver BiDi; WebKitGTK's WebKitWebDriver + MiniBrowser, which needs an
# X display: xvfb, xauth), the libraries and font weasyprint needs for the PDFs, and a Java
# runtime for the HTML checker. No step downloads a browser of its own.
APT_PACKAGES := chromium firefox-esr webkit2gtk-driver xvfb xauth \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core default-jre-headless

.PHONY: setup system python node build serve test clean

setup: python node

system: $(STAMPS)/system
# Depends on this Makefile, so a package added to the list is installed on the next run.
$(STAMPS)/system: Makefile
	@mkdir -p $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ "$$missing" = "default-jre-headless" ] && command -v java >/dev/null; then missing=""; fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@touch $@

python: $(STAMPS)/python
$(STAMPS)/python: requirements.txt pyproject.toml
	@mkdir -p $(STAMPS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

node: $(STAMPS)/node
$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The plain build (no MkDocs hooks): generated docs + `mkdocs build` on a hook-less config.
# `mkdocs build --strict` (with hooks) gives the same files; tests/site/test_plain_build.py checks.
build: setup $(STAMPS)/system
	$(PY) -m nextround_site build site

serve: build
	@echo "Serving Next Round at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(PY) -m http.server $(PORT) --bind $(HOST) --directory site

test: setup system
	$(PY) -m pytest

clean:
	rm -rf site build dist *.egg-info $(STAMPS) .pytest_cache .hypothesis .coverage
