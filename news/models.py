"""News and press releases: one news index per language, with RSS and Atom feeds (feeds.py), and news items.

A press release may name a tour; the tour's press room lists it (editions/press.py).
"""

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import BodyBlock
from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage
from home.pagination import listing_page
from home.queries import CompiledListing
from home.share_cards import card_url, date_range, site_name
from home.site_url import absolute_url
from home.tree import children_of

from .feeds import NewsAtomFeed, NewsRssFeed


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news list of one language, with its RSS and Atom feeds (see feeds.py)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1
    per_page = 12

    class Meta:
        verbose_name = _("news index")

    def news(self):
        return NewsPage.objects.live().public().filter(children_of(self)).order_by("-date", "-pk")

    def listing(self):
        """`news()` for the list and the feeds, its SQL compiled once per process until content changes."""
        return CompiledListing(("news", self.pk), self.news)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = listing_page(Paginator(self.listing(), self.per_page), request)
        return context

    @re_path(r"^rss\.xml/?$", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)

    @re_path(r"^atom\.xml/?$", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)


class NewsPage(BasePage):
    class Category(models.TextChoices):
        NEWS = "news", _("News")
        PRESS_RELEASE = "press_release", _("Press release")

    date = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.NEWS)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    # The same tour page in every language (synchronised): readers match it by translation key, in their language.
    tour = models.ForeignKey(
        "editions.EditionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tour"),
        help_text=_("Press releases about a tour are listed in that tour's press room."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("tour")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    # Shown by this page alone (the news index and the feed list its title, date and introduction): a change of only
    # these leaves every other cached page fresh (cdhr_cms/cache.py; checked by tests/test_cache_scope.py).
    page_only_fields = ("body",)
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("date"),
        SynchronizedField("category"),
        SynchronizedField("tour"),
        TranslatableField("intro"),
        TranslatableField("body"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    open_graph_type = "article"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def share_card_facts(self):
        facts = super().share_card_facts()
        facts.kind = self.get_category_display()
        facts.lines = [date_range(self.date)]
        return facts

    def structured_data(self, request):
        """schema.org NewsArticle with what search engines look for: headline, image, dates, author, publisher."""
        url = self.get_full_url(request)
        consortium = {"@type": "Organization", "name": str(site_name()), "url": absolute_url("/")}
        published = timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(9, 0)))
        return {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": Truncator(self.title).chars(110),
            "description": self.get_meta_description(),
            "image": [card] if (card := card_url(self)) else [],
            "datePublished": published.isoformat(),
            "dateModified": (self.last_published_at or published).isoformat(),
            "inLanguage": self.locale.language_code,
            "url": url,
            "mainEntityOfPage": url,
            "author": [consortium],
            "publisher": consortium,
        }
