# Two commands: `make run` (fresh machine -> app with demo data on http://127.0.0.1:8000, and a
# task worker beside it) and `make test` (install what the tests need, run the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test install install-dev migrate demo lint format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py createcachetable

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo

# The app and a background worker (`manage.py db_worker`: large imports, calendar
# pre-rendering, reports) with the database task queue, as in production; the worker stops
# when the server does (Ctrl+C). REGIE_TASKS=immediate would need no worker (README).
RUN_ENV := $(DEV_ENV) REGIE_TASKS=database
run: demo
	@trap 'pkill -TERM -P $$worker 2>/dev/null; kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The progress report's test converts it to PDF with LibreOffice, as a secretary's Word would open it.
SOFFICE := /usr/bin/soffice
$(SOFFICE):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui

# The timeline's print test renders the A3 PDF to PNG for a person to look at.
PDFTOPPM := /usr/bin/pdftoppm
$(PDFTOPPM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils

test: install-dev $(CHROMIUM) $(SOFFICE) $(PDFTOPPM)
	$(BIN)/pytest -n auto

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install-dev
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l nl --ignore '.venv/*' --ignore 'bench/*'
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
