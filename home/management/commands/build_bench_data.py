"""Build the large data set the benchmark measures: `manage.py build_bench_data` after `setup_site --demo`.

Each app contributes through an optional `<app>/bench.py` with `create_bench_data(sizes, stdout)`; the default sizes
are 500 defenders, 30 tours (six city programmes each), 3,000 events, 40 municipalities and 10 statements, every page
and event in Catalan, Spanish and English. Pages are added live without revisions and events in bulk, so the whole
set takes about two minutes on SQLite. Refused under production settings, like demo content. Idempotent: it tops up
to the requested sizes (tests/test_bench_data.py).
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.management.commands.setup_site import SETUP_APPS


class Command(BaseCommand):
    help = "Top the demo site up to benchmark size."

    def add_arguments(self, parser):
        parser.add_argument("--defenders", type=int, default=500)
        parser.add_argument("--tours", type=int, default=30)
        parser.add_argument("--events", type=int, default=3000)
        parser.add_argument("--municipalities", type=int, default=40)
        parser.add_argument("--statements", type=int, default=10)

    def handle(self, *args, **options):
        if not settings.CDHR_ALLOW_DEMO:
            raise CommandError("Benchmark data is refused under these settings (production).")
        sizes = {name: options[name] for name in ("defenders", "tours", "events", "municipalities", "statements")}
        for app in SETUP_APPS:
            try:
                module = importlib.import_module(f"{app}.bench")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.bench":
                    raise
                continue
            self.stdout.write(f"{app}…")
            module.create_bench_data(sizes, self.stdout)
        self.stdout.write(self.style.SUCCESS("Benchmark data ready."))
