# Convene: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?= convene-demo
MANAGE := $(BIN)/python manage.py

.PHONY: install run test test-browser check lint format lock clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
		echo "Convene needs Python 3.12 or newer: install it, or run make PYTHON=/path/to/python3.12"; \
		exit 1; }
	@# A virtualenv left by an older Python is rebuilt, not reused.
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || rm -rf $(VENV)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty --password "$(DEMO_PASSWORD)"
	@# The worker runs beside the web server and stops with it.
	$(MANAGE) db_worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest -n auto --dist loadgroup

test-browser: install
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy convene tests
	$(MANAGE) makemigrations --check --dry-run

check: lint test

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --universal \
		--python-version 3.12 --no-header --quiet -o requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* var/
