"""The public directory: filters from a plain GET form, facet counts, pagination. Lists only `listed()` profiles."""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail import hooks

from home.pictures import CARD, renditions_prefetch

from .models import DefenderPage, Theme
from .safety import public_view

PAGE_SIZE = 8  # cards with portraits: a short first page for slow phones
MAX_QUERY_LENGTH = 100


@dataclass
class Directory:
    params: dict
    page: object = None  # the paginator page of PublicDefender cards
    total: int = 0
    country_options: list = field(default_factory=list)  # (code, name, count, selected)
    theme_options: list = field(default_factory=list)  # (slug, name, count, selected)
    year_options: list = field(default_factory=list)  # (year, count, selected): years with a tour
    errors: list = field(default_factory=list)
    querystring: str = ""

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


def _apply(queryset, params, theme_keys_by_slug, skip=None):
    if params["country"] and skip != "country":
        queryset = queryset.filter(person__country=params["country"])
    if params["theme"] and skip != "theme":
        queryset = queryset.filter(themes__translation_key=theme_keys_by_slug[params["theme"]])
    if params["year"] and skip != "year":
        keys = _tour_participations().filter(page__year=int(params["year"])).values("defender__translation_key")
        queryset = queryset.filter(translation_key__in=keys)
    if params["q"]:
        # Only what a listed profile shows is searched: never the legal name, never the region.
        text = params["q"]
        queryset = queryset.filter(
            Q(person__display_name__icontains=text)
            | Q(summary__icontains=text)
            | Q(person__organisation__icontains=text)
        )
    return queryset.distinct()


def _counted(queryset, matching, key):
    """`queryset` grouped by `key`: (value, all profiles, profiles among `matching`) rows, in one query."""
    rows = (
        queryset.order_by()
        .values_list(key)
        .annotate(
            total=Count("pk", distinct=True),
            matched=Count("pk", distinct=True, filter=Q(pk__in=matching.values("pk")))
            if matching is not None
            else Value(0),
        )
    )
    return list(rows)


def build_directory(index_page, data):
    """The directory in five queries whatever the number of profiles: themes, years and countries each with their
    counts, then one page of profiles and their portraits' renditions."""
    params, errors = _static_errors(data)
    base = DefenderPage.objects.listed().child_of(index_page)
    counting = not errors and not (params["year"] and not params["year"].isdigit())
    # Until the theme and the year are checked, counts leave out the filter they are for (as facets do anyway).
    themes = Theme.objects.filter(locale_id=index_page.locale_id, live=True).order_by("sort_order", "name")
    if counting:
        matching = _apply(base, params, {}, skip="theme")
        count = (
            base.filter(pk__in=matching.values("pk"), themes__translation_key=OuterRef("translation_key"))
            .order_by()
            .values("themes__translation_key")
            .annotate(n=Count("pk", distinct=True))
            .values("n")
        )
        themes = themes.annotate(matching=Coalesce(Subquery(count), 0))
    themes = list(themes)
    theme_keys_by_slug = {theme.slug: theme.translation_key for theme in themes}
    if params["theme"] and params["theme"] not in theme_keys_by_slug:
        errors.append(_("There is no theme “%(value)s”.") % {"value": params["theme"][:50]})
        counting = False

    by_year = (
        _tour_participations()
        .order_by()
        .values_list("page__year")
        .annotate(
            n=Count(
                "defender__translation_key",
                distinct=True,
                filter=Q(
                    defender__translation_key__in=_apply(base, params, theme_keys_by_slug, skip="year").values(
                        "translation_key"
                    )
                ),
            )
            if counting
            else Value(0)
        )
    )
    year_counts = dict(by_year)
    years = sorted(year_counts, reverse=True)
    if params["year"] and (not params["year"].isdigit() or int(params["year"]) not in years):
        errors.append(_("There was no tour in “%(value)s”.") % {"value": params["year"][:10]})
    directory = Directory(params=params, errors=errors)

    matching = _apply(base, params, theme_keys_by_slug, skip="country") if not errors else None
    by_country = _counted(base, matching, "person__country")
    country_counts = {code: matched for code, _total, matched in by_country}
    names = dict(countries)
    directory.country_options = sorted(
        (
            (code, names.get(code, code), country_counts.get(code, 0), code == params["country"])
            for code, _total, _matched in by_country
        ),
        key=lambda option: option[1],
    )
    directory.theme_options = [
        (theme.slug, theme.name, getattr(theme, "matching", 0), theme.slug == params["theme"]) for theme in themes
    ]
    directory.year_options = [
        (year, year_counts.get(year, 0) if not errors else 0, str(year) == params["year"]) for year in years
    ]
    if errors:
        return directory

    queryset = (
        _apply(base, params, theme_keys_by_slug)
        .order_by("title", "pk")
        .select_related("locale", "person__portrait")
        .prefetch_related(renditions_prefetch("person__portrait", CARD), "person__portrait_texts")
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    # Every profile has one country: the country facet, which leaves the country filter out, already counted them.
    paginator.count = country_counts.get(params["country"], 0) if params["country"] else sum(country_counts.values())
    try:
        page = paginator.page(data.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        directory.errors.append(_("There is no such page of results."))
        return directory
    page.object_list = [public_view(defender) for defender in page.object_list]
    directory.page = page
    directory.total = paginator.count
    query = {key: value for key, value in params.items() if value}
    from urllib.parse import urlencode

    directory.querystring = urlencode(query)
    return directory
