"""The public directory: filters from a plain GET form, facet counts, pagination. Lists only `listed()` profiles."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import BooleanField, CharField, ExpressionWrapper, Q, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail import hooks

from home.pictures import CARD, with_renditions
from home.queries import PreparedQuery, remember_until_content_changes
from home.tree import child_range, children_between, children_of

from .models import DefenderPage, Theme, with_portrait_texts
from .safety import public_view

PAGE_SIZE = 8  # cards with portraits: a short first page for slow phones
MAX_QUERY_LENGTH = 100


@dataclass
class Directory:
    params: dict
    page: object = None  # the paginator page of PublicDefender cards
    total: int = 0
    country_options: tuple = ()  # (code, name, count, selected)
    theme_options: tuple = ()  # (slug, name, count, selected)
    year_options: tuple = ()  # (year, count, selected): years with a tour
    errors: list = field(default_factory=list)
    querystring: str = ""
    not_found: bool = False  # a page number past the last page (answered 404, with the message)

    @property
    def is_filtered(self):
        return any(self.params.get(key) for key in ("country", "theme", "year", "q"))


def _tour_participations():
    """Who took part in which live tour. Tours list the Catalan pages of their defenders, so a defender in any
    language is matched through the translation key its versions share.

    Tours are another app's (editions depends on this one, not the other way round): it answers through the
    `defender_tour_participations` hook (editions/wagtail_hooks.py), a queryset with `page__year` and
    `defender__translation_key`."""
    (participations,) = hooks.get_hooks("defender_tour_participations")
    return participations()


def _static_errors(data):
    """Read the GET parameters and report what is wrong without asking the database (the theme and the year are
    checked against the options once those are loaded). A bad value is kept (to show it) and reported."""
    params = {
        "country": data.get("country", "").strip().upper(),
        "theme": data.get("theme", "").strip(),
        "year": data.get("year", "").strip(),
        "q": data.get("q", "").strip(),
    }
    errors = []
    if params["country"] and params["country"] not in dict(countries):
        errors.append(_("There is no country with the code “%(value)s”.") % {"value": params["country"][:10]})
    if len(params["q"]) > MAX_QUERY_LENGTH:
        errors.append(_("The search text is too long (at most %(max)d characters).") % {"max": MAX_QUERY_LENGTH})
    return params, errors


def _shows_text(text):
    """Whether a profile's shown words contain `text`. Only what a listed profile shows is searched: never the legal
    name, never the region. The database compares, as `icontains` always has."""
    shown = Q(person__display_name__icontains=text) | Q(summary__icontains=text)
    return ExpressionWrapper(shown | Q(person__organisation__icontains=text), output_field=BooleanField())


@dataclass
class _Listed:
    """One listed profile, as much as the filters and the order need: read in one query for all of them."""

    pk: int
    title: str
    translation_key: str
    country: str
    theme_keys: set
    shows_text: bool  # contains the search text (True when there is none)


def _text(key_lookup):
    """A translation key as the database writes it: keys are only compared with each other here, and a UUID object
    per row (a thousand per directory) costs more than the rest of reading the row."""
    return Cast(key_lookup, output_field=CharField())


def _listed_rows(base, text):
    """Every listed profile of the directory, with its themes' translation keys and whether it shows the search
    text, in one query (one row per theme)."""
    rows = base.order_by().annotate(shows_text=_shows_text(text) if text else Value(True))
    rows = rows.annotate(key=_text("translation_key"), theme_key=_text("themes__translation_key"))
    return rows.values_list("pk", "title", "key", "person__country", "shows_text", "theme_key")


# The directory's queries that do not depend on the search text: SQL compiled once per process (`PreparedQuery`).
THEMES = PreparedQuery(
    "the directory's themes",
    lambda locale_id: (
        Theme.objects.filter(locale_id=locale_id, live=True)
        .order_by("sort_order", "name")
        .annotate(key=_text("translation_key"))
    ),
)
PARTICIPATIONS = PreparedQuery(
    "who took part in which tour",
    lambda: (
        _tour_participations()
        .order_by()
        .annotate(key=_text("defender__translation_key"))
        .values_list("page__year", "key")
    ),
)
LISTED = PreparedQuery(
    "the directory's listed profiles",
    lambda path, end, depth: _listed_rows(DefenderPage.objects.listed().filter(children_between(path, end, depth)), ""),
)


def _profiles(rows):
    profiles = {}
    for pk, title, key, country, shows_text, theme_key in rows:
        profile = profiles.get(pk) or profiles.setdefault(pk, _Listed(pk, title, key, country, set(), shows_text))
        if theme_key is not None:
            profile.theme_keys.add(theme_key)
    return list(profiles.values())


class _Filters:
    """The directory's filters applied in memory to the listed profiles (`_listed`), each facet's counts leaving its
    own filter out. The set being filtered comes from `listed()`: the filters only narrow it."""

    def __init__(self, params, profiles, participants_by_year):
        self.params = params
        self.profiles = profiles
        self.participants_by_year = participants_by_year

    def matching(self, theme_keys_by_slug, skip=None):
        params = self.params
        country = params["country"] if skip != "country" else ""
        theme_key = theme_keys_by_slug.get(params["theme"]) if params["theme"] and skip != "theme" else None
        if params["theme"] and skip != "theme" and theme_key is None:
            return []
        participants = (
            self.participants_by_year.get(int(params["year"]), set()) if params["year"] and skip != "year" else None
        )
        return [
            profile
            for profile in self.profiles
            if (not country or profile.country == country)
            and (theme_key is None or theme_key in profile.theme_keys)
            and (participants is None or profile.translation_key in participants)
            and profile.shows_text
        ]


def _count_by(profiles, keys_of):
    counts = {}
    for profile in profiles:
        for key in keys_of(profile):
            counts[key] = counts.get(key, 0) + 1
    return counts


CARDS = PreparedQuery(
    "a page of the directory's cards",
    lambda path, end, depth, pks: (
        DefenderPage.objects.listed()
        .filter(children_between(path, end, depth), pk__in=pks)
        .defer("biography", "links")
        .select_related("locale", "person__portrait")
    ),
)


def _page_of_cards(index_page, pks):
    """The cards of one page: the profiles `pks` (still through `listed()`), in that order, with what a card shows:
    the person, the portrait with its card renditions at hand and its descriptions. Not the biography and links. The
    profiles' query is prepared (`PreparedQuery`); what they show of their portraits is fetched for them after."""
    profiles = CARDS(*child_range(index_page), pks)
    cards = {profile.pk: public_view(profile) for profile in profiles}
    # Only the photos the safety rule lets a card show (`portrait_id` is None otherwise) are read about.
    with_photo = [card for card in cards.values() if card.portrait_id]
    with_renditions([card.person.portrait for card in with_photo], CARD)
    with_portrait_texts([card.person for card in with_photo])
    return [cards[pk] for pk in pks if pk in cards]


