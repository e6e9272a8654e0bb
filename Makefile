# Fireside: `make run` serves the demo site, `make test` runs every test (SQLite, then PostgreSQL).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install setup run test test-sqlite test-postgres lint migrations-check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## setup: install, migrate the embedded SQLite database, load the demo stories, create the admin account
setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_admin

## run: setup, then serve the site at http://127.0.0.1:8000 (admin at /admin/)
run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: lint, migrations check, then the whole suite on SQLite and on PostgreSQL
test: install lint migrations-check
	@services=$$(scripts/test-services) && eval "$$services" && \
	echo "== tests on SQLite" && \
	$(BIN)/pytest && \
	echo "== tests on PostgreSQL" && \
	FIRESIDE_TEST_DATABASE_URL=$$FIRESIDE_TEST_POSTGRES_URL $(BIN)/pytest

test-sqlite: install
	@services=$$(scripts/test-services) && eval "$$services" && $(BIN)/pytest

test-postgres: install
	@services=$$(scripts/test-services) && eval "$$services" && \
	FIRESIDE_TEST_DATABASE_URL=$$FIRESIDE_TEST_POSTGRES_URL $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	DJANGO_SETTINGS_MODULE=fireside.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var static_collected test-artifacts
