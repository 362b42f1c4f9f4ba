"""Data every public template needs: the main navigation and the footer's institutions, in the current language.

They are cached together, per language, until content changes (cdhr_cms.cache.fragment), so a page render does not pay
for them.
"""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from cdhr_cms.cache import fragment

from .models import HomePage, Institution

SOURCE_LANGUAGE = "ca"


def _home(language):
    home = HomePage.objects.live().filter(locale__language_code=language).first()
    return {"pk": home.pk, "url": home.url, "title": home.title} if home else None


def _navigation(language):
    home = HomePage.objects.live().filter(locale__language_code=language).first()
    if home is None:
        return []
    items = home.get_children().live().in_menu().only("title", "url_path", "slug", "locale_id")
    return [{"pk": item.pk, "url": item.url, "title": item.title} for item in items]


def _founders(language):
    try:
        locale = Locale.objects.get(language_code=language)
    except Locale.DoesNotExist:
        return []
    founders = Institution.objects.filter(locale=locale, live=True, role=Institution.Role.FOUNDER)
    return [{"name": institution.name, "website": institution.website} for institution in founders]


# The pages linked from every page's footer (created by setup_site; see home/content.py FOOTER_PAGES and
# contact/setup.py), by their Catalan slug: other languages have their own slugs (home/slugs.py).
FOOTER_PAGE_SLUGS = ["accessibilitat", "privacitat", "dades-obertes", "contacte"]


def _footer_pages(language):
    home = HomePage.objects.live().filter(locale__language_code=language).first()
    if home is None:
        return []
    sources = Page.objects.filter(
        locale__language_code=SOURCE_LANGUAGE, depth=home.depth + 1, slug__in=FOOTER_PAGE_SLUGS
    ).values_list("translation_key", "slug")
    order = {key: FOOTER_PAGE_SLUGS.index(slug) for key, slug in sources}
    pages = home.get_children().live().public().filter(translation_key__in=order)
    pages = sorted(pages, key=lambda page: order[page.translation_key])
    return [{"url": page.url, "title": page.title} for page in pages]


def _chrome(language):
    return {
        "home": _home(language),
        "navigation": _navigation(language),
        "founders": _founders(language),
        "footer_pages": _footer_pages(language),
    }


def chrome(language):
    """The four parts of the site chrome in `language`. One cache entry for the four: every page shows all of them,
    and each cache read (a file, or a round trip to Redis) had cost about a tenth of a standard page's render when
    each part was read on its own (issue 21)."""
    return fragment("chrome", language, lambda: _chrome(language))


def site_chrome(request):
    # Lazy, so that views that do not render the site chrome (feeds, JSON, the admin) run no query for it.
    language = get_language()
    chrome_parts = SimpleLazyObject(lambda: chrome(language))
    return {
        "site_home": SimpleLazyObject(lambda: chrome_parts["home"]),
    }
