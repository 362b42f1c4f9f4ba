"""The URLs `make bench` measures: one live Catalan page of every page type, plus the routes that are not pages.

Apps add their routes (agenda, directory filters, calendars, CSV) through the `benchmark_targets` hook, a function
returning [(name, url), ...].
"""

from django.utils import translation
from wagtail import hooks
from wagtail.models import Page


def page_type_samples(language="ca"):
    """One live page of every page type in `language`: (name, url) pairs. Also used by the browser tests."""
    targets = []
    seen = set()
    pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1).order_by("path")
    for page in pages.specific().iterator():
        model = type(page)
        if model in seen:
            continue
        seen.add(model)
        with translation.override("en"):
            targets.append((str(model._meta.verbose_name).capitalize(), page.url))
    return targets


def extra_routes(language):
    """Public views that are routes of pages rather than pages (the agenda, a filtered directory, calendars): each
    app names its own through the `benchmark_routes` hook, a function of the language returning [(name, url), ...]."""
    routes = []
    # Route names are translated (home/routes.py): each language's own.
    with translation.override(language):
        for hook in hooks.get_hooks("benchmark_routes"):
            routes += hook(language)
    return routes


def page_samples(language="ca"):
    """The page of each type to measure: the first in the tree, unless an app names a better one through the
    `benchmark_page_samples` hook ({name: url}; a tour with a full programme rather than a historical one)."""
    samples = {}
    for hook in hooks.get_hooks("benchmark_page_samples"):
        samples.update(hook(language))
    return [(name, samples.get(name, url)) for name, url in page_type_samples(language)]


def benchmark_targets():
    targets = page_samples("ca")
    targets += extra_routes("ca")
    targets += [
        ("Search results", "/ca/cerca/?q=drets"),
        ("Municipality profile", "/ca/ciutats/sabadell/"),
        ("News RSS feed", "/ca/noticies/rss.xml"),
        ("Sitemap", "/sitemap.xml"),
        ("Sitemap of one language", "/sitemap-ca.xml"),
    ]
    for hook in hooks.get_hooks("benchmark_targets"):
        targets += hook()
    return targets
