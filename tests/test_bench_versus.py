"""`make versus` (bench/versus.py) measures our pages against another site on this machine: it contacts no other
address, and each of our page types is paired with the other site's page given for it. `make bench` (bench/run.py)
keeps the median of its rounds."""

import http.server
import importlib.util
import threading
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_script(monkeypatch, name):
    # bench/ is a folder of scripts, not a package: versus.py imports its neighbour run.py by name.
    monkeypatch.syspath_prepend(str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def versus(monkeypatch):
    return bench_script(monkeypatch, "versus")


@pytest.fixture
def run(monkeypatch):
    return bench_script(monkeypatch, "run")


@pytest.mark.parametrize(
    "address",
    [
        "http://example.org:8000",
        "https://127.0.0.1:8000",
        "http://10.0.0.1:80",
        "http://127.0.0.1:1@example.org",
        "http://localhost:@example.org:8000/",
        "http://127.0.0.1",
        "http://127.0.0.1:8000/elsewhere/",
    ],
)
def test_only_a_site_on_this_machine_is_measured(versus, address):
    with pytest.raises(SystemExit):
        versus.loopback(address)


def test_a_site_on_this_machine_is_measured_at_its_address(versus):
    assert versus.loopback("http://127.0.0.1:8200/") == "http://127.0.0.1:8200"
    assert versus.loopback("http://localhost:8200") == "http://127.0.0.1:8200"


def test_each_page_type_has_the_other_sites_page_given_for_it(versus):
    paths = versus.other_paths(["News item=/blog/another-post/", "Search results=/search/?q=bread"])
    assert paths["News item"] == "/blog/another-post/"
    assert paths["Search results"] == "/search/?q=bread"
    assert paths["Home page"] == "/"
    assert set(paths) == {name for name, _, _ in versus.PAIRS}
    for wrong in ["Tour=/", "News item=blog/"]:
        with pytest.raises(SystemExit):
            versus.other_paths([wrong])


def test_a_redirect_is_reported_not_followed(versus):
    """A page of the other site that redirects (a path without its slash, a language prefix) is not measured: wrk
    would count the redirects as answers; and the redirect could lead off this machine."""

    class Redirecting(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "http://example.org/")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/breads"
        assert versus.status_of(url) == 302
        with pytest.raises(SystemExit, match="answered 302"):
            versus.measure(url, 1)
    finally:
        server.shutdown()
        server.server_close()


def test_make_bench_keeps_the_median_round_of_each_page_type(run):
    """`make bench` measures every page type and the static ceiling in several rounds (bench/run.py): a shared
    machine's speed moves within minutes. The round with the median requests per second is kept, every round's
    figure beside it, the lower middle one of an even number."""
    rounds = [{"rps": 310.0, "p99": 40.0}, {"rps": 190.0, "p99": 90.0}, {"rps": 250.0, "p99": 60.0}]
    assert run.median_round(rounds) == {"rps": 250.0, "p99": 60.0, "rounds": [310.0, 190.0, 250.0]}
    assert run.median_round(rounds[:2])["rps"] == 190.0
    assert run.median_round(rounds[:1])["rps"] == 310.0


def test_make_bench_sets_each_round_of_a_page_against_the_ceiling_of_that_round(run):
    """A page's share of the static ceiling is the median of its rounds' shares, each against the ceiling measured
    in the same round: the page's median round and the ceiling's may be different rounds."""
    ceiling = {"rps": 2000.0, "rounds": [4000.0, 2000.0, 1000.0]}
    page = {"rps": 200.0, "rounds": [400.0, 200.0, 100.0]}  # each round a tenth of its own ceiling
    assert run.share_of_static(page, ceiling) == 0.1
    assert run.share_of_static({"rps": 300.0}, {"rps": 3000.0}) == 0.1  # a run of one round, as before rounds
