"""What a teaching resource links to, in the reader's language.

A resource's links are synchronised across its translations, so they may point at the Catalan theme, tour or
profile. Readers get the version in their language when one exists (matched by translation key), the linked one
otherwise. Protected defenders are never shown: only profiles that may be listed (defenders/safety.py).

Each list is one query the ORM compiles once per process (`PreparedQuery`), the resource's id its parameter. Its
themes and tours are read once until content changes (`PreparedQuery.remembered`): only an edit changes them. Its
defenders are read at every render, by the listing rule (the safety rule).
"""

from dataclasses import dataclass

from defenders.models import DefenderPage, Theme, themes_in_locale
from defenders.safety import public_view
from editions.models import EditionPage
from home.queries import PreparedQuery
from home.translation import one_per_translation

THEMES = PreparedQuery(
    "a resource's themes",
    lambda resource_id: Theme.objects.filter(
        live=True, translation_key__in=Theme.objects.filter(resources=resource_id).values("translation_key")
    ),
)
TOURS = PreparedQuery(
    "a resource's tours",
    lambda resource_id: (
        EditionPage.objects.live()
        .public()
        .filter(translation_key__in=EditionPage.objects.filter(resources=resource_id).values("translation_key"))
        # What the list shows and orders by, and what a link's address needs.
        .only("title", "url_path", "path", "depth", "locale_id", "translation_key", "year", "season")
    ),
)
DEFENDERS = PreparedQuery(
    "a resource's defenders",
    lambda resource_id: (
        DefenderPage.objects.listed()
        .filter(translation_key__in=DefenderPage.objects.filter(resources=resource_id).values("translation_key"))
        .only("title", "url_path", "person", "locale_id", "translation_key")
    ),
)


@dataclass(frozen=True)
class DocumentLink:
    """A document to download as the resource's list shows it: its address, its language, its words, its file's
    extension and size. Plain data: the list is written once for what it shows (`{% written_once %}`), as the
    template's loop, its lookups and its size formatting had cost a tenth of the page."""

    url: str
    language: str
    text: str
    extension: str
    size: int | None


def document_links(resource):
    """The resource's documents that still exist (a deleted one leaves its block empty), in its order."""
    links = []
    for block in resource.documents:
        document = block.value["document"]
        if document:
            links.append(
                DocumentLink(
                    document.url,
                    block.value["language"],
                    block.value["description"] or document.title,
                    document.file_extension.upper(),
                    document.file_size or None,
                )
            )
    return tuple(links)


def when(tour):
    return (tour.year, tour.season == "autumn")


# The themes and tours of the resources lately shown: a store of their own, two entries for each resource in each
# language.
_resource_links_read = {}
MAX_RESOURCE_LINKS_READ = 2048


def resource_links(resource):
    """The context a resource page needs for its links: themes, tours and defenders (a query each, the themes and
    tours once until content changes)."""
    locale_id = resource.locale_id
    remembered = {"store": _resource_links_read, "limit": MAX_RESOURCE_LINKS_READ}
    tours = one_per_translation(TOURS.remembered(resource.pk, **remembered), locale_id)
    defenders = one_per_translation(DEFENDERS(resource.pk), locale_id)
    return {
        "documents": document_links(resource),
        "themes": themes_in_locale(THEMES.remembered(resource.pk, **remembered), locale_id),
        "tours": sorted(tours, key=when, reverse=True),
        "related_defenders": sorted((public_view(page) for page in defenders), key=lambda card: card.name),
    }
