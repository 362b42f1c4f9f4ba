"""The open-data catalogue: the machine-readable exports the apps publish, listed on the Open data page.

Each content app describes its own exports by registering an `open_datasets` hook in its wagtail_hooks.py: a function
`(request, locale) -> list[Dataset]`. The home app knows none of them, and every export reads through its app's safety
or visibility rule, so the catalogue can only point at what the public may already see. Most hooks are one call to
`index_dataset()`, which finds the app's index page with `live().filter(view_restrictions=None)`: one query per app
the first time, then its address as remembered until content changes.
"""

from dataclasses import dataclass, field

from django.db import models
from wagtail import hooks
from wagtail.models import Site

from .queries import remember_until_content_changes


class Licence(models.TextChoices):
    CC_BY_4 = "cc-by-4.0", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    CC0 = "cc0-1.0", "Creative Commons Zero 1.0 (CC0 1.0)"
    ODBL = "odbl-1.0", "Open Data Commons Open Database License 1.0 (ODbL)"


# The Creative Commons licences content may carry (teaching resources, press photos), by the codes their fields store.
CREATIVE_COMMONS_URLS = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nc-sa-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}

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


CSV = ("CSV", "text/csv")
JSON = ("JSON", "application/json")


def index_dataset(request, locale, index_model, *, files, **description):
    """A one-item list with the dataset published under the live index page of `index_model` in `locale` ([] when
    there is none). `files` are (format, path under the index page) pairs; `description` holds the Dataset's texts."""
    url = index_address(request, locale, index_model)
    if url is None:
        return []
    distributions = [Distribution(label, url + path, media_type) for (label, media_type), path in files]
    return [Dataset(distributions=distributions, **description)]


def index_address(request, locale, index_model):
    """The address of the live, unrestricted index page of `index_model` in `locale`, or None. Remembered by the
    process until content changes (any publish, unpublish, move or view restriction moves the generation): finding
    the three apps' index pages with the ORM had been almost half of the open data page's render (issue 21)."""
    site = Site.find_for_request(request)

    def find():
        index = index_model.objects.live().filter(locale=locale, view_restrictions=None).first()
        return index.get_url(request) if index is not None else None

    return remember_until_content_changes(
        ("open data index", index_model._meta.label, locale.pk, site.pk if site else None), find
    )
