# MASA: two commands for a fresh machine (Python >= 3.11, Node/npm, make):
#   make run    set everything up and serve the demo partnerships on http://127.0.0.1:8000
#   make test   set everything up and run the whole test suite
# Also: make lint, make bench, make bench-compare, make lock (re-pin the Python dependency tree),
#   make validator (the DfE CIN census validator in its own virtualenv, for its tests in make test).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed
CSS := masa/core/static/masa/masa.css
PYTEST_ARGS ?=
# The DfE CIN census validator pins pandas 1.5.3 (wheels for Python 3.8-3.11), numpy 1.26
# and pytest 9 (Python 3.10 and later): its own virtualenv, with the first installed Python
# 3.11 or 3.10 (or set CIN_PYTHON). With none, it is not built and its tests are skipped
# (in CI, where tests/conftest.py makes a skip a failure, they fail).
CIN_PYTHONS := python3.11 python3.10 python3
ifndef CIN_PYTHON
CIN_PYTHON := $(shell for p in $(CIN_PYTHONS); do command -v $$p >/dev/null 2>&1 \
	&& $$p -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)
endif
CIN_VENV := .venv-cin-validator
CIN_REQS := tools/cin_validator/requirements.txt
CIN_STAMP := $(CIN_VENV)/.installed-$(shell cat $(CIN_REQS) | cksum | cut -d' ' -f1)

.PHONY: setup validator run test test-postgres lint bench bench-compare lock clean

setup: $(PY_STAMP) $(CSS) var

var:
	mkdir -p var

$(PY_STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

ifeq ($(CIN_PYTHON),)
validator:
	@echo "make validator: no Python 3.11 or 3.10 is installed, and the DfE CIN census validator" >&2
	@echo "  needs one (it pins pandas 1.5.3). Not building it: its tests will be skipped" >&2
	@echo "  (and fail in CI). Install python3.11, or set CIN_PYTHON=/path/to/python3.11." >&2
else
validator: $(CIN_STAMP)
endif

$(CIN_STAMP): $(CIN_REQS)
	@test -x $(CIN_VENV)/bin/python || $(CIN_PYTHON) -m venv $(CIN_VENV)
	$(CIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(CIN_REQS)
	rm -f $(CIN_VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(CSS): masa/core/scss/masa.scss $(NODE_STAMP)
	npm run --silent build:css

run: setup
	MASA_DEV=1 $(PY) manage.py migrate --noinput
	MASA_DEV=1 $(PY) manage.py demo
	@echo
	@echo "MASA is at http://127.0.0.1:8000. Demo people (email, partnership, agency, roles):"
	@MASA_DEV=1 $(PY) manage.py demo --list-users
	@echo
	MASA_DEV=1 $(PY) manage.py runserver --noreload 127.0.0.1:8000

test: setup validator
	MASA_DEV=1 $(PY) -m pytest $(PYTEST_ARGS)

# The suite again on PostgreSQL (CI); DATABASE_URL must name a server we may create databases on.
# The browser and CIN validator tests ran in `make test` and use no database of their own.
test-postgres: setup
	MASA_DEV=1 MASA_REQUIRE_POSTGRES=1 $(PY) -m pytest -m "not browser and not validator" $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	MASA_DEV=1 $(VENV)/bin/mypy masa tests bench

bench: setup
	MASA_DEV=1 $(PY) bench/run.py

bench-compare:
	$(PY) bench/compare.py

lock:
	rm -rf /tmp/masa-lock && $(PYTHON) -m venv /tmp/masa-lock
	/tmp/masa-lock/bin/pip install --quiet --disable-pip-version-check $$($(PYTHON) -c "import tomllib;d=tomllib.load(open('pyproject.toml','rb'))['project'];print(' '.join(repr(x) for x in d['dependencies']+d['optional-dependencies']['dev']))" | tr -d "'")
	/tmp/masa-lock/bin/pip freeze --exclude-editable | sort > requirements.lock

clean:
	rm -rf $(VENV) $(CIN_VENV) node_modules $(CSS) var/static
