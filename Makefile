# The two front-door commands are `make run` and `make test`; the rest are helpers they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's public address is where `make run` serves it (`PORT=8111 make run`): the sitemap, canonical links,
# feeds, calendars and robots.txt write absolute addresses with it. A SITE_URL of your own wins.
RUN_SITE_URL = $(or $(SITE_URL),http://$(HOST):$(PORT))
# The demo as visitors see it: the site's own error pages, never Django's debug pages (`DEBUG=true make run` for them).
RUN_DEBUG = $(or $(DEBUG),false)
export DEMO_PASSWORD ?= drets-humans-demo

.PHONY: run test bench versus profile loadfault observatory backup-restore venv dev-venv migrate messages lint format check clean publish-scheduled

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

messages: venv
	$(PY) manage.py compile_translations --verbosity 0

run: venv messages
	$(PY) manage.py migrate --noinput
	SITE_URL=$(RUN_SITE_URL) $(PY) manage.py setup_site --demo
	@echo ""
	@echo "  Site:  $(RUN_SITE_URL)/"
	@echo "  Admin: $(RUN_SITE_URL)/admin/   user: admin   password: $(DEMO_PASSWORD)"
	@echo "  (other demo users, if any, share that password; set DEMO_PASSWORD to change it)"
	@echo ""
	SITE_URL=$(RUN_SITE_URL) DEBUG=$(RUN_DEBUG) $(PY) manage.py runserver $(HOST):$(PORT)

# Two worker processes (pytest-xdist), each with its own test database; files stay whole on one worker.
PYTEST_ARGS ?= -n 2 --dist loadfile
test: dev-venv messages
	DJANGO_SETTINGS_MODULE=cdhr_cms.settings.test $(BIN)/pytest $(PYTEST_ARGS)

# Benchmark on a large data set (see bench/run.py); needs Debian's wrk, and npm + chromium for BENCH_ARGS=--lighthouse.
bench: dev-venv messages
	$(PY) bench/run.py $(BENCH_ARGS)

# Our uncached pages against another site's (Wagtail's bakerydemo), page for page, in one run (see bench/versus.py):
# make versus OTHER=http://127.0.0.1:PORT [VERSUS_ARGS="--demo --page 'News item=/blog/…/'"]. Needs Debian's wrk.
versus: dev-venv messages
	$(PY) bench/versus.py $(OTHER) $(VERSUS_ARGS)

# Where an uncached page's time goes: cProfile over a warm process, on the site `make bench` builds (bench/profile_pages.py).
profile: dev-venv messages
	$(PY) bench/profile_pages.py $(PROFILE_ARGS)

# Load and faults at once on loopback (~1.5 minutes): wrk on public pages alone, while pages are published every half
# second, and while a gunicorn worker is SIGKILLed; reports errors, p99 of each phase and whether any content was lost
# or stale (bench/loadfault.py). Needs Debian's wrk.
loadfault: dev-venv messages
	$(PY) bench/loadfault.py $(LOADFAULT_ARGS)

# Mozilla's HTTP Observatory, run offline against the site on a loopback TLS port (bench/observatory.sh).
observatory: dev-venv messages
	bash bench/observatory.sh

# pg_dump a demo site, restore it into a fresh database and check it (bench/backup_restore.sh). Needs PostgreSQL.
backup-restore: dev-venv messages
	bash bench/backup_restore.sh

lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: dev-venv
	DJANGO_SETTINGS_MODULE=cdhr_cms.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cdhr_cms.settings.production SECRET_KEY=ci-only-$$(date +%s)-not-a-real-secret-key-but-long-enough-0123456789 \
		ALLOWED_HOSTS=example.org SITE_URL=https://example.org $(PY) manage.py check --deploy --fail-level WARNING

# Publishes pages whose go-live date has come and unpublishes expired ones. Run it from cron every few minutes
# in production (see README, "Scheduled publishing"); during `make run`, run it by hand in another terminal.
publish-scheduled: venv
	$(PY) manage.py publish_scheduled

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media staticfiles
