"""Fail when any of our catalogues has an untranslated or fuzzy entry (run after makemessages in CI)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check that every project .po catalogue is complete: no untranslated, no fuzzy entries."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        problems = []
        catalogues = [
            path for path in sorted(base.glob("**/locale/*/LC_MESSAGES/django.po")) if ".venv" not in path.parts
        ]
        for po_path in catalogues:
            catalogue = polib.pofile(str(po_path))
            relative = po_path.relative_to(base)
            problems += [f"{relative}: untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
            problems += [f"{relative}: fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
        if problems:
            raise CommandError("Incomplete translations:\n" + "\n".join(problems))
        self.stdout.write(f"{len(catalogues)} catalogues complete.")
