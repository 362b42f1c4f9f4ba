"""Defender profiles. What the public may see of them is decided in defenders/safety.py, nowhere else."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page, PageManager, RevisionMixin, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home import pictures
from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage
from home.translation import one_per_translation

from .blocks import BiographyBlock, LinksBlock
from .safety import LISTED_IN_DATA, SafetyLevel, public_view


class Theme(TranslatableMixin, DraftStateMixin, RevisionMixin, models.Model):
    """A line of work (women's rights, peace, ...). Translated; the slug is shared by all languages of one theme, so
    a directory filter such as ?theme=peace means the same in /ca/, /es/ and /en/."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("sort_order", overridable=False),
        SynchronizedField("go_live_at"),
        SynchronizedField("expire_at"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="defenders_theme_unique_slug")]

    def __str__(self):
        return self.name


def themes_in_locale(theme_keys, locale_id=None):
    """The themes with these translation keys (a list or a subquery), in the locale `locale_id` (the active one by
    default), falling back to any."""
    locale_id = locale_id or Locale.get_active().pk
    themes = one_per_translation(Theme.objects.filter(translation_key__in=theme_keys, live=True), locale_id)
    return sorted(themes, key=lambda theme: (theme.sort_order, theme.name))


class PhotoLicence(models.TextChoices):
    """The terms on which a portrait may be reused: what the press room tells journalists."""

    PRESS_USE = "press-use", _("Free for press coverage of the project, with credit")
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    ALL_RIGHTS = "all-rights-reserved", _("All rights reserved: ask the press office")


class DefenderPageQuerySet(PageQuerySet):
    def public(self):
        """Profiles the public may reach at all: live ones. Protected profiles are reachable but never indexed."""
        return super().public().live()

    def in_open_data(self):
        """Profiles allowed in machine-readable channels: API, sitemap, CSV, JSON exports."""
        return self.public().filter(safety_level__in=LISTED_IN_DATA)

    def listed(self):
        """Profiles that appear in listings (directory, site search, related defenders, feeds). The same set as
        open data, on purpose: a profile that can be listed can be exported, and one that cannot is in neither."""
        return self.in_open_data()

    def not_in_open_data(self):
        return self.exclude(pk__in=self.model.objects.in_open_data().values("pk"))


DefenderPageManager = PageManager.from_queryset(DefenderPageQuerySet)


class DefenderIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["defenders.DefenderPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("defender directory")

    def listed_defenders(self):
        return DefenderPage.objects.listed().child_of(self)

    @path("")
    def directory(self, request):
        from .directory import build_directory

        return self.render(request, context_overrides={"directory": build_directory(self, request.GET)})

    @path("csv/", name="csv")
    def export_csv(self, request):
        from .exports import csv_response

        return csv_response(request, self)

    @path("json/", name="json")
    def export_json(self, request):
        from .exports import json_response

        return json_response(request, self)

    @path("feed/", name="feed")
    def feed(self, request):
        from .exports import DefenderFeed

        return DefenderFeed()(request, index_page=self)


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
    organisation = models.CharField(
        _("organisation(s)"), max_length=255, blank=True, help_text=_("Separate several organisations with “;”.")
    )
    themes = ParentalManyToManyField(Theme, blank=True, related_name="defenders", verbose_name=_("themes"))
    summary = models.CharField(_("one-line summary"), max_length=255, blank=True)
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("portrait"),
        help_text=_("Shown only for public defenders, and never anywhere for limited or protected ones."),
    )
    portrait_alt = models.CharField(_("portrait alt text"), max_length=255, blank=True)
    portrait_credit = models.CharField(_("photo credit"), max_length=255, blank=True)
    portrait_caption = models.CharField(
        _("photo caption"),
        max_length=255,
        blank=True,
        help_text=_("What journalists print under the photo: who, where, when. Shown in the press room."),
    )
    portrait_licence = models.CharField(
        _("photo licence"), max_length=30, choices=PhotoLicence.choices, default=PhotoLicence.PRESS_USE
    )
    biography = StreamField(BiographyBlock(), blank=True, verbose_name=_("biography"))
    links = StreamField(LinksBlock(), blank=True, verbose_name=_("links"))

    # Consent: admin-only. Never rendered, never in the API, never exported.
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = models.TextField(_("consent scope"), blank=True)
    # Admin-only text: the same in every language and never sent to translators (see the field-split test).
    synchronised_text_fields = ("consent_scope",)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    consent_review_date = models.DateField(_("review consent on"), null=True, blank=True)

    objects = DefenderPageManager()

    content_panels = BasePage.content_panels + [
        FieldPanel("display_name"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("country"), FieldPanel("region"), FieldPanel("organisation"), FieldPanel("themes")],
            heading=_("Where and what"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("portrait"),
                FieldPanel("portrait_alt"),
                FieldPanel("portrait_credit"),
                FieldPanel("portrait_caption"),
                FieldPanel("portrait_licence"),
            ],
            heading=_("Portrait"),
        ),
        FieldPanel("biography"),
        FieldPanel("links"),
    ]
    safety_panels = [
        FieldPanel("safety_level"),
        FieldPanel("legal_name"),
        MultiFieldPanel(
            [
                FieldPanel("consent_date"),
                FieldPanel("consent_scope"),
                FieldPanel("consent_recorded_by"),
                FieldPanel("consent_review_date"),
            ],
            heading=_("Consent record (admin only)"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(safety_panels, heading=_("Safety and consent")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(BasePage.settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )
    # The legal name and region are not indexed: search must not find a defender by what it may not show.
    # Protected profiles are not indexed at all (see get_indexed_objects).
    search_fields = Page.search_fields + [
        index.SearchField("display_name"),
        index.SearchField("summary"),
        index.FilterField("safety_level"),
    ]
    # The API shows only what public_view allows (and the endpoint lists only open-data profiles: cdhr_cms/api.py).
    api_fields = [APIField("public_profile")]
    # The title mirrors the display name (see save()), so it is synchronised too: a translator never retypes a name.
    # Admin-only fields are synchronised and not overridable, so they never appear in the translation editor.
    override_translatable_fields = [field for field in BASE_PAGE_TRANSLATABLE_FIELDS if field.field_name != "title"] + [
        SynchronizedField("title"),
        TranslatableField("summary"),
        TranslatableField("biography"),
        TranslatableField("links"),
        TranslatableField("portrait_alt"),
        SynchronizedField("portrait_credit"),
        TranslatableField("portrait_caption"),
        SynchronizedField("portrait_licence"),
        SynchronizedField("display_name"),
        SynchronizedField("legal_name", overridable=False),
        SynchronizedField("safety_level", overridable=False),
        SynchronizedField("country", overridable=False),
        SynchronizedField("region", overridable=False),
        SynchronizedField("organisation"),
        SynchronizedField("themes", overridable=False),
        SynchronizedField("portrait", overridable=False),
        SynchronizedField("consent_date", overridable=False),
        SynchronizedField("consent_scope", overridable=False),
        SynchronizedField("consent_recorded_by", overridable=False),
        SynchronizedField("consent_review_date", overridable=False),
    ]
    parent_page_types = ["defenders.DefenderIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("defender")
        verbose_name_plural = _("defenders")
        permissions = [
            ("take_down_defender", _("Can take a defender down everywhere")),
            ("erase_defender", _("Can erase a defender and every trace of them")),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.portrait_id and not self.portrait_alt.strip():
            errors["portrait_alt"] = _("Describe the portrait for people who cannot see it.")
        if self.portrait_id and not self.portrait_credit.strip():
            errors["portrait_credit"] = _("Credit the author of the photo.")
        legal_slug = slugify(self.legal_name or "")
        if legal_slug and self.slug and legal_slug in self.slug:
            # A URL is public everywhere (links, logs, referrers): it must not spell out the legal name.
            errors["slug"] = _("The slug must not contain the defender's legal name.")
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, **kwargs):
        # The page title is what Wagtail shows everywhere (admin, <title>, search, breadcrumbs): it must be the
        # display name, never something an editor typed that the safety level does not allow.
        if self.display_name:
            self.title = self.display_name
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if self.display_name:
            self.title = self.display_name
        result = super().save(*args, **kwargs)
        if self.safety_level == SafetyLevel.PROTECTED:
            # get_indexed_objects() keeps it out from now on; an entry from when it was listed must go too.
            index.remove_object(self)
        return result

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(safety_level__in=LISTED_IN_DATA)

    @property
    def public(self):
        return public_view(self)

    @property
    def robots_noindex(self):
        return not self.public.indexable

    @property
    def public_profile(self):
        return self.public.as_data()

    open_graph_type = "profile"

    def share_card_facts(self):
        """Through the safety rule: the shown name, the country, the organisation where allowed, and the portrait
        only for a public defender (a limited or protected defender's card has none)."""
        defender = self.public
        facts = super().share_card_facts()
        facts.kind = gettext("Human rights defender")
        facts.title = defender.name
        facts.lines = [str(defender.country.name), ", ".join(defender.organisations)]
        facts.portrait, facts.portrait_alt = defender.portrait, defender.portrait_alt
        return facts

    def get_sitemap_urls(self, request=None):
        if not self.public.in_open_data:
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        defender = self.public
        context["defender"] = defender
        context["themes"] = themes_in_locale(self.themes.values("translation_key"), self.locale_id)
        related = self.related_defenders()
        # The portrait and the related defenders' cards: their renditions in one query.
        portrait_id = self.portrait_id if defender.show_photo else None
        images = pictures.load_renditions(
            [portrait_id] + [card.page.portrait_id for card in related if card.show_photo],
            pictures.PORTRAIT,
            pictures.SOCIAL,
            pictures.CARD,
        )
        if portrait_id:
            self.portrait = images.get(portrait_id) or self.portrait
        for card in related:
            if card.show_photo and card.page.portrait_id in images:
                card.page.portrait = images[card.page.portrait_id]
        context["related_defenders"] = related
        context["profile_sections"] = profile_sections(request, self)
        return context

    def related_defenders(self, limit=4):
        """Listed defenders in this language sharing a theme or the country, most shared themes first."""
        theme_keys = self.themes.values("translation_key")
        related = (
            DefenderPage.objects.listed()
            .filter(locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .filter(Q(themes__translation_key__in=theme_keys) | Q(country=self.country))
            .distinct()
            .order_by("title")
            .only("title", "url_path", "display_name", "safety_level", "country", "summary", "locale_id", "portrait")
        )
        return [public_view(page) for page in related[:limit]]


def profile_sections(request, defender_page):
    """Sections other apps add to a profile (tours, cities visited, upcoming events): `defender_profile_sections`."""
    sections = []
    for hook in hooks.get_hooks("defender_profile_sections"):
        section = hook(request, defender_page)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda section: section.get("order", 100))
