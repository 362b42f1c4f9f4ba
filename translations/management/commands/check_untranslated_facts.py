"""`manage.py check_untranslated_facts`: list the Spanish and English pages that show words existing only in Catalan
(values of synchronised or untranslated fields, translations/untranslated.py). Exits with an error when it finds any."""

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.test import Client


class Command(BaseCommand):
    help = "Crawl the es/en pages for words that only exist in Catalan (synchronised or untranslated fields)."

    def handle(self, *args, **options):
        from translations.untranslated import find_untranslated_facts

        # The test client renders in-process: no server, no network. Run against the database in DATABASE_URL.
        findings = find_untranslated_facts(Client(SERVER_NAME="localhost"))
        by_fact = defaultdict(list)
        for finding in findings:
            by_fact[finding.fact].append(finding.url)
        for fact, urls in sorted(by_fact.items(), key=lambda item: (item[0].source, item[0].value)):
            shown = ", ".join(urls[:3]) + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")
            self.stdout.write(f"{fact.source}: {fact.value!r} on {len(urls)} pages ({shown})")
        if by_fact:
            raise CommandError(f"{len(by_fact)} values that exist only in Catalan are shown in Spanish or English.")
        self.stdout.write("No es/en page shows a value that exists only in Catalan.")
