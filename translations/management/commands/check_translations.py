"""Fail when any of our catalogues has an untranslated or fuzzy entry (run after makemessages in CI), or a plural
entry with fewer forms than its header's `nplurals`: gettext then falls back to the default language for the
missing form (a Spanish page said "2 sessions, 120 minuts" in Catalan until this was checked)."""

import re
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
            problems += [f"{relative}: {problem}" for problem in plural_problems(catalogue)]
        if problems:
            raise CommandError("Incomplete translations:\n" + "\n".join(problems))
        self.stdout.write(f"{len(catalogues)} catalogues complete.")


def plural_problems(catalogue):
    match = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    if not match:
        return ["no Plural-Forms header"]
    forms = int(match.group(1))
    problems = []
    for entry in catalogue:
        if not entry.msgid_plural or entry.obsolete:
            continue
        filled = sum(1 for text in entry.msgstr_plural.values() if text)
        if filled < forms:
            problems.append(f"{filled} of {forms} plural forms: {entry.msgid!r}")
    return problems
