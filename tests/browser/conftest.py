"""Browser tests: a real server process with the demo site, driven by Debian's Chromium through Playwright.

The server runs in its own process against its own SQLite file built by `setup_site --demo`, so what the browser
sees is exactly what `make run` serves. Chromium is never downloaded: CHROMIUM_PATH (default /usr/bin/chromium).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# One page of every page type (and the route views) per language, read from the demo server's own database.
DEMO_PAGES = {}
SAMPLES_SCRIPT = """
import json, django
django.setup()
from home.benchmark_targets import extra_routes, page_type_samples
print(json.dumps({lang: page_type_samples(lang) + extra_routes(lang) for lang in ("ca", "es", "en")}))
"""
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("browser-site")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cdhr_cms.settings.test",
        DATABASE_URL=f"sqlite:///{workdir / 'site.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        SERVE_MEDIA="true",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "setup_site", "--demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    samples = subprocess.run(
        [sys.executable, "-c", SAMPLES_SCRIPT], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    DEMO_PAGES.update(json.loads(samples.stdout.strip().splitlines()[-1]))
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the demo server did not start") from None
            time.sleep(0.3)
    yield base_url
    server.terminate()
    server.wait(timeout=10)


# Module scope, not session: Playwright's sync API runs an event loop while it is open, and Django refuses database
# work from a thread with a running loop, so other tests sharing this worker must run after it has stopped.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, demo_server):
    """A fresh page whose every request is checked: anything not addressed to our server is blocked and recorded."""
    context = browser.new_context(base_url=demo_server, java_script_enabled=True)
    page = context.new_page()
    page.foreign_requests = []
    own_host = urlsplit(demo_server).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == own_host or route.request.url.startswith("data:"):
            route.continue_()
        else:
            page.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(axe, page):
    results = axe.run(page, options=WCAG_21_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}× e.g. {violation['nodes'][0]['target']})"
        for violation in results.response["violations"]
    ]
