"""The site's shell (home and standard pages) and the consortium's data (institutions and municipalities)."""

from http import HTTPMethod

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .addresses import WAGTAIL_DECIDES, page_url_parts, route_url
from .blocks import BodyBlock
from .choosers import SameLanguageChoicesForm
from .collation import council_sort_key
from .loading import LoadedAsRows
from .opendata import LICENCE_URLS, Licence, datasets
from .queries import PreparedQuery, SitePageManager, active_locale, read_locale_and_restrictions, route_below
from .share_cards import ShareCardFacts
from .validators import refuse_control_characters_in

# Fields every page shares. Titles and SEO texts go to translators; the slug and the publishing dates stay in step
# across languages, so that /ca/, /es/ and /en/ URLs of one page differ only by their prefix.
BASE_PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    SynchronizedField("slug"),
    SynchronizedField("go_live_at"),
    SynchronizedField("expire_at"),
]


def in_default_language():
    """Choices of linked pages: the site's default language only. Links are synchronised to every translation, so
    one list of names (not three copies of each) is what an editor needs."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class BasePage(LoadedAsRows, Page):
    """Abstract parent of every page type: SEO fields and the translatable/synchronised split."""

    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS
    # Choices of themes, profiles, tours… in the page's own language (home/choosers.py).
    base_form_class = SameLanguageChoicesForm
    # Pages whose safety rules forbid indexing override this (see defenders).
    robots_noindex = False
    # A page is only read: Wagtail answers 405 (with an Allow header) to any other method, which it would otherwise
    # take as a GET (a PUT or DELETE rendered the page), and OPTIONS lists these. Pages with a form add POST.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        abstract = True

    def serve_password_required_response(self, request, form, action_url):
        """Wagtail's password form, without the page's own context: the site's layout would otherwise put the title,
        description, share card and structured data of the page it guards into the form's head."""
        request.is_preview = getattr(request, "is_preview", False)
        request.preview_mode = getattr(request, "preview_mode", None)
        template = self.password_required_template or settings.WAGTAIL_PASSWORD_REQUIRED_TEMPLATE
        return TemplateResponse(request, template, {"form": form, "action_url": action_url})

    # Fields that can stand in for an empty search description, first found wins.
    meta_description_fields = ("intro", "summary", "preamble", "slogan", "hero_text")

    def get_meta_description(self):
        """The search description, or else the page's own introductory text, or else a sentence naming the page:
        every page gets a meta description, and no two pages share one."""
        if self.search_description:
            return self.search_description
        for name in self.meta_description_fields:
            text = getattr(self, name, "")
            if text:
                return Truncator(strip_tags(str(text))).chars(300)
        return _("%(title)s — Cities Defending Human Rights") % {"title": self.title}

    # og:type: "article" for news, "profile" for defenders, "website" for everything else.
    open_graph_type = "website"

    def get_url_parts(self, request=None):
        """Wagtail's answer (`Page.get_url_parts`, which Wagtail documents for overriding), with the path made
        without a `reverse()` per address (home/addresses.py); Wagtail's own code decides whatever that does not
        cover."""
        parts = page_url_parts(self.url_path, self._get_site_root_paths(request))
        return super().get_url_parts(request) if parts is WAGTAIL_DECIDES else parts

    def relative_url(self, current_site, request=None):
        """Wagtail's, or "" for a page outside every site (an editor's preview of a copy at the top of the tree),
        which has no address: Wagtail's `{% routablepageurl %}` adds a route's path to this, and failed on None."""
        return super().relative_url(current_site, request) or ""

    def share_card_facts(self):
        """What this page's share card (og:image, home/share_cards.py) shows, in the active language: its kind and
        title. Page types with dates, a city or a public portrait add them."""
        return ShareCardFacts(kind=capfirst(self._meta.verbose_name), title=self.title)

    def clean(self):
        super().clean()
        # Titles travel as one-line fields: e-mail subjects, calendar SUMMARYs, feed titles, share cards.
        refuse_control_characters_in(self, "title", "seo_title")

    def structured_data(self, request):
        """schema.org data for this page as a dict (rendered as JSON-LD), or None."""
        return None

    # `public()` without a query of its own for the view restrictions (home/queries.py).
    objects = SitePageManager()

    def get_view_restrictions(self):
        """Wagtail's, unless routing has just read this page and every ancestor and found none of them restricted
        nor an alias (home/queries.py `route_below`): then there is nothing to check, and no query to run."""
        if getattr(self, "_no_view_restrictions", False):
            # Only the instance routing read for the request being served is marked, and only Wagtail's check (its
            # `on_serve_page` hook) asks it: it iterates, and there is nothing to iterate. An empty list rather than
            # `.none()`, whose iteration still had the ORM compile its SQL on every page served.
            return []
        return super().get_view_restrictions()

    def get_context(self, request, *args, **kwargs):
        # The active locale is read once per request: the page's own is usually that one.
        if not self._meta.get_field("locale").is_cached(self):
            active = active_locale()
            if active.pk == self.locale_id:
                self.locale = active
        return super().get_context(request, *args, **kwargs)


