"""Two app servers, one PostgreSQL database, one Redis: an edit published through server A is what server B serves.

Each server is its own gunicorn process with production settings, as behind a load balancer. The editor signs in
through A's admin (password, then a TOTP code, as production requires for moderators) and publishes there; an
anonymous visitor then reads the page through B, whose page cache had the old version in Redis a moment before.

PostgreSQL only: SQLite cannot be shared safely by two servers, which is the point. CI runs the suite on PostgreSQL.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
import redis
from bs4 import BeautifulSoup
from django_otp.oath import totp

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/14"
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL pointing at PostgreSQL: two servers cannot share an SQLite file (CI runs this on PG)",
)

PREPARE = """
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from home import roles
from home.models import HomePage, StandardPage
user = User.objects.create_user("moderadora", "mod@example.org", "two-servers-password-x7", first_name="Mo")
user.groups.add(Group.objects.get(name=roles.MODERATORS))
device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
home = HomePage.objects.get(locale__language_code="ca")
page = home.add_child(instance=StandardPage(title="Dos servidors", slug="dos-servidors", intro="Primera versio"))
page.save_revision().publish()
print(device.key, page.pk, page.get_url())
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def fresh_database():
    """A database of its own, built as a new deployment would be: migrate, then setup_site."""
    name = f"cdhr_two_servers_{uuid.uuid4().hex[:10]}"
    server = dj_database_url.parse(DATABASE_URL)
    admin_dsn = {"host": server["HOST"] or None, "port": server["PORT"] or None, "user": server["USER"] or None}
    admin_dsn["dbname"] = "postgres"
    if server["PASSWORD"]:
        admin_dsn["password"] = server["PASSWORD"]
    with psycopg.connect(**admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(DATABASE_URL)
    url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    try:
        yield url
    finally:
        with psycopg.connect(**admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def deployment(fresh_database, tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cdhr_cms.settings.production",
        "SECRET_KEY": "two-servers-test-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": fresh_database,
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        # The proxy in front would terminate TLS; the test says so with X-Forwarded-Proto instead.
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "600",
    }
    for variable in ("SESSION_ENGINE", "AWS_STORAGE_BUCKET_NAME", "TASKS_BACKEND", "FRONTEND_CACHE_URL"):
        env.pop(variable, None)
    redis.Redis.from_url(REDIS_URL).flushdb()

    def manage(*args, timeout=300):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).stdout

    manage("migrate", "--noinput")
    manage("setup_site")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    key, page_id, path = manage("shell", "-c", PREPARE, timeout=60).split()[-3:]
    yield {"env": env, "totp_key": bytes.fromhex(key), "page_id": int(page_id), "path": path}
    redis.Redis.from_url(REDIS_URL).flushdb()


class AppServer:
    """One gunicorn process (two workers) on its own loopback port."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.base = f"http://127.0.0.1:{self.port}"
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "cdhr_cms.wsgi", "--workers=2", f"--bind=127.0.0.1:{self.port}", "--timeout=60"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.port} exited: {self.errors()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):  # noqa: S310 - loopback only
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn on {self.port} did not answer within {seconds} s")

    def errors(self):
        return Path(self.log_path).read_text(errors="replace")[-3000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.log.close()


@pytest.fixture(scope="module")
def servers(deployment, tmp_path_factory):
    logs = tmp_path_factory.mktemp("logs")
    started = []
    try:
        for name in "AB":
            started.append(AppServer(deployment["env"], logs / f"server-{name}.log"))
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        for server in started:
            server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser: cookies for one server, CSRF-friendly headers, no automatic redirects."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "ca"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            origin = self.base.replace("http://", "https://")
            headers.update({"Origin": origin, "Referer": origin + path})
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - loopback only
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip('"')
        return response.status, response.headers, response.read().decode()

    def form(self, path, selector):
        status, _headers, html = self.request(path)
        assert status == 200, (path, status)
        form = BeautifulSoup(html, "html.parser").select_one(selector)
        assert form is not None, (path, selector)
        data = {}
        for field in form.select("input[name], select[name], textarea[name]"):
            name = field["name"]
            if field.name == "select":
                data.setdefault(name, []).extend(option.get("value", "") for option in field.select("option[selected]"))
            elif field.name == "textarea":
                data.setdefault(name, []).append(field.text)
            elif field.get("type") in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    data.setdefault(name, []).append(field.get("value", "on"))
            elif field.get("type") not in ("submit", "button", "file"):
                data.setdefault(name, []).append(field.get("value", ""))
        return data


def sign_in(browser, totp_key):
    data = browser.form("/admin/login/", "form[method=post]")
    data.update(username="moderadora", password="two-servers-password-x7")
    status, headers, _html = browser.request("/admin/login/", data)
    assert status == 302, "password refused"
    # Moderators must give a second factor before the admin lets them in.
    status, headers, _html = browser.request("/admin/")
    assert status == 302 and "/verify/" in headers["Location"]
    verify = urllib.parse.urlsplit(headers["Location"]).path
    data = browser.form(verify, "form[method=post]")
    data["token"] = f"{totp(totp_key):06d}"
    status, _headers, _html = browser.request(verify, data)
    assert status == 302, "TOTP code refused"
    assert browser.request("/admin/")[0] == 200


@pytest.fixture(scope="module")
def editor_on_a(deployment, servers):
    # Signed in once: django-otp refuses the same TOTP code twice, and a new one would mean waiting for the next step.
    editor = Browser(servers[0].base)
    sign_in(editor, deployment["totp_key"])
    return editor


def test_publish_on_server_a_is_served_by_server_b(deployment, servers, editor_on_a):
    server_a, server_b = servers
    path = deployment["path"]
    visitor = Browser(server_b.base)

    # B serves the first version and keeps it in the shared Redis page cache.
    status, _headers, html = visitor.request(path)
    assert status == 200 and "Primera versio" in html
    status, headers, _html = visitor.request(path)
    assert headers.get("X-Cache") == "hit"

    editor = editor_on_a
    edit_path = f"/admin/pages/{deployment['page_id']}/edit/"
    data = editor.form(edit_path, "form#page-edit-form")
    marker = f"Segona versio {uuid.uuid4().hex[:8]}"
    data["intro"] = marker
    # The body's block list is built by the admin's JavaScript; this page's body is empty, which a browser says so.
    data.setdefault("body-count", ["0"])
    data["action-publish"] = "action-publish"
    status, headers, html = editor.request(edit_path, data)
    assert status == 302, (re.findall(r"error-message.{0,200}", html)[:5], server_a.errors())

    # An anonymous visitor on B sees the change at once: not B's cached copy of the old version.
    status, headers, html = visitor.request(path)
    assert status == 200
    assert marker in html
    assert "Primera versio" not in html
    # And A, which never served that page before, agrees.
    assert marker in Browser(server_a.base).request(path)[2]


def test_admin_session_from_a_is_valid_on_b(servers, editor_on_a):
    """Sessions live in Redis (cached_db): a load balancer may send the editor's next request to either server."""
    on_b = Browser(servers[1].base)
    on_b.cookies = dict(editor_on_a.cookies)
    assert on_b.request("/admin/")[0] == 200
