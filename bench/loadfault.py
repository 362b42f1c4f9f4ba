"""`make loadfault`: load and faults at once, on loopback only, about a minute and a half in all.

Serves the demo site with gunicorn (4 workers, production settings, page cache on); wrk sends requests to a handful
of public pages (rotating through them) in three phases of LOADFAULT_SECONDS each:
1. readers only;
2. while an editor process publishes new revisions of some of those pages, about two a second (how much the page
   cache's invalidation costs readers: p99 here against phase 1's);
3. the same, and one gunicorn worker is killed with SIGKILL a third of the way in (the master starts a new one).
Then it reports requests served, errors (non-2xx answers and socket errors), latency p50/p99, and checks that no
content was lost: every published page is live at its latest revision, and the server shows that revision.

The site is built once in bench-results/loadfault/ (SQLite by default; LOADFAULT_DATABASE_URL=postgres://… to use
PostgreSQL, where the database must exist and be empty or already built).
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench-results" / "loadfault"
PYTHON = sys.executable
WORKERS = 4

PAGES_SCRIPT = r"""
import json, django
django.setup()
from wagtail.models import Page
from home.models import StandardPage
home = Page.objects.get(depth=2, locale__language_code="ca")
others = [p.url for p in Page.objects.live().public().filter(locale__language_code="ca", depth=3).specific()[:3]]
published = list(StandardPage.objects.live().filter(locale__language_code="ca").order_by("pk")[:3])
print(json.dumps({"read": [home.url, *others, *[p.url for p in published]],
                  "published": [{"id": p.pk, "url": p.url} for p in published]}))
"""

# Runs in its own process, as an editor's request would: a new revision with a marker in the introduction, published.
PUBLISH_SCRIPT = r"""
import json, sys, time, django
django.setup()
from home.models import StandardPage
ids, deadline, pause = json.loads(sys.argv[1]), time.monotonic() + float(sys.argv[2]), float(sys.argv[3])
latest, count, failures, n = {}, 0, 0, 0
while time.monotonic() < deadline:
    for pk in ids:
        n += 1
        marker = f"loadfault-{n}-{time.time_ns()}"
        try:
            page = StandardPage.objects.get(pk=pk)
            page.intro = marker
            revision = page.save_revision()
            revision.publish()
            latest[pk] = {"revision": revision.pk, "marker": marker}
            count += 1
        except Exception as error:  # reported, not hidden: a failed publish is a result of the run
            failures += 1
            print("publish failed:", pk, repr(error), file=sys.stderr)
        time.sleep(pause)
print(json.dumps({"published": count, "failures": failures, "latest": latest}))
"""

CHECK_SCRIPT = r"""
import json, sys, django
django.setup()
from home.models import StandardPage
latest = json.loads(sys.argv[1])
lost = []
for pk, expected in latest.items():
    page = StandardPage.objects.get(pk=int(pk))
    if page.live_revision_id != expected["revision"] or page.latest_revision_id != expected["revision"]:
        lost.append({"page": pk, "expected": expected["revision"], "live": page.live_revision_id})
    elif page.intro != expected["marker"]:
        lost.append({"page": pk, "expected": expected["marker"], "intro": page.intro})