def _unfiltered(index_page):
    """(themes, participants by year, listed profiles): what every address of the directory counts and orders, read
    once per process until content changes (`remember_until_content_changes`). A faceted directory has many addresses
    (each combination of filters, each page), and reading the 500 listed profiles' rows took a seventh of a render on
    the large site. Any change to a person, a profile, a theme or a tour moves the content generation (the first two
    the hard one too), so what a raise hides is never counted from memory. Read at every request: the page of cards
    (`CARDS`)."""

    def read():
        participants_by_year = {}
        for year, key in PARTICIPATIONS():
            participants_by_year.setdefault(year, set()).add(key)
        profiles = _profiles(LISTED(*child_range(index_page)))
        return list(THEMES(index_page.locale_id)), participants_by_year, profiles

    return remember_until_content_changes(("directory", index_page.pk), read)


def related_profiles(index_page, page_id, theme_keys, country, limit):
    """The ids of the first `limit` listed profiles of the directory `index_page` by name, other than `page_id`, that
    share one of the themes `theme_keys` (translation keys) or the country `country`: from the listed profiles the
    directory remembers (`_unfiltered`), without a query once they are read."""
    # The listed rows hold the keys as the database writes them as text: 32 hex digits (SQLite) or the dashed form
    # (PostgreSQL). A key in both forms matches either, and neither form can be mistaken for the other.
    wanted = {form for key in theme_keys for form in (key.hex, str(key))}
    _themes, _participants, profiles = _unfiltered(index_page)
    related = [
        profile
        for profile in profiles
        if profile.pk != page_id and (profile.country == country or not wanted.isdisjoint(profile.theme_keys))
    ]
    return [profile.pk for profile in sorted(related, key=lambda profile: (profile.title, profile.pk))[:limit]]