class HomePage(BasePage):
    hero_title = models.CharField(_("hero title"), max_length=255, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Hero")),
        FieldPanel("intro"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("hero_title"),
        TranslatableField("hero_text"),
        TranslatableField("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "news.NewsIndexPage",
        "defenders.DefenderIndexPage",
        "editions.EditionIndexPage",
        "statements.StatementIndexPage",
        "home.OpenDataPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail's routing (Wagtail calls it on the home page of the active language), in fewer queries: the pages
        along the path in one query, and the view restrictions known from it (home/queries.py)."""
        if path_components:
            result = route_below(self, request, path_components)
            if result is not None:
                return result
        elif self.live:
            read_locale_and_restrictions(self)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections(request, self)
        return context

    def structured_data(self, request):
        founders = FOUNDERS(self.locale_id)
        return {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.title,
            "url": self.get_full_url(request),
            "description": self.search_description or self.hero_text,
            "member": [
                {
                    "@type": "Organization",
                    "name": institution.name,
                    **({"url": institution.website} if institution.website else {}),
                }
                for institution in founders
            ],
        }


# The home page's founding institutions (its JSON-LD): SQL compiled once per process.
FOUNDERS = PreparedQuery(
    "the founding institutions of a language",
    lambda locale_id: Institution.objects.filter(locale=locale_id, live=True, role=Institution.Role.FOUNDER),
)


def home_sections(request, home_page):
    """The home page's slots (current tour, featured defenders, upcoming events, latest statement).

    Each content app fills its own slot by registering a `home_page_sections` hook in its wagtail_hooks.py that
    returns `{"template": ..., "context": {...}, "order": int}` or None; the home app needs to know none of them.
    """
    sections = []
    for hook in hooks.get_hooks("home_page_sections"):
        section = hook(request, home_page)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda section: section.get("order", 100))


class StandardPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("intro"),
        TranslatableField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    # Shown by this page alone (and found by search): a change of only these leaves every other cached page fresh
    # (cdhr_cms/cache.py; tests/test_cache_scope.py renders every page to check that no other page shows them).
    page_only_fields = ("intro", "body")

    class Meta:
        verbose_name = _("standard page")


class OpenDataPage(BasePage):
    """The open-data page: the CSV/JSON exports of the site (found at render time through the `open_datasets` hook,
    see home/opendata.py) and the one licence they are published under."""

    intro = models.TextField(_("introduction"), blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("licence"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("intro"),
        SynchronizedField("licence"),
        TranslatableField("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("open data page")

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["datasets"] = datasets(request, self.locale)
        return context


@register_setting(icon="mail")
class PressOffice(BaseSiteSetting):
    """Who journalists call about a tour: shown in every tour's press room. The same in every language."""

    name = models.CharField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_(
            "The press officer's name, the same in every language. The press room already says “Press contact” in "
            "each language: do not write the desk's name here."
        ),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("email"), FieldPanel("phone")])]

    class Meta:
        verbose_name = _("press office")

    @property
    def is_set(self):
        return bool(self.email or self.phone)


class Institution(TranslatableMixin, DraftStateMixin, RevisionMixin, models.Model):
    """A founding or partner institution of the consortium. Translated: its description is prose."""

    class Role(models.TextChoices):
        FOUNDER = "founder", _("Founding institution")
        PARTNER = "partner", _("Partner institution")

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("role"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    override_translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("acronym"),
        SynchronizedField("role"),
        SynchronizedField("website"),
        SynchronizedField("logo"),
        SynchronizedField("sort_order"),
        SynchronizedField("go_live_at"),
        SynchronizedField("expire_at"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Municipality(LoadedAsRows, models.Model):
    """A member council. Not translated: its name is a proper noun, the same in every language."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    # The name as it sorts (without its article, accents or case): see home/collation.py.
    sort_name = models.CharField(max_length=120, editable=False, db_index=True, default="")
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    comarca = models.CharField(_("comarca"), max_length=120, blank=True)
    province = models.CharField(_("province"), max_length=60, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("website"), blank=True)
    coat_of_arms = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("coat of arms"),
    )
    year_joined = models.PositiveSmallIntegerField(_("year joined"), null=True, blank=True)
    editors_group = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipality",
        verbose_name=_("editors group"),
        help_text=_("The group of this council's staff, who edit its programmes and endorse the statement."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel([FieldPanel("comarca"), FieldPanel("province")], heading=_("Where")),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Coordinates")),
        FieldPanel("website"),
        FieldPanel("coat_of_arms"),
        FieldPanel("year_joined"),
        FieldPanel("editors_group", permission="auth.change_group"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("slug")]

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["sort_name", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_name = council_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.profile_url(self.slug)

    @staticmethod
    def profile_url(slug):
        """The address of the profile of the municipality with `slug`, for lists that read slugs without instances."""
        return route_url("municipality_profile", slug=slug)
