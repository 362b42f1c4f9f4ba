"""`make run` installs requirements.txt only: the demo set-up must not need the test libraries (factory_boy,
wagtail-factories, pytest), which `make test` adds. A set-up module importing them broke `make run` once."""

import subprocess
import sys

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
