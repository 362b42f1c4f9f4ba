"""Defenders: the person (`Defender`) and their profile pages (`DefenderPage`, one per language).

Why two models. What the public may know of a person — the safety level, the name shown, the portrait, the region,
the organisation, the country — is one set of facts about a human being. If each language's page held its own copy
(as wagtail-localize's synchronised fields do), a copy could lag behind: a profile raised to "protected" in Catalan
stayed public in Spanish until someone synced and published it. So those facts live once, on `Defender`, a
non-translated record with drafts, revisions and moderation of its own; every page of the person, in every language,
points at it and every public channel reads it through defenders/safety.py. A page revision holds no fact at all, so
no draft, old revision or translation can bring back an older, more open value. The safety level itself never goes
through a draft: it changes only through the raise and consent actions (defenders/levels.py), at once and logged.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    Page,
    PageManager,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home import pictures
from home.loading import LoadedAsRows
from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage
from home.queries import PreparedQuery, SitePageQuerySet
from home.translation import one_per_translation
from home.tree import children_of

from .blocks import BiographyBlock, LinksBlock
from .forms import DefenderPageForm, PersonForm
from .panels import PersonSafetyPanel, ProfilePersonPanel
from .redaction import PSEUDONYM_REVEALS, names_hidden_words, pseudonym_reveals, redact_page_words
from .safety import LISTED_IN_DATA, NAMING_PERSON_FIELDS, SafetyLevel, country_name, public_view


class Theme(LoadedAsRows, TranslatableMixin, DraftStateMixin, RevisionMixin, models.Model):
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


def remove_from_search(page):
    """Delete `page`'s entry from every search backend. Wagtail's `index.remove_object` first asks the page for the
    instance to index, which a profile no longer listed declines (`DefenderPage.get_indexed_instance`): its entry
    from when it was listed stayed, and the admin's search still found the pseudonym by the old name, region or
    organisation."""
    for backend in get_search_backends(with_auto_update=True):
        backend.delete(page)


def themes_in_locale(themes, locale_id):
    """`themes` (live ones of any language) one per theme, in the locale `locale_id` where it has one."""
    return sorted(one_per_translation(themes, locale_id), key=theme_order)


def theme_order(theme):
    return (theme.sort_order, theme.name)


class PhotoLicence(models.TextChoices):
    """The terms on which a portrait may be reused: what the press room tells journalists."""

    PRESS_USE = "press-use", _("Free for press coverage of the project, with credit")
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    ALL_RIGHTS = "all-rights-reserved", _("All rights reserved: ask the press office")


class DefenderQuerySet(models.QuerySet):
    def public(self):
        """People whose facts the public may read at all: published ones (a draft person shows nothing)."""
        return self.filter(live=True)

    def hidden(self):
        """People none of whose pictures may be shown: everyone but the published, public ones."""
        return self.exclude(live=True, safety_level=SafetyLevel.PUBLIC)


class Defender(LoadedAsRows, WorkflowMixin, DraftStateMixin, RevisionMixin, ClusterableModel):
    """A human rights defender as a person: the facts every language shows the same, at every moment."""

    display_name = models.CharField(
        _("display name"),
        max_length=120,
        help_text=_(
            "Full name (public), chosen name (limited) or pseudonym (protected). The only name ever shown, in every "
            "language; the profile's address is made from it."
        ),
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
    # The same facts written otherwise: hidden with them below public (defenders/redaction.py). Admin-only.
    other_spellings = models.TextField(
        _("also written as"),
        blank=True,
        help_text=_(
            "One per line: the region and organisations as written in Catalan, Spanish and English (Moscou, Moscú), "
            "other spellings of the name, nicknames, social media handles. Never shown; hidden from the profile's "
            "words whenever the defender is not public."
        ),
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("portrait"),
        help_text=_("Shown only while the defender is public; never anywhere, not even as a file, otherwise."),
    )
    portrait_credit = models.CharField(_("photo credit"), max_length=255, blank=True)
    portrait_licence = models.CharField(
        _("photo licence"), max_length=30, choices=PhotoLicence.choices, default=PhotoLicence.PRESS_USE
    )

    # Set only by the actions in levels.py, never by a draft (see with_content_json).
    level_changed_at = models.DateTimeField(_("safety level last changed"), null=True, blank=True, editable=False)
    # Names this person was shown under before a raise or a rename: admin-only, never rendered. The exposure audit
    # looks for them in every public channel; their addresses answer 404.
    former_names = models.JSONField(_("former names"), default=list, blank=True, editable=False)

    # Consent: admin-only. Never rendered, never in the API, never exported. Recorded through the consent action.
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = models.TextField(_("consent scope"), blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    consent_review_date = models.DateField(_("review consent on"), null=True, blank=True)

    objects = DefenderQuerySet.as_manager()
    # Names, the same in every language (translations/untranslated.py does not take them for Catalan words): a
    # person's and an organisation's names, a place, a photographer.
    # Words are translated, per language, in PortraitText.
    language_neutral_fields = (
        "display_name",
        "legal_name",
        "organisation",
        "region",
        "other_spellings",
        "portrait_credit",
    )
    base_form_class = PersonForm

    # Facts the actions own: a draft or an old revision never carries them back (with_content_json).
    ACTION_FIELDS = (
        "safety_level",
        "level_changed_at",
        "former_names",
        "consent_date",
        "consent_scope",
        "consent_recorded_by_id",
        "consent_review_date",
    )

    panels = [
        PersonSafetyPanel(heading=_("Safety level")),
        FieldPanel("display_name"),
        FieldPanel("legal_name"),
        MultiFieldPanel(
            [FieldPanel("country"), FieldPanel("region"), FieldPanel("organisation"), FieldPanel("other_spellings")],
            heading=_("Where and what"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("portrait"),
                FieldPanel("portrait_credit"),
                FieldPanel("portrait_licence"),
                InlinePanel(
                    "portrait_texts",
                    heading=_("Portrait description, per language"),
                    label=_("Description"),
                    min_num=0,
                    max_num=len(settings.WAGTAIL_CONTENT_LANGUAGES),
                ),
            ],
            heading=_("Portrait"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("consent_date", read_only=True),
                FieldPanel("consent_scope", read_only=True),
                FieldPanel("consent_recorded_by", read_only=True),
                FieldPanel("consent_review_date", read_only=True),
            ],
            heading=_("Consent record (admin only)"),
        ),
    ]

    class Meta:
        verbose_name = _("defender")
        verbose_name_plural = _("defenders")
        ordering = ["display_name"]
        permissions = [
            ("raise_safety_level", _("Can raise a defender's safety level (emergency, at once)")),
            ("lower_safety_level", _("Can lower a defender's safety level with recorded consent")),
        ]

    def __str__(self):
        return self.display_name

    @property
    def spellings(self):
        """The lines of `other_spellings`, each stripped, without empty ones."""
        return [line.strip() for line in (self.other_spellings or "").splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = {}
        legal = (self.legal_name or "").strip()
        # Compared as the words check compares ("Kemal Aydin Yilmaz" spells out Kemal Aydın Yılmaz).
        spelt_out = bool(legal) and names_hidden_words(self.display_name or "", {legal: ""})
        if spelt_out and self.safety_level != SafetyLevel.PUBLIC:
            # The display name becomes the address, the title and every listing: it must not spell out the legal
            # name of someone who is not fully public.
            errors["display_name"] = _("The display name must not contain the defender's legal name.")
        elif self.safety_level == SafetyLevel.PROTECTED and pseudonym_reveals(self.display_name, self):
            errors["display_name"] = PSEUDONYM_REVEALS
        if self.display_name and self.display_name.strip() in self.former_names:
            errors["display_name"] = _("This name was retired to protect the defender; choose another one.")
        # The portrait's descriptions and credit are checked by the admin's form (defenders/forms.py PersonForm),
        # which knows the rows about to be saved.
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        # The level, the names it retired and the consent record belong to the person as a whole, like `live`:
        # publishing a draft or reverting to an old revision must never bring back an earlier, more open level.
        obj = super().with_content_json(content)
        # From the database, not from `self`: an instance kept in memory since before a raise would carry the old
        # level (a revision object caches the instance it was made from).
        current = type(self).objects.filter(pk=self.pk).values(*self.ACTION_FIELDS, "display_name").first()
        if current is None:
            return obj
        for name in self.ACTION_FIELDS:
            setattr(obj, name, current[name])
        if obj.display_name.strip() in current["former_names"]:
            # A name retired to protect the person never comes back with an old revision, whatever the path.
            obj.display_name = current["display_name"]
        return obj

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or {"display_name", "live"} & set(update_fields)):
            # The pages' titles and addresses follow the published name (a draft does not save the row when live).
            for page in self.profiles.all():
                page.follow_person()
        return result

    def portrait_text(self, language_code):
        """The portrait's alt text and caption in `language_code`, else in the source language."""
        if "_texts_by_language" not in self.__dict__:
            # Read once per instance: a profile asks for the alt text twice (picture and Open Graph).
            self._texts_by_language = {text.language: text for text in self.portrait_texts.all()}
        texts = self._texts_by_language
        return texts.get(language_code) or texts.get(settings.LANGUAGE_CODE) or PortraitText(language=language_code)

    @property
    def is_listed(self):
        return self.live and self.safety_level in LISTED_IN_DATA


