"""`manage.py exposure_audit`: crawl every public channel and report any fact about a defender that must not be
public (defenders/exposure.py). Exits 1 when anything is found, listing channel and URL, never the secret itself."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from defenders.exposure import run_audit


class Command(BaseCommand):
    help = "Crawl every public channel for defenders' secrets (legal names, hidden names, regions, portraits)."

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Host name to request pages for (default: the default site's)")

    def handle(self, *args, **options):
        # An audit of an empty or half-migrated database would crash, or pass having checked nothing.
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not fully migrated: run `manage.py migrate` and `setup_site` first.")
        result = run_audit(host=options.get("host"))
        for hit in result.hits:
            self.stdout.write(str(hit))
        summary = (
            f"{result.urls_checked} addresses checked for {result.secrets} facts that must stay hidden: "
            f"{len(result.hits)} found."
        )
        if not result.passed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
