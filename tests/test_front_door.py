"""`make run`, the front door: it installs requirements.txt only, so the demo set-up must not need the test
libraries (factory_boy, wagtail-factories, pytest), which `make test` adds (a set-up module importing them broke
`make run` once); the demo's absolute addresses are where it serves; and it serves the site as visitors see it,
with DEBUG off (the site's own error pages, never Django's debug pages with their tracebacks), styled."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

TEST_ONLY = ("factory", "wagtail_factories", "pytest", "pytest_django")
SCRIPT = f"""
import sys
for name in {TEST_ONLY!r}:
    sys.modules[name] = None  # "import <name>" now fails as it would without the package
import importlib, django
django.setup()
from home.management.commands.setup_site import SETUP_APPS
for app in SETUP_APPS:
    importlib.import_module(app + ".setup")
importlib.import_module("home.management.commands.setup_site")
print("ok", len(SETUP_APPS))
"""


def test_the_demo_set_up_imports_without_the_test_libraries():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "cdhr_cms.settings.dev", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok ")


def planned_run(**variables):
    """The commands `make run` would run (`make -n`), with these variables and no SITE_URL of the caller's."""
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    arguments = [f"{name}={value}" for name, value in variables.items()]
    result = subprocess.run(
        ["make", "-n", "run", *arguments], cwd=settings.BASE_DIR, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def site_urls_of(commands, management_command):
    return re.findall(rf"SITE_URL=(\S+) (?:\w+=\S+ )*\S+ manage\.py {management_command}\b", commands)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make, which `make test` has")
def test_the_demo_site_writes_the_address_it_is_served_on():
    # `PORT=8111 make run` had robots.txt, the sitemap, canonical links and the feeds' self links on port 8000.
    commands = planned_run(PORT="8111")
    assert "runserver 127.0.0.1:8111" in commands
    assert site_urls_of(commands, "setup_site") == ["http://127.0.0.1:8111"]
    assert site_urls_of(commands, "runserver") == ["http://127.0.0.1:8111"]
    assert "Site:  http://127.0.0.1:8111/" in commands

    own = planned_run(PORT="8111", SITE_URL="http://localhost:9000")
    assert site_urls_of(own, "setup_site") == site_urls_of(own, "runserver") == ["http://localhost:9000"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make, which `make test` has")
def test_the_demo_is_served_without_debug_unless_asked():
    assert re.search(r"DEBUG=false \S+ manage\.py runserver", planned_run())
    assert re.search(r"DEBUG=true \S+ manage\.py runserver", planned_run(DEBUG="true"))


STYLED_WITHOUT_DEBUG = """
import django
django.setup()
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
assert settings.DEBUG is False
for name in ("css/site.css", "wagtailadmin/css/core.css"):
    response = Client().get(static(name))
    print(name, response.status_code, response.headers.get("Content-Type"))
"""


def test_the_development_settings_serve_style_sheets_without_debug_or_collectstatic():
    # With DEBUG off runserver serves no static file, and the manifest storage refuses (500) a file collectstatic
    # never wrote: the demo's pages came unstyled or broken.
    env = {"DJANGO_SETTINGS_MODULE": "cdhr_cms.settings.dev", "DEBUG": "false", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", STYLED_WITHOUT_DEBUG], cwd=settings.BASE_DIR, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [
        'css/site.css 200 text/css; charset="utf-8"',
        'wagtailadmin/css/core.css 200 text/css; charset="utf-8"',
    ]