class PictureLikeness(models.Model):
    """What an image shows, as an 8 × 8 grid of colours (defenders/images.py `likeness`): the same photo uploaded again
    — re-encoded by the upload's cleaning, resized, under another title, into a council's collection — has other
    bytes but the same grid, and is hidden with the original (defenders/files.py `same_picture_ids`)."""

    image = models.OneToOneField(
        get_image_model_string(), on_delete=models.CASCADE, related_name="likeness", primary_key=True
    )
    grid = models.BinaryField(max_length=192)

    def __str__(self):
        return f"likeness of image {self.image_id}"


class PortraitText(Orderable):
    """A portrait's alt text and caption in one language: part of the person's facts (edited with them, never by
    translators), but in words, so in each language."""

    defender = ParentalKey(Defender, on_delete=models.CASCADE, related_name="portrait_texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.WAGTAIL_CONTENT_LANGUAGES)
    alt_text = models.CharField(_("alt text"), max_length=255, blank=True)
    caption = models.CharField(
        _("caption"),
        max_length=255,
        blank=True,
        help_text=_("What journalists print under the photo: who, where, when. Shown in the press room."),
    )

    panels = [FieldPanel("language"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("portrait description")
        constraints = [
            models.UniqueConstraint(fields=["defender", "language"], name="defenders_portrait_text_one_per_language")
        ]


# SQL compiled once per process (`PreparedQuery`), the people's ids its parameters.
PORTRAIT_TEXTS = PreparedQuery(
    "the portrait texts of some people", lambda ids: PortraitText.objects.filter(defender_id__in=ids)
)


def with_portrait_texts(people):
    """`people` (Defender rows read from the database, not a preview's) with their portraits' texts ready for
    `portrait_text`, in one query for all of them."""
    texts = {person.pk: {} for person in people}
    for text in PORTRAIT_TEXTS(sorted(texts)):
        texts[text.defender_id][text.language] = text
    for person in people:
        person._texts_by_language = texts[person.pk]
    return people


class DefenderPageQuerySet(SitePageQuerySet):
    def public(self):
        """Profiles the public may reach at all: live pages of published people. Protected profiles are reachable
        but never indexed."""
        return super().public().live().filter(person__live=True).select_related("person")

    def in_open_data(self):
        """Profiles allowed in machine-readable channels: API, sitemap, CSV, JSON exports."""
        return self.public().filter(person__safety_level__in=LISTED_IN_DATA)

    def listed(self):
        """Profiles that appear in listings (directory, site search, related defenders, feeds). The same set as
        open data, on purpose: a profile that can be listed can be exported, and one that cannot is in neither."""
        return self.in_open_data()

    def not_in_open_data(self):
        return self.exclude(pk__in=self.model.objects.in_open_data().values("pk"))

    def offered_to_councils(self):
        """Profiles council staff's admin screens may offer (event forms, page chooser): public defenders only."""
        return self.public().filter(person__safety_level=SafetyLevel.PUBLIC)

    def not_offered_to_councils(self):
        return self.exclude(pk__in=self.model.objects.offered_to_councils().values("pk"))


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
        return DefenderPage.objects.listed().filter(children_of(self))

    @path("")
    def directory(self, request):
        from .directory import build_directory

        directory = build_directory(self, request.GET)
        response = self.render(request, context_overrides={"directory": directory})
        if directory.not_found:
            response.status_code = 404
        return response

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
    """A defender's profile in one language: the words (summary, biography, links) translated; the person's facts
    read from `person`, the same for every language. Title and address are the person's display name."""

    person = models.ForeignKey(
        Defender,
        # Nullable only so that an unfinished draft can be saved; such a page is never public.
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name=_("defender"),
        help_text=_("The person this profile is about: name, safety level, portrait and places come from there."),
    )
    themes = ParentalManyToManyField(Theme, blank=True, related_name="defenders", verbose_name=_("themes"))
    summary = models.CharField(_("one-line summary"), max_length=255, blank=True)
    biography = StreamField(BiographyBlock(), blank=True, verbose_name=_("biography"))
    links = StreamField(LinksBlock(), blank=True, verbose_name=_("links"))

    objects = DefenderPageManager()
    # What showing a profile reads besides the page: routing and the sitemap load it in the same query.
    public_select_related = ("person",)
    # Always empty on a profile (set in _derive_from_person): nothing for translators to write a name into.
    synchronised_text_fields = ("seo_title", "search_description")

    # No title, slug or SEO texts to type: they come from the person (a translator or editor could otherwise write a
    # name the safety level does not allow into a <title>).
    base_form_class = DefenderPageForm
    content_panels = [
        FieldPanel("person"),
        ProfilePersonPanel(heading=_("The person's facts")),
        FieldPanel("summary"),
        FieldPanel("themes"),
        FieldPanel("biography"),
        FieldPanel("links"),
    ]
    promote_panels = [FieldPanel("show_in_menus")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(BasePage.settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )
    # Search finds a profile by what it shows: its title (the display name) and summary, never a legal name.
    # Only listed profiles are indexed at all (get_indexed_objects, get_indexed_instance).
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        # For filtering only (the public() and listed() rules): nothing of the person is searchable text.
        index.RelatedFields("person", [index.FilterField("live"), index.FilterField("safety_level")]),
    ]
    # The API shows only what public_view allows (and the endpoint lists only open-data profiles: cdhr_cms/api.py).
    api_fields = [APIField("public_profile")]
    # Only the words are sent to translators. Title, slug and SEO texts are derived from the person on every save.
    override_translatable_fields = [
        SynchronizedField("title", overridable=False),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("seo_title", overridable=False),
        SynchronizedField("search_description", overridable=False),
        SynchronizedField("go_live_at"),
        SynchronizedField("expire_at"),
        SynchronizedField("person", overridable=False),
        SynchronizedField("themes", overridable=False),
        TranslatableField("summary"),
        TranslatableField("biography"),
        TranslatableField("links"),
    ]
    parent_page_types = ["defenders.DefenderIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("defender profile")
        verbose_name_plural = _("defender profiles")
        permissions = [
            ("take_down_defender", _("Can take a defender down everywhere")),
            ("erase_defender", _("Can erase a defender and every trace of them")),
        ]

    def chooser_label(self):
        """In the admin's choices (home/choosers.py): the name shown and the country, so that two people of the same
        name are told apart. The public display name, never the legal name."""
        person = self.person
        return f"{person.display_name} ({country_name(person.country)})" if person else self.title

    # --- title and address: the person's display name -------------------------------------------------------

    def _taken_slugs(self, base):
        """Slugs starting with `base` that this page's siblings already use."""
        parent = self.get_parent() if self.path else None
        if parent is None:
            return set()
        siblings = parent.get_children().filter(slug__startswith=base)
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        return set(siblings.values_list("slug", flat=True))

    def _derive_from_person(self):
        if self.person_id is None:
            # An unfinished draft: a neutral title, and an address no other draft can already hold.
            if not self.title:
                self.title = self.draft_title = _("Defender profile (draft)")
            if not self.slug:
                self.slug = f"draft-{uuid.uuid4().hex[:12]}"
            return
        self.title = self.draft_title = self.person.display_name
        self.seo_title = ""
        self.search_description = ""
        # The address is the display name, made unique among the siblings with -2, -3...
        base = slugify(self.person.display_name)[:200] or "defender"
        taken = self._taken_slugs(base)
        if not re.fullmatch(rf"{re.escape(base)}(-\d+)?", self.slug or "") or self.slug in taken:
            slug, number = base, 2
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            self.slug = slug

    def full_clean(self, *args, **kwargs):
        self._derive_from_person()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self._derive_from_person()
        result = super().save(*args, **kwargs)
        if not self.public.in_open_data:
            # get_indexed_instance() keeps it out from now on; an entry from when it was listed must go too.
            remove_from_search(self)
        return result

    def follow_person(self):
        """Bring this page's title and address in line with its person's published name, with no redirect from
        the old address (a redirect would tie the old name to the new one)."""
        from wagtail.contrib.redirects.models import Redirect

        old_slug, old_title = self.slug, self.title
        self.person.refresh_from_db()
        self._derive_from_person()
        if (self.slug, self.title) == (old_slug, old_title):
            return False
        self.save()
        # Wagtail creates redirects from the old address once the transaction commits (page_slug_changed is sent
        # then): delete them after that, and any already there.
        Redirect.objects.filter(redirect_page=self).delete()
        transaction.on_commit(lambda: Redirect.objects.filter(redirect_page_id=self.pk).delete())
        if self.public.in_open_data:
            index.insert_or_update_object(self)
        else:
            remove_from_search(self)
        return True

    def with_content_json(self, content):
        # A revision's title and slug may carry a name retired since: they always follow the person instead. Its
        # words may name what the person's level now hides: every path that makes a revision the page (publish,
        # revert, scheduled publishing, a translation published from wagtail-localize) comes through here.
        obj = super().with_content_json(content)
        obj.title, obj.draft_title, obj.slug = self.title, self.draft_title, self.slug
        # Wagtail made the address from the revision's slug: make it again from the current one.
        obj.url_path = self.url_path
        redact_page_words(obj)
        return obj

    # --- what the public sees -----------------------------------------------------------------------------

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(person__live=True, person__safety_level__in=LISTED_IN_DATA)

    def get_indexed_instance(self):
        instance = super().get_indexed_instance()
        return instance if instance is not None and instance.public.in_open_data else None

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
        facts.lines = [country_name(defender.country), ", ".join(defender.organisations)]
        facts.portrait, facts.portrait_alt = defender.portrait, defender.portrait_alt
        return facts

    def get_sitemap_urls(self, request=None):
        if not self.public.in_open_data:
            return []
        return super().get_sitemap_urls(request)

    @classmethod
    def sitemap_listed(cls, pages):
        """The ids among the ids `pages` that `get_sitemap_urls` lists, as a query set of rows of one column: the
        profiles in open data (cdhr_cms/sitemap.py lists them from their rows rather than loading every profile of a
        language, and compiles this query once)."""
        return cls.objects.filter(pk__in=pages).in_open_data().values_list("pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        defender = self.public
        if defender.show_photo:
            # The portrait's descriptions in one prepared query: only a photo that is shown has them read.
            with_portrait_texts([self.person])
        context["defender"] = defender
        themes = PROFILE_THEMES.remembered(self.pk, store=_profile_themes_read, limit=MAX_PROFILE_THEMES_READ)
        context["themes"] = themes_in_locale(themes, self.locale_id)
        # The portrait's renditions in one query (related defenders are listed by name, without pictures).
        defender.use_renditions(pictures.load_renditions([defender.portrait_id], pictures.PORTRAIT))
        # Plain data, written once for what it shows (`{% written_once %}`).
        related = self.related_defenders({theme.translation_key for theme in context["themes"]})
        context["related_defenders"] = tuple(other.mention(request) for other in related)
        context["profile_sections"] = profile_sections(request, self)
        return context

    def related_defenders(self, theme_keys, limit=4):
        """Listed defenders of this directory sharing a theme (`theme_keys`: the translation keys of this profile's
        live themes, those it shows) or the country, by name in the directory's order. Found among the directory's
        listed profiles, which it remembers until content changes for all its addresses and every profile
        (defenders/directory.py): asked of the database, the question walked every page of the language, a tenth of
        the profile's time on the large site. The four are then read through `listed()` again, by their ids."""
        from .directory import related_profiles

        country = str(self.person.country) if self.person_id else None
        pks = related_profiles(self.get_parent(), self.pk, theme_keys, country, limit)
        found = {page.pk: page for page in RELATED_PROFILES(pks)} if pks else {}
        return [public_view(found[pk]) for pk in pks if pk in found]


# Related defenders by their ids, by the listing rule: SQL compiled once per process (`PreparedQuery`).
RELATED_PROFILES = PreparedQuery(
    "related defenders",
    lambda pks: (
        DefenderPage.objects.listed()
        .filter(pk__in=pks)
        .only("title", "url_path", "locale_id", "person", *(f"person__{name}" for name in NAMING_PERSON_FIELDS))
    ),
)


# A profile's themes, in every language; its SQL compiled once per process, its rows read once until content changes
# (a theme and a profile's choice of themes change only by a change of content). A store of their own, one entry for
# each of the large site's 1,500 profiles.
_profile_themes_read = {}
MAX_PROFILE_THEMES_READ = 2048
PROFILE_THEMES = PreparedQuery(
    "a profile's themes",
    lambda page_id: Theme.objects.filter(
        live=True, translation_key__in=Theme.objects.filter(defenders=page_id).values("translation_key")
    ),
)


def profile_sections(request, defender_page):
    """Sections other apps add to a profile (tours, cities visited, upcoming events): `defender_profile_sections`."""
    sections = []
    for hook in hooks.get_hooks("defender_profile_sections"):
        section = hook(request, defender_page)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda section: section.get("order", 100))
