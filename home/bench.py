"""Benchmark data for the home app: municipalities up to the requested number (fictional ones beyond the 28 real),
and the helpers the other apps' bench modules share to add pages quickly in every language."""

from django.utils import timezone
from wagtail.models import Locale

from .models import Municipality

LANGUAGES = ("ca", "es", "en")


def create_bench_data(sizes, stdout):
    missing = sizes["municipalities"] - Municipality.objects.count()
    first = Municipality.objects.filter(slug__startswith="municipi-de-prova-").count() + 1
    Municipality.objects.bulk_create(
        [
            Municipality(
                slug=f"municipi-de-prova-{number}",
                name=f"Municipi de prova {number}",
                comarca="Comarca de prova",
                province="Barcelona",
                latitude=41.0 + number / 100,
                longitude=1.5 + number / 100,
            )
            for number in range(first, first + max(missing, 0))
        ]
    )
    stdout.write(f"  municipalities: {Municipality.objects.count()}")


def locales():
    return {code: Locale.objects.get(language_code=code) for code in LANGUAGES}


def translations(page):
    """{language code: the page in that language} for a page and its translations."""
    return {p.locale.language_code: p.specific for p in page.get_translations(inclusive=True).select_related("locale")}


def add_live_page(parent, page):
    """Add `page` under `parent`, live, without a revision: the benchmark measures reading pages, and a revision and
    a publish per page would multiply the build time of thousands of pages. Bench data only, never editors' pages."""
    now = timezone.now()
    page.live, page.has_unpublished_changes = True, False
    page.first_published_at = page.last_published_at = now
    page.locale = parent.locale
    parent.add_child(instance=page)
    return page


def add_in_every_language(parents, build):
    """One page under each language's parent (`parents`: {code: parent}), all sharing one translation key, as
    translations do: `build(code)` returns the unsaved page for that language. Returns {code: page}."""
    pages = {}
    for code in LANGUAGES:
        page = build(code)
        if code != "ca":
            page.translation_key = pages["ca"].translation_key
        pages[code] = add_live_page(parents[code], page)
    return pages