def build_directory(index_page, data):
    """The directory in at most six queries whatever the number of profiles: the themes, who took part in which tour,
    the listed profiles (with their themes' keys and whether they show the search text), then one page of profiles,
    their portraits' descriptions, and their renditions when a picture has to be written (`with_renditions`). The
    facets are counted in memory from those rows. The first three are remembered until content changes
    (`_unfiltered`); a search text reads the listed profiles again, with it."""
    params, errors = _static_errors(data)
    counting = not errors and not (params["year"] and not params["year"].isdigit())
    themes, participants_by_year, profiles = _unfiltered(index_page)
    theme_keys_by_slug = {theme.slug: theme.key for theme in themes}
    if params["q"]:
        profiles = _profiles(_listed_rows(DefenderPage.objects.listed().filter(children_of(index_page)), params["q"]))
    filters = _Filters(params, profiles, participants_by_year)

    # Until the theme and the year are checked, counts leave out the filter they are for (as facets do anyway).
    theme_counts = {}
    if counting:
        theme_counts = _count_by(filters.matching({}, skip="theme"), lambda profile: profile.theme_keys)
    if params["theme"] and params["theme"] not in theme_keys_by_slug:
        errors.append(_("There is no theme “%(value)s”.") % {"value": params["theme"][:50]})
        counting = False

    years = sorted(participants_by_year, reverse=True)
    year_counts = {}
    if counting:
        keys = {profile.translation_key for profile in filters.matching(theme_keys_by_slug, skip="year")}
        year_counts = {year: len(participants_by_year[year] & keys) for year in years}
    if params["year"] and (not params["year"].isdigit() or int(params["year"]) not in years):
        errors.append(_("There was no tour in “%(value)s”.") % {"value": params["year"][:10]})
    directory = Directory(params=params, errors=errors)

    country_counts = {}
    if not errors:
        country_counts = _count_by(filters.matching(theme_keys_by_slug, skip="country"), lambda p: (p.country,))
    names = dict(countries)
    # Tuples of plain values: each list of options is written once for each set of them (`{% written_once %}`).
    directory.country_options = tuple(
        sorted(
            (
                (code, names.get(code, code), country_counts.get(code, 0), code == params["country"])
                for code in {profile.country for profile in filters.profiles}
            ),
            key=lambda option: option[1],
        )
    )
    directory.theme_options = tuple(
        (theme.slug, theme.name, theme_counts.get(theme.key, 0), theme.slug == params["theme"]) for theme in themes
    )
    directory.year_options = tuple(
        (year, year_counts.get(year, 0) if not errors else 0, str(year) == params["year"]) for year in years
    )
    if errors:
        return directory

    ordered = sorted(filters.matching(theme_keys_by_slug), key=lambda profile: (profile.title, profile.pk))
    paginator = Paginator([profile.pk for profile in ordered], PAGE_SIZE)
    try:
        page = paginator.page(data.get("page") or 1)
    except PageNotAnInteger:
        page = paginator.page(1)  # an unreadable number (a typo, an old link): the first page, as every listing
    except EmptyPage:
        directory.errors.append(_("There is no such page of results."))
        # Past the last page or before the first: "not found", not an address of its own (home/pagination.py).
        directory.not_found = True
        return directory
    page.object_list = _page_of_cards(index_page, list(page.object_list))
    directory.page = page
    directory.total = paginator.count
    query = {key: value for key, value in params.items() if value}
    directory.querystring = urlencode(query)
    return directory
