"""Compile our .po catalogues into .mo files with polib (pure Python).

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine may lack; `make run` must work with
Python alone. Only the project's own catalogues are compiled (not the virtualenv's).
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's locale/*.po files into .mo files (without GNU gettext)."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        compiled = 0
        # The apps' catalogues, then LOCALE_PATHS' (the project's own and translations/upstream's).
        for po_path in sorted(base.glob("*/locale/*/LC_MESSAGES/*.po")) + sorted(
            path for locale_path in settings.LOCALE_PATHS for path in Path(locale_path).glob("*/LC_MESSAGES/*.po")
        ):
            if ".venv" in po_path.parts:
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"{compiled} catalogue(s) compiled.")
