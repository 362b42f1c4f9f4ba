"""`manage.py check` says at start-up, not at a visitor's first poster, when the print kit cannot work here."""

from django.core import checks


@checks.register()
def print_kit_can_render(app_configs=None, **kwargs):
    from .render import load_weasyprint, missing_fonts

    problems = []
    try:
        load_weasyprint()  # loads Pango, which WeasyPrint needs from the system
    except OSError as error:
        problems.append(
            checks.Error(
                f"The print kit cannot load WeasyPrint's system libraries: {error}",
                hint="Install Debian's libpango-1.0-0 and libpangoft2-1.0-0.",
                id="editions.E001",
            )
        )
    if missing := missing_fonts():
        problems.append(
            checks.Error(
                f"The print kit's fonts are missing: {', '.join(missing)}",
                hint="Install Debian's fonts-dejavu-core and fonts-dejavu-extra.",
                id="editions.E002",
            )
        )
    return problems
