"""The URLs `make bench` measures: one live Catalan page of every page type, plus the routes that are not pages.

Apps add their routes (agenda, directory filters, calendars, CSV) through the `benchmark_targets` hook, a function
returning [(name, url), ...].
"""

from django.utils import translation
from wagtail import hooks
from wagtail.models import Page


def benchmark_targets():
    targets = []
    seen = set()
    pages = Page.objects.live().public().filter(locale__language_code="ca", depth__gt=1).order_by("path")
    for page in pages.specific().iterator():
        model = type(page)
        if model in seen:
            continue
        seen.add(model)
        with translation.override("en"):
            targets.append((str(model._meta.verbose_name).capitalize(), page.url))
    targets += [
        ("Search results", "/ca/cerca/?q=drets"),
        ("Municipality profile", "/ca/ciutats/sabadell/"),
        ("News RSS feed", "/ca/noticies/rss.xml"),
        ("Sitemap", "/sitemap.xml"),
    ]
    for hook in hooks.get_hooks("benchmark_targets"):
        targets += hook()
    return targets
