"""Defender profiles. What the public may see of them is decided in defenders/safety.py, nowhere else."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage

from .safety import LISTED_IN_DATA, SafetyLevel, public_view


class DefenderIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["defenders.DefenderPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("defender directory")


class DefenderPageQuerySet(PageQuerySet):
    def public(self):
        """Profiles the public may reach at all: live ones. Protected profiles are reachable but never indexed."""
        return super().public().live()

    def in_open_data(self):
        """Profiles allowed in machine-readable channels: API, sitemap, CSV, JSON exports."""
        return self.public().filter(safety_level__in=LISTED_IN_DATA)


DefenderPageManager = PageManager.from_queryset(DefenderPageQuerySet)


class DefenderPage(BasePage):
    display_name = models.CharField(
        _("display name"),
        max_length=120,
        help_text=_("Full name (public), chosen name (limited) or pseudonym (protected). The only name ever shown."),
    )
    legal_name = models.CharField(
        _("legal name"),
        max_length=200,
        blank=True,
        help_text=_("For the consortium's records only. Never shown on the site, in search or in any export."),
    )
    safety_level = models.CharField(
        _("safety level"), max_length=20, choices=SafetyLevel.choices, default=SafetyLevel.PROTECTED
    )
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    summary = models.CharField(_("one-line summary"), max_length=255, blank=True)
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("portrait"),
    )

    objects = DefenderPageManager()

    content_panels = BasePage.content_panels + [
        FieldPanel("display_name"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("safety_level"), FieldPanel("legal_name")],
            heading=_("Safety (admin only)"),
        ),
        MultiFieldPanel([FieldPanel("country"), FieldPanel("region"), FieldPanel("organisation")], heading=_("Where")),
        FieldPanel("portrait"),
    ]
    # The legal name and region are not indexed: search must not find a defender by what it may not show.
    search_fields = Page.search_fields + [index.SearchField("display_name"), index.SearchField("summary")]
    # The title mirrors the display name (see save()), so it is synchronised too: a translator never retypes a name.
    override_translatable_fields = [field for field in BASE_PAGE_TRANSLATABLE_FIELDS if field.field_name != "title"] + [
        SynchronizedField("title"),
        TranslatableField("summary"),
        SynchronizedField("display_name"),
        SynchronizedField("legal_name"),
        SynchronizedField("safety_level"),
        SynchronizedField("country"),
        SynchronizedField("region"),
        SynchronizedField("organisation"),
        SynchronizedField("portrait"),
    ]
    parent_page_types = ["defenders.DefenderIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("defender")
        verbose_name_plural = _("defenders")

    def full_clean(self, *args, **kwargs):
        # The page title is what Wagtail shows everywhere (admin, <title>, search, breadcrumbs): it must be the
        # display name, never something an editor typed that the safety level does not allow.
        if self.display_name:
            self.title = self.display_name
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if self.display_name:
            self.title = self.display_name
        return super().save(*args, **kwargs)

    @property
    def public(self):
        return public_view(self)

    @property
    def robots_noindex(self):
        return not self.public.indexable