print(json.dumps(lost))
"""

ROTATE_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def env_for(database_url, settings="production"):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"cdhr_cms.settings.{settings}",
        "SECRET_KEY": "loadfault-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "CACHE_DIR": str(WORK / "cache"),
        "PAGE_CACHE_SECONDS": "600",
        "TASKS_BACKEND": "immediate",
    }


def run_python(code_or_args, env, timeout=300):
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    result = subprocess.run([PYTHON, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def build(database_url):
    marker = WORK / "built"
    WORK.mkdir(parents=True, exist_ok=True)
    if not marker.exists():
        print("building the demo site (once)…", flush=True)
        # Development settings: production refuses demo content, test settings ignore MEDIA_ROOT.
        test_env = {**env_for(database_url, "dev"), "DEBUG": "false"}
        run_python(["manage.py", "migrate", "--noinput"], test_env)
        run_python(["manage.py", "setup_site", "--demo"], test_env)
        marker.write_text("ok")
    run_python(["manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env_for(database_url))


def free_port():
    """LOADFAULT_PORT when set (a shared machine may give each user a range of ports), else any free port."""
    if os.environ.get("LOADFAULT_PORT"):
        return int(os.environ["LOADFAULT_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def wait_until_up(base, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


WRK_LINE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$")


def parse_wrk(output):
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {m.group(1): float(m.group(2)) * unit[m.group(3)] for m in map(WRK_LINE.match, output.splitlines()) if m}
    served = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(served.group(1)) if served else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOADFAULT_SECONDS", "20")))
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    seconds = min(args.seconds, 60)  # bounded whatever is asked
    database_url = os.environ.get("LOADFAULT_DATABASE_URL", f"sqlite:///{WORK / 'site.sqlite3'}")
    build(database_url)
    env = env_for(database_url)
    pages = json.loads(run_python(PAGES_SCRIPT, env))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "cdhr_cms.wsgi", f"--workers={WORKERS}", f"--bind=127.0.0.1:{port}", "--log-level=warning"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_until_up(base, server)
        for path in pages["read"]:
            urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310 - loopback only; warm the cache
        lua = WORK / "rotate.lua"
        lua.write_text(ROTATE_LUA % ", ".join(json.dumps(path) for path in pages["read"]))
        ids = json.dumps([p["id"] for p in pages["published"]])

        def run_phase(publish, kill):
            publisher = None
            if publish:
                publisher = subprocess.Popen(
                    [PYTHON, "-c", PUBLISH_SCRIPT, ids, str(seconds - 2), "0.5"],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            killed = {}

            def kill_one_worker():
                time.sleep(seconds / 3)
                victims = worker_pids(server.pid)
                if victims:
                    os.kill(victims[0], signal.SIGKILL)
                    killed.update(pid=victims[0], at_s=round(seconds / 3, 1))

            killer = threading.Thread(target=kill_one_worker) if kill else None
            if killer:
                killer.start()
            wrk = subprocess.run(
                ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--latency", "-s", str(lua), base],
                capture_output=True,
                text=True,
                timeout=seconds + 30,
            )
            if killer:
                killer.join()
            published = {"published": 0, "failures": 0, "latest": {}}
            if publisher:
                publish_out, _ = publisher.communicate(timeout=60)
                published = json.loads(publish_out.strip().splitlines()[-1])
            return parse_wrk(wrk.stdout), published, killed

        # 1. Readers alone; 2. readers while pages are published every half second (the page cache's stampede
        # test: its p99 should stay within twice the first's); 3. the same with a worker killed a third of the way in.
        quiet, _nothing, _none = run_phase(publish=False, kill=False)
        publishing, published_2, _none = run_phase(publish=True, kill=False)
        load, published, killed = run_phase(publish=True, kill=True)
        published["published"] += published_2["published"]
        published["failures"] += published_2["failures"]

        lost = json.loads(run_python([*["-c", CHECK_SCRIPT], json.dumps(published["latest"])], env))
        stale = []
        for page in pages["published"]:
            expected = published["latest"].get(str(page["id"]))
            html = urllib.request.urlopen(base + page["url"], timeout=10).read().decode()  # noqa: S310 - loopback
            if expected and expected["marker"] not in html:
                stale.append(page["url"])
        workers_after = len(worker_pids(server.pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    phases = {"readers only": quiet, "publishing every 0.5 s": publishing, "publishing + worker killed": load}
    report = {
        "seconds_per_phase": seconds,
        "workers": WORKERS,
        "connections": args.connections,
        "database": database_url.split(":", 1)[0],
        "pages_read": pages["read"],
        "phases": phases,
        "p99_ratio_publishing_vs_quiet": round(publishing["p99_ms"] / quiet["p99_ms"], 2),
        "errors": sum(phase["non2xx"] + phase["socket_errors"] for phase in phases.values()),
        "worker_killed": killed,
        "workers_after": workers_after,
        "publishes": published["published"],
        "publish_failures": published["failures"],
        "content_lost": lost,
        "stale_pages": stale,
    }
    (WORK / "report.json").write_text(json.dumps(report, indent=2))
    print(
        f"\nLoad and fault — gunicorn {WORKERS} workers, wrk {args.connections} connections × {seconds} s per phase, "
        f"{len(pages['read'])} pages, database {report['database']}"
    )
    for name, phase in phases.items():
        print(
            f"  {name:<28} {phase['requests']:>6} requests ({phase['rps']:.0f}/s), p50 {phase['p50_ms']} ms, "
            f"p99 {phase['p99_ms']} ms, errors {phase['non2xx'] + phase['socket_errors']}"
        )
    print(
        f"  p99 publishing / quiet     {report['p99_ratio_publishing_vs_quiet']}× (target ≤ 2×)\n"
        f"  worker killed     pid {killed.get('pid')} at {killed.get('at_s')} s; workers afterwards: {workers_after}\n"
        f"  publishes         {published['published']} ({published['failures']} failed)\n"
        f"  content lost      {len(lost)} page(s); stale after the run: {len(stale)} page(s)"
    )
    ok = (
        not lost
        and not stale
        and not published["failures"]
        and workers_after == WORKERS
        and killed
        # The request a killed worker was serving may fail; with no worker killed, nothing may.
        and not any(phase["non2xx"] + phase["socket_errors"] for phase in (quiet, publishing))
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
