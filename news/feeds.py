"""RSS 2.0 and Atom feeds of one language's news (routes of NewsIndexPage: rss.xml, atom.xml).

Every URL in them is absolute on SITE_URL (Django would otherwise take the request's host), the feed names its
author (the consortium: RFC 4287 requires an author for every Atom entry), and titles are single lines (XML 1.0
cannot carry most control characters at all).
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from home.share_cards import site_name
from home.site_url import absolute_url
from home.validators import single_line

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        # Django reads `language` as a plain attribute, not through a method like the others.
        self.language = index_page.locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return single_line(self.index_page.title)

    def link(self):
        return absolute_url(self.index_page.get_url(self.request))

    def description(self):
        return self.index_page.intro or self.index_page.search_description

    def feed_url(self):
        return absolute_url(self.request.path)

    def author_name(self):
        return site_name()

    def author_link(self):
        return absolute_url("/")

    def item_author_name(self, item):
        return site_name()

    def items(self):
        return self.index_page.listing()[:FEED_LENGTH]

    def item_title(self, item):
        return single_line(item.title)

    def item_description(self, item):
        return item.intro or item.search_description

    def item_link(self, item):
        return absolute_url(item.get_url(self.request))

    def item_guid(self, item):
        # Stable across edits and title changes.
        return f"urn:cdhr:news:{item.translation_key}:{item.locale.language_code}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_category_display()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
