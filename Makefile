# Two commands matter on a fresh machine (run as root so missing Debian packages can
# be installed):  `make run`  starts the demo app;  `make test`  runs the whole suite.

SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/planner
REDIS_TEST_URL ?= redis://127.0.0.1:6379/14
PYTEST_ARGS ?=

.PHONY: run test deploy-check test-postgres test-sqlite test-storage install system-deps services lint format clean

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --province
	@scripts/run-dev.sh

test: install services
	$(MAKE) --no-print-directory deploy-check
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-storage

# Django's deployment checks on the production settings, warnings counted as failures.
deploy-check:
	DJANGO_ENV=production DJANGO_SECRET_KEY=ci-deploy-check-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
		DJANGO_ALLOWED_HOSTS=plans.example.gov.cn DATABASE_URL=$(PG_TEST_URL) PLANNER_EMAIL_DISABLED=true \
		$(PY) manage.py check --deploy --fail-level WARNING

# The full suite against the real services: PostgreSQL, Redis, Chromium, a Celery worker.
test-postgres:
	DATABASE_URL=$(PG_TEST_URL) CELERY_BROKER_URL=$(REDIS_TEST_URL) \
		$(PY) -m pytest $(PYTEST_ARGS)

# The embedded default must keep working too: what proves it (marked "embedded" in
# tests/conftest.py) runs again on SQLite; the rest is engine-neutral and ran above.
test-sqlite:
	env -u DATABASE_URL -u CELERY_BROKER_URL $(PY) -m pytest -m "embedded and not browser and not services" -q $(PYTEST_ARGS)

# Export files must not need a local disk: what writes, reads, downloads or prunes them
# (marked "storage" in tests/conftest.py, the worker's PDF and Word files included) runs
# again with the files in S3, through django-storages against a moto server on 127.0.0.1
# that tests/plugins/storage.py starts and configures through DJANGO_STORAGE_BACKEND.
test-storage:
	DATABASE_URL=$(PG_TEST_URL) CELERY_BROKER_URL=$(REDIS_TEST_URL) PLANNER_TEST_STORAGE=s3 \
		$(PY) -m pytest -m storage -q $(PYTEST_ARGS)

install: system-deps $(VENV)/.installed node_modules/.installed

system-deps:
	@scripts/system-deps.sh

services:
	@scripts/ensure-services.sh

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --check templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint --reformat templates

clean:
	rm -rf $(VENV) node_modules var
