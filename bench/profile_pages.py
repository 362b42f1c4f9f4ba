"""`make profile`: where the time of an uncached page goes (issue 21).

In one warm process (each page requested twice first: templates, per-process caches, renditions), renders each page
type `--runs` times under cProfile with the page cache off, and prints per page: ms per render, SQL queries and
their time, and the functions with the most cumulative time, grouped by what they are (templates, SQL, our code by
module, Wagtail routing, translations). Uses the benchmark site `make bench` builds (bench-results/) unless
DATABASE_URL says otherwise. Loopback only: the Django test client, no server.
"""

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdhr_cms.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench-results' / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "bench-results" / "media"))

PAGES = ["Home page", "Defender profile", "Tour", "Agenda", "City programme", "Defender directory", "News item"]
# What a function's file says it is, first match wins.
AREAS = [
    ("SQL (driver and compiler)", ("django/db/", "sqlite3", "psycopg")),
    ("templates", ("django/template/",)),
    ("translations (gettext, wagtail-localize)", ("django/utils/translation", "gettext", "wagtail_localize")),
    ("Wagtail routing and page lookups", ("wagtail/models/", "wagtail/views.py", "wagtail/url_routing", "treebeard")),
    ("images and renditions", ("wagtail/images/", "PIL/")),
]


def area_of(filename):
    for name, markers in AREAS:
        if any(marker in filename for marker in markers):
            return name
    if str(ROOT) in filename and ".venv" not in filename:
        return "our code: " + os.path.relpath(filename, ROOT)
    return None


def profile_page(client, url, runs):
    from django.db import connection

    from cdhr_cms.stack import room_call

    def get():
        # As our gunicorn worker serves it: with room on the stack (cdhr_cms/stack.py).
        return room_call(client.get, url)

    for _ in range(2):
        get()
    # As our worker does once it has loaded the site (gunicorn.conf.py): what is loaded by now stays out of the
    # garbage collector's passes, whose full walk of it had put a pause of 140 ms into one of the runs.
    gc.collect()
    gc.freeze()
    # Timed around the driver: the test client empties Django's query log when a request starts (`reset_queries`),
    # so a log read around the request came out empty.
    query_seconds = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            query_seconds.append(time.perf_counter() - started)

    with connection.execute_wrapper(timed):
        get()
    sql_ms = sum(query_seconds) * 1000
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(runs):
        response = get()
    profiler.disable()
    elapsed = (time.perf_counter() - started) / runs * 1000
    stats = pstats.Stats(profiler)
    # Own time summed by area: each function's own (not cumulative) time counted once.
    areas = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        areas[area_of(filename) or "other (Django, Wagtail, Python)"] += own
    top = sorted(
        (
            (cum, f"{os.path.relpath(filename, ROOT) if str(ROOT) in filename else filename}:{line} {name}")
            for (filename, line, name), (_cc, _nc, _own, cum, _callers) in stats.stats.items()
            if str(ROOT) in filename
            and ".venv" not in filename
            and "bench/profile_pages.py" not in filename
            # Our middleware (a `__call__` each) and the worker's frame wrap the whole request: they would fill the
            # list with the same total.
            and name != "__call__"
            and not filename.endswith("cdhr_cms/stack.py")
        ),
        reverse=True,
    )
    return {
        "status": response.status_code,
        "kb": len(response.content) / 1024,
        "ms": elapsed,
        "queries": len(query_seconds),
        "sql_ms": sql_ms,
        "areas": {name: seconds / runs * 1000 for name, seconds in areas.items()},
        "top": [(cum / runs * 1000, where) for cum, where in top[:12]],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--page", action="append", help="page type name(s) from bench/run.py's table")
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from home.benchmark_targets import benchmark_targets

    wanted = args.page or PAGES
    targets = [(name, url) for name, url in benchmark_targets() if name in wanted]
    client = Client()
    with override_settings(CDHR_PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["*"], DEBUG=False):
        for name, url in targets:
            result = profile_page(client, url, args.runs)
            print(
                f"\n== {name} {url} — {result['ms']:.1f} ms per render (under cProfile), {result['kb']:.1f} KB, "
                f"{result['queries']} queries taking {result['sql_ms']:.1f} ms, status {result['status']}"
            )
            print("   own time by area (ms per render):")
            for area, ms in sorted(result["areas"].items(), key=lambda item: -item[1])[:8]:
                print(f"     {ms:7.1f}  {area}")
            print("   our functions by cumulative time (ms per render):")
            for ms, where in result["top"]:
                print(f"     {ms:7.1f}  {where}")


if __name__ == "__main__":
    main()
