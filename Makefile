# The two commands of the README: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

# Test workers (pytest-xdist): one per core by default; each worker has its own PostgreSQL server and temp folders.
TEST_WORKERS ?= auto
# Bytecode caches (and pytest's rewritten test modules) are kept between runs even where the environment turns
# them off: without them every run and every worker and server process compiles everything again.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: run test test-fast test-env lint check translations clean

run: $(VENV)/.installed
	$(FLASK) content check
	$(FLASK) init-db
	$(FLASK) demo --if-new
	@echo "Serving on http://$(HOST):$(PORT)  (demo accounts: admin, trainer, hr, learner; password sales-demo)"
	@# The job queue's consumer runs beside the server and is stopped, by its PID, when the server ends (docs/jobs.md).
	$(FLASK) jobs worker --workers 1 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# Everything: the lint, then unit, web on SQLite and PostgreSQL, browser, gunicorn servers (tests/multi), scripts.
test: test-env lint
	$(PYTEST) $(PYTEST_ARGS)

# Unit tests and web tests on SQLite, in-process: no browser, no PostgreSQL, no gunicorn (tests/multi) (under a minute).
test-fast: $(VENV)/.installed-dev
	$(PYTEST) tests/unit tests/web -m "not browser and not postgresql" $(PYTEST_ARGS)

# ruff, configured in pyproject.toml, over the whole tree.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

# PostgreSQL 15 and Debian's Chromium: installed when root, else named (with the apt-get line) and make stops.
test-env:
	@scripts/test-env.sh

check: $(VENV)/.installed
	$(FLASK) content check

# Re-extract the UI strings, merge them into the Chinese catalog, and compile it (the .mo is committed).
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --project courseware -o courseware/translations/messages.pot .
	$(VENV)/bin/pybabel update -i courseware/translations/messages.pot -d courseware/translations --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d courseware/translations --statistics

# The packages are installed by uv (from PyPI, pinned below), ten times faster than pip: it fetches in parallel and does
# not byte-compile, so each process compiles only what it imports, once. The venv itself has no pip.
UV_VERSION ?= 0.13.8
UV := $(VENV)/bin/uv pip install --quiet --python $(PY)

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	test -x $(VENV)/bin/uv || $(PYTHON) -m pip --python $(PY) install --quiet uv==$(UV_VERSION)
	$(UV) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(UV) -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) instance/courseware.sqlite instance/jobs.sqlite* .pytest_cache
