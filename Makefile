# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Everything else here is a step of those two, or a tool CI (.ci/run) calls.

PYTHON ?= python3.11
VENV ?= .venv
# Extra requirement installed on top of the project, e.g. WAGTAIL_SPEC="wagtail>=7.4,<7.5"
# for the suite on the Wagtail LTS release (CI does that in its own VENV).
WAGTAIL_SPEC ?=
# The suite fails when line coverage of the apps falls below this percentage.
COVERAGE_MIN ?= 95
HOST ?= 127.0.0.1
PORT ?= 8000

BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# compilemessages walks the whole tree looking for locale/ folders; keep it out of virtualenvs.
MESSAGE_IGNORES := --ignore='.venv*' --ignore=build --ignore=dist --ignore=node_modules

.DEFAULT_GOAL := help
.PHONY: help run test install messages makemessages migrate demo runserver serve collectstatic serve-check \
	worker bench-data bench check lint format build plugin-check ci clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: install messages migrate demo runserver ## Set up everything, load the demo, serve http://127.0.0.1:8000

test: install messages ## Run the whole suite (incl. browser tests) with a coverage floor
	$(BIN)/pytest --ds=config.settings.test --cov --cov-report=term:skip-covered \
		--cov-fail-under=$(COVERAGE_MIN) $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp is rebuilt when pyproject.toml changes, so `make test` twice installs once.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[site,dev]" $(if $(WAGTAIL_SPEC),"$(WAGTAIL_SPEC)")
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the project with its extras

messages: install ## Compile the .po translation files to .mo
	$(MANAGE) compilemessages $(MESSAGE_IGNORES) -v 0

# Each plugin app keeps its strings in its own locale/ folder (so the wheel carries them);
# the site's templates and home/ go to the root locale/ (LOCALE_PATHS).
makemessages: install ## Collect source strings into the Dutch .po files
	mkdir -p questions/locale panels/locale community/locale locale
	$(MANAGE) makemessages -l nl $(MESSAGE_IGNORES) --ignore=tests --ignore=.ci \
		--ignore=staticfiles --ignore=media --ignore=bench

migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: install ## Load the demo content (idempotent) and print the demo admin's login
	$(MANAGE) load_demo
	$(MANAGE) ensure_demo_admin --base-url http://$(HOST):$(PORT)

runserver: install ## Serve the site with Django's development server (what `make run` ends with)
	$(MANAGE) runserver $(HOST):$(PORT)

# The production profile: DJANGO_SETTINGS_MODULE=config.settings.production, SECRET_KEY,
# ALLOWED_HOSTS and DATABASE_URL (PostgreSQL) from the environment or .env; REDIS_URL optional.
PROD := DJANGO_SETTINGS_MODULE=config.settings.production

collectstatic: install messages ## Collect hashed, compressed static files for WhiteNoise (production settings)
	$(PROD) $(MANAGE) collectstatic --no-input -v 0

serve: collectstatic ## Serve with gunicorn and the production settings on $(HOST):$(PORT) (migrate first)
	$(PROD) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn config.wsgi -c config/gunicorn.conf.py

# Every queue of the "community" backend alias (the members' e-mails); any number of workers
# may run side by side, each claims a task under a database lock before it runs it.
worker: install ## Send queued e-mails: run django-tasks-db's worker for the "community" tasks (production settings)
	$(PROD) $(MANAGE) db_worker --backend community --queue-name '*' $(WORKER_ARGS)

serve-check: install messages ## Start gunicorn with production settings on PostgreSQL and Redis, fetch the demo pages
	VENV=$(VENV) bash .ci/serve_check.sh

bench-data: install ## Add the benchmark data set (2,000 questions, 40,000 replies) to DATABASE_URL
	$(MANAGE) generate_bench_data $(BENCH_DATA_ARGS)

bench: install messages ## Load benchmark on PostgreSQL against a minimal Django view (needs wrk; not in CI)
	$(BIN)/python bench/load.py $(BENCH_ARGS)

check: install ## Django system checks and a check that no migration is missing
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint findings that are safe to fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

build: install messages ## Build the plugin wheel into dist/
	rm -rf build dist
	$(BIN)/python -m build --wheel

plugin-check: ## Install the wheel into a fresh `wagtail start` project and render a question
	bash .ci/plugin_check.sh

ci: ## Everything CI runs
	bash .ci/run

clean: ## Remove virtualenvs, build output and caches (keeps db.sqlite3 and media/)
	rm -rf .venv .venv-* build dist *.egg-info .coverage htmlcov test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
