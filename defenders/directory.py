"""The public directory: filters from a plain GET form, facet counts, pagination. Lists only `listed()` profiles."""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.images import get_image_model

from .models import DefenderPage, Theme
from .safety import public_view

PAGE_SIZE = 24
CARD_IMAGE = "fill-160x160"
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
    language is matched through the translation key its versions share."""
    from editions.models import EditionDefender

    return EditionDefender.objects.filter(page__live=True)


def _tour_years():
    return sorted(set(_tour_participations().values_list("page__year", flat=True)), reverse=True)


def _clean_params(data, theme_slugs, years):
    """Read the GET parameters. Returns (params, errors); a bad value is kept (to show it) and reported."""
    params = {
        "country": data.get("country", "").strip().upper(),
        "theme": data.get("theme", "").strip(),
        "year": data.get("year", "").strip(),
        "q": data.get("q", "").strip(),
    }
    errors = []
    if params["country"] and params["country"] not in dict(countries):
        errors.append(_("There is no country with the code “%(value)s”.") % {"value": params["country"][:10]})
    if params["theme"] and params["theme"] not in theme_slugs:
        errors.append(_("There is no theme “%(value)s”.") % {"value": params["theme"][:50]})
    if len(params["q"]) > MAX_QUERY_LENGTH:
        errors.append(_("The search text is too long (at most %(max)d characters).") % {"max": MAX_QUERY_LENGTH})
    if params["year"] and (not params["year"].isdigit() or int(params["year"]) not in years):
        errors.append(_("There was no tour in “%(value)s”.") % {"value": params["year"][:10]})
    return params, errors


def _apply(queryset, params, theme_keys_by_slug, skip=None):
    if params["country"] and skip != "country":
        queryset = queryset.filter(country=params["country"])
    if params["theme"] and skip != "theme":
        queryset = queryset.filter(themes__translation_key=theme_keys_by_slug[params["theme"]])
    if params["year"] and skip != "year":
        keys = _tour_participations().filter(page__year=int(params["year"])).values("defender__translation_key")
        queryset = queryset.filter(translation_key__in=keys)
    if params["q"]:
        # Only what a listed profile shows is searched: never the legal name, never the region.
        text = params["q"]
        queryset = queryset.filter(
            Q(display_name__icontains=text) | Q(summary__icontains=text) | Q(organisation__icontains=text)
        )
    return queryset.distinct()


def build_directory(index_page, data):
    locale = index_page.locale
    themes = list(Theme.objects.filter(locale=locale, live=True).order_by("sort_order", "name"))
    theme_keys_by_slug = {theme.slug: theme.translation_key for theme in themes}
    years = _tour_years()
    params, errors = _clean_params(data, theme_keys_by_slug, years)
    directory = Directory(params=params, errors=errors)
    base = DefenderPage.objects.listed().child_of(index_page)

    if not errors:
        country_counts = dict(
            _apply(base, params, theme_keys_by_slug, skip="country")
            .order_by()
            .values_list("country")
            .annotate(n=Count("pk", distinct=True))
        )
        theme_counts = dict(
            _apply(base, params, theme_keys_by_slug, skip="theme")
            .order_by()
            .values_list("themes__translation_key")
            .annotate(n=Count("pk", distinct=True))
        )
        year_counts = dict(
            _tour_participations()
            .filter(
                defender__translation_key__in=_apply(base, params, theme_keys_by_slug, skip="year").values(
                    "translation_key"
                )
            )
            .order_by()
            .values_list("page__year")
            .annotate(n=Count("defender__translation_key", distinct=True))
        )
    else:
        country_counts, theme_counts, year_counts = {}, {}, {}
    all_countries = dict(base.order_by().values_list("country").annotate(n=Count("pk")))
    names = dict(countries)
    directory.country_options = sorted(
        (
            (code, names.get(code, code), country_counts.get(code, 0), code == params["country"])
            for code in all_countries
        ),
        key=lambda option: option[1],
    )
    directory.theme_options = [
        (theme.slug, theme.name, theme_counts.get(theme.translation_key, 0), theme.slug == params["theme"])
        for theme in themes
    ]
    directory.year_options = [(year, year_counts.get(year, 0), str(year) == params["year"]) for year in years]
    if errors:
        return directory

    queryset = (
        _apply(base, params, theme_keys_by_slug)
        .order_by("title", "pk")
        .select_related("locale")
        .prefetch_related(Prefetch("portrait", get_image_model().objects.prefetch_renditions(CARD_IMAGE)))
    )
    paginator = Paginator(queryset, PAGE_SIZE)
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
