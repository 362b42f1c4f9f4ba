"""The open-data catalogue: the machine-readable exports the apps publish, listed on the Open data page.

Each content app describes its own exports by registering an `open_datasets` hook in its wagtail_hooks.py: a function
`(request, locale) -> list[Dataset]`. The home app knows none of them, and every export reads through its app's safety
or visibility rule, so the catalogue can only point at what the public may already see. Hooks find their index page with
`live().filter(view_restrictions=None)`: one query, where Wagtail's `public()` would add one per app.
"""

from dataclasses import dataclass, field

from django.db import models
from wagtail import hooks


class Licence(models.TextChoices):
    CC_BY_4 = "cc-by-4.0", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    CC0 = "cc0-1.0", "Creative Commons Zero 1.0 (CC0 1.0)"
    ODBL = "odbl-1.0", "Open Data Commons Open Database License 1.0 (ODbL)"


LICENCE_URLS = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


@dataclass(frozen=True)
class Distribution:
    """One downloadable format of a dataset."""

    label: str  # "CSV", "JSON", "iCalendar"
    url: str
    media_type: str


@dataclass(frozen=True)
class Dataset:
    key: str  # stable identifier, e.g. "defenders"
    title: str
    description: str
    excluded: str  # what the safety or visibility rules leave out, said plainly
    distributions: list = field(default_factory=list)
    order: int = 100


def datasets(request, locale):
    """Every app's datasets for `locale`, in their declared order."""
    found = []
    for hook in hooks.get_hooks("open_datasets"):
        found.extend(hook(request, locale) or [])
    return sorted(found, key=lambda dataset: (dataset.order, dataset.key))


def spreadsheet_safe(value):
    """A CSV cell that cannot run as a formula when the file is opened in a spreadsheet (text typed by editors and
    councils may start with '=' or '+')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
