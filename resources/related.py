"""What a teaching resource links to, in the reader's language.

A resource's links are synchronised across its translations, so they may point at the Catalan theme, tour or
profile. Readers get the version in their language when one exists (matched by translation key), the linked one
otherwise. Protected defenders are never shown: only profiles that may be listed (defenders/safety.py).
"""

from defenders.models import DefenderPage, themes_in_locale
from defenders.safety import public_view
from editions.models import EditionPage
from home.translation import one_per_translation


def when(tour):
    return (tour.year, tour.season == "autumn")


def resource_links(resource):
    """The context a resource page needs for its links: themes, tours and defenders (one query each)."""
    locale_id = resource.locale_id
    tours = (
        EditionPage.objects.live()
        .public()
        .filter(translation_key__in=resource.related_tours.values_list("translation_key", flat=True))
    )
    defenders = (
        DefenderPage.objects.listed()
        .filter(translation_key__in=resource.related_defenders.values_list("translation_key", flat=True))
        .only("title", "url_path", "person", "locale_id", "translation_key")
    )
    return {
        "themes": themes_in_locale(resource.themes.values_list("translation_key", flat=True), locale_id),
        "tours": sorted(one_per_translation(tours, locale_id), key=when, reverse=True),
        "related_defenders": sorted(
            (public_view(page) for page in one_per_translation(defenders, locale_id)), key=lambda card: card.name
        ),
    }
