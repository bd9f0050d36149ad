# Two entry points for a fresh machine (README quick start):
#   make dashboard   install into .venv and start the page on the shipped data
#   make test        install into .venv (plus Chromium for the browser tests) and run pytest
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: dashboard test install install-dev chromium

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt

# The browser tests drive Debian's Chromium; Playwright's own browser download does not work offline.
chromium:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y --no-install-recommends chromium || \
	  { $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium; }; }

dashboard: install
	$(BIN)/streamlit run dashboard.py

test: install-dev chromium
	$(BIN)/python -m pytest
