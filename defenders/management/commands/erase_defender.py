"""`manage.py erase_defender <page id>`: erase a defender profile in every language, for good (defenders/erasure.py).

Asks for confirmation when run in a terminal; `--no-input` skips the question (scripts). The output names no one:
it may end up in a terminal log, which is exactly where an erased name must not survive.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from defenders.erasure import erase_defender
from defenders.models import DefenderPage


class Command(BaseCommand):
    help = "Erase a defender profile in every language, with its revisions, translations, images and log labels."

    def add_arguments(self, parser):
        parser.add_argument("page_id", help="The id of the defender page (any of its translations).")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive")

    def handle(self, *args, page_id, interactive=True, **options):
        try:
            defender = DefenderPage.objects.get(pk=int(page_id))
        except (ValueError, DefenderPage.DoesNotExist):
            raise CommandError(f"No defender page has the id {page_id!r}.") from None
        translations = DefenderPage.objects.filter(translation_key=defender.translation_key).count()
        if interactive and sys.stdin.isatty():
            answer = input(
                f"Erase defender page #{defender.pk} and its {translations - 1} translation(s)? This cannot be "
                "undone. Type 'erase' to confirm: "
            )
            if answer.strip() != "erase":
                raise CommandError("Nothing erased.")
        report = erase_defender(defender)
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased defender #{report.defender_id}: pages {report.page_ids}, images deleted "
                f"{report.images_deleted}, images kept (used elsewhere) {report.images_kept}."
            )
        )
        if report.events_mentioning_name:
            self.stdout.write(
                self.style.WARNING(f"Events whose text names the defender, to reword: {report.events_mentioning_name}")
            )
        if report.pages_linking:
            self.stdout.write(self.style.WARNING(f"Pages that linked to the profile, to check: {report.pages_linking}"))
