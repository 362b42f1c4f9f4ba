"""Translated names of the routes under pages (a tour's press room, calendars) and how to build their regexes.

Routes a reader reads are translated like slugs (home/slugs.py): `/ca/edicions/tardor-2026/premsa/`,
`/es/ediciones/otono-2026/prensa/`, `/en/editions/autumn-2026/press/`; calendars are `calendari.ics`,
`calendario.ics`, `calendar.ics`. Their msgids are the English names, which every language used before they were
translated: home/moved.py still recognises them and answers with a permanent redirect. Files meant for programs
(`rss.xml`, `atom.xml`, `*.csv`, `*.json`, badges) keep one name in every language.
"""

import re

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

AGENDA = pgettext_lazy("URL", "agenda/")
PRESS_ROOM = pgettext_lazy("URL", "press/")
CALENDAR_FILE = pgettext_lazy("URL", "calendar.ics")
EVENT_FILE_PREFIX = pgettext_lazy("URL", "event")


def _escaped(*parts):
    return "".join(re.escape(str(part)) for part in parts)


escaped = lazy(_escaped, str)


def file_route(*parts):
    """The regex of a file route under a page, in the active language: "^agenda/calendari\\.ics/?$".

    RoutablePageMixin hands routes a path ending in "/", hence the optional slash; reversed, it is left out."""
    return format_lazy("^{}/?$", escaped(*parts))
