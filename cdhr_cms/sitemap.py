"""/sitemap.xml: every live public page of the three locale trees, each with its hreflang alternates.

Wagtail's own sitemap lists only the default site's tree (the Catalan one). Pages decide for themselves whether they
belong in it through `get_sitemap_urls()` (a protected defender returns nothing); since safety levels are
synchronised across translations, a page's alternates are listed exactly when the page is.
"""

from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


def live_pages():
    return Page.objects.live().public().filter(depth__gt=1)


class MultilingualSitemap(Sitemap):
    def items(self):
        return live_pages().order_by("path").defer_streamfields().specific()

    def translations(self):
        """translation_key -> [(language, url)], built with one query for the whole sitemap."""
        if not hasattr(self, "_translations"):
            self._translations = defaultdict(list)
            for page in live_pages().select_related("locale"):
                self._translations[page.translation_key].append(
                    (page.locale.language_code, page.get_full_url(self.request))
                )
        return self._translations

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in item.get_sitemap_urls(self.request):
                alternates = self.translations().get(item.translation_key, [])
                urls.append(
                    {
                        **url_info,
                        "alternates": [{"lang_code": language, "location": url} for language, url in alternates],
                    }
                )
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
