"""`make versus OTHER=http://127.0.0.1:PORT`: our uncached pages against another Wagtail site's, page for page.

Issue 21 asks that a cold render of each of our page types be at least three times as fast as the comparable page of
Wagtail's reference site (bakerydemo), measured in one run on one machine, since absolute figures move with the
machine. This script does what the issue describes: both sites under production settings, each with 2 gunicorn sync
workers (ours our own worker, gunicorn.conf.py; the other as its operator started it), `wrk` with 16 connections,
the two pages of a pair measured one after the other (ours first in one round, theirs in the next) for three rounds,
and the median of the rounds reported with the ratio. A page that does not answer 200, or answers an error under
load, stops the run. Ours is served from the benchmark site `make bench` builds (`--demo` for the demo site), with
the page cache off; the other site must already be running at OTHER (bakerydemo has no page cache).

The other site's address of each page is given by `--page NAME=PATH` (NAME one of PAIRS' names); PAIRS holds the
paths of bakerydemo's demo content. The static ceiling (one whitenoise file of ours) is measured in the same run, so
that each page's share of it can be compared with `make bench`'s table. Only loopback addresses are ever contacted.
"""

import argparse
import json
import os
import statistics
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import run

# (our page type as `make bench` names it, the other site's page it is compared with, that page's path in
# bakerydemo's demo content). The pairs are the issue's.
PAIRS = [
    ("Home page", "home page", "/"),
    ("News item", "blog post", "/blog/wild-yeast/"),
    ("News index", "blog index", "/blog/"),
    ("Defender directory", "breads index", "/breads/"),
    ("Defender profile", "bread page", "/breads/baguette/"),
    ("Search results", "search", "/search/?q=bread"),
]
WORKERS = 2
CONNECTIONS = 16
ROUNDS = 3


def loopback(url):
    """`url` as http://127.0.0.1:PORT, made again from its parts; anything but a site on this machine is refused."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if (
        parts.scheme != "http"
        or parts.hostname not in ("127.0.0.1", "localhost")
        or parts.username is not None
        or parts.password is not None
        or port is None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise SystemExit(f"{url}: only a site on this machine (http://127.0.0.1:PORT) can be measured")
    return f"http://127.0.0.1:{port}"


def other_paths(given):
    """{our page type: the other site's path} from PAIRS, with `--page NAME=PATH` arguments `given` in their place."""
    paths = {name: path for name, _, path in PAIRS}
    for argument in given:
        name, _, path = argument.partition("=")
        if name not in paths or not path.startswith("/"):
            raise SystemExit(f"--page {argument}: NAME must be one of {', '.join(paths)} and PATH start with /")
        paths[name] = path
    return paths


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to report, not one to follow (it could lead off this machine)


def status_of(url):
    """The status `url` answers with, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def measure(url, seconds):
    """wrk's figures for `url`; a page that does not answer 200, or answers anything else under load, stops the run:
    wrk counts a redirect as an answer, and an error page is fast."""
    status = status_of(url)
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200: give its address with --page")
    run.wrk(url, 1, CONNECTIONS)  # every worker warm (templates, per-process caches)
    result = run.wrk(url, seconds, CONNECTIONS)
    if result["non2xx"] or result["socket_errors"]:
        raise SystemExit(f"{url}: {result['non2xx']} answers not 2xx, {result['socket_errors']} socket errors")
    return result


def median_of(rounds, key):
    return statistics.median(result[key] for result in rounds)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", help="the other site's address, e.g. http://127.0.0.1:8200")
    parser.add_argument("--page", action="append", default=[], help="NAME=PATH: the other site's page for NAME")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "5")))
    parser.add_argument("--demo", action="store_true", help="our demo site (bench-results/demo/), not the large one")
    args = parser.parse_args()
    other = loopback(args.other)
    paths = other_paths(args.page)
    if args.demo:
        run.WORK = run.WORK / "demo"
    database_url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{run.WORK / 'bench.sqlite3'}")

    run.build(database_url, False, demo=args.demo)
    run.manage("collectstatic", "--noinput", env=run.serve_env(database_url, 0))
    ours = {row["name"]: row for row in run.measure_targets(database_url)}
    manifest = json.loads((run.WORK / "static" / "staticfiles.json").read_text())
    static_url = "/static/" + manifest["paths"]["css/site.css"]

    rounds = {name: {"ours": [], "other": []} for name, _, _ in PAIRS}
    ceilings = []
    with run.Server(database_url, 0, workers=WORKERS) as server:
        for number in range(ROUNDS):
            ceilings.append(measure(server.base + static_url, args.seconds))
            for name, _, _ in PAIRS:
                sides = [("ours", server.base + ours[name]["url"]), ("other", other + paths[name])]
                # Ours first in one round, theirs in the next: a machine that drifts during the run favours neither.
                for side, url in sides if number % 2 == 0 else reversed(sides):
                    rounds[name][side].append(measure(url, args.seconds))

    ceiling = median_of(ceilings, "rps")
    report = [
        {
            "name": name,
            "other": their_name,
            "url": ours[name]["url"],
            "other_url": paths[name],
            "queries": ours[name]["queries"],
            "rps": median_of(rounds[name]["ours"], "rps"),
            "p99": median_of(rounds[name]["ours"], "p99"),
            "other_rps": median_of(rounds[name]["other"], "rps"),
            "other_p99": median_of(rounds[name]["other"], "p99"),
            "rounds": rounds[name],
        }
        for name, their_name, _ in PAIRS
    ]
    # Written before anything is printed: a run takes minutes.
    result = {
        "other": other,
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "rounds": ROUNDS,
        "seconds": args.seconds,
        "ceiling": ceiling,
        "ceilings": ceilings,
        "pairs": report,
    }
    (run.WORK / "versus.json").write_text(json.dumps(result, indent=2))

    print(
        f"\nOurs against {other}: {WORKERS} gunicorn workers each (ours: our worker; theirs: as started), wrk "
        f"{CONNECTIONS} connections × {args.seconds} s, {ROUNDS} rounds in turn, medians; our static ceiling "
        f"{ceiling:,.0f} requests/s"
    )
    header = (
        f"{'our page type':<20} {'their page':<13} {'queries':>7} | {'ours rps':>8} {'p99 ms':>7} {'% static':>8} | "
        f"{'theirs rps':>10} {'p99 ms':>7} {'% static':>8} | {'ratio':>5}"
    )
    print(header)
    print("-" * len(header))
    for row in report:
        ratio = f"{row['rps'] / row['other_rps']:>4.1f}×" if row["other_rps"] else "    –"
        print(
            f"{row['name'][:20]:<20} {row['other']:<13} {row['queries']:>7} | {row['rps']:>8.1f} {row['p99']:>7.1f} "
            f"{100 * row['rps'] / ceiling:>7.1f}% | {row['other_rps']:>10.1f} {row['other_p99']:>7.1f} "
            f"{100 * row['other_rps'] / ceiling:>7.1f}% | {ratio}"
        )


if __name__ == "__main__":
    main()
