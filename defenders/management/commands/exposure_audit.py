"""`manage.py exposure_audit`: crawl every public channel and report any fact about a defender that must not be
public (defenders/exposure.py). Exits 1 when anything is found, listing channel and URL, never the secret itself."""

from django.core.management.base import BaseCommand, CommandError

from defenders.exposure import run_audit


class Command(BaseCommand):
    help = "Crawl every public channel for defenders' secrets (legal names, hidden names, regions, portraits)."

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Host name to request pages for (default: the default site's)")

    def handle(self, *args, **options):
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
