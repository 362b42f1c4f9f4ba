"""Teaching resources for schools: a directory with filters (filters.py) and the teaching proposals.

A resource links to themes, defenders and tours. The links are synchronised: every language of a resource points
to the same (source-language) objects, and pages show them in the reader's language by translation key
(see `related.py`).
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage, in_default_language
from home.opendata import CREATIVE_COMMONS_URLS
from home.pagination import listing_page
from home.queries import CompiledListing, PreparedQuery
from home.tree import children_of

from .blocks import ActivityStepsBlock, LearningGoalsBlock, ResourceDocumentsBlock
from .filters import filter_resources
from .related import resource_links


class ResourceIndexPage(BasePage):
    """The directory of teaching resources of one language, filtered by a plain GET form (no JavaScript)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count_per_parent = 1
    per_page = 12
    template = "resources/resource_index_page.html"

    class Meta:
        verbose_name = _("teaching resources index")

    @staticmethod
    def levels():
        """The levels a resource may be for, as (value, label) choices."""
        return ResourcePage.Level.choices

    def resources(self):
        return ResourcePage.objects.live().public().filter(children_of(self)).order_by("-year", "title")

    def cards(self):
        # The cards show title, level, year and summary: not each resource's streams (goals, steps, documents).
        return self.resources().defer_streamfields()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        result = filter_resources(self, request.GET)
        context["filter_form"] = result.form
        context["filter_problem"] = result.problem
        context["filters_active"] = result.active
        if result.resources is None:
            # Unfiltered: SQL compiled once per process until content changes.
            listed = CompiledListing(("resources", self.pk), self.cards)
        else:
            listed = result.resources.defer_streamfields()
        context["resources"] = listing_page(Paginator(listed, self.per_page), request)
        context["query_string"] = result.query_string
        return context


class ResourcePage(BasePage):
    """A teaching proposal: what pupils learn, the steps of the activity, and the documents to download."""

    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary / vocational")
        ADULTS = "adults", _("Adults")

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
        CC_BY_NC_SA = "cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"
        ALL_RIGHTS = "all-rights-reserved", _("All rights reserved")

    LICENCE_URLS = CREATIVE_COMMONS_URLS

    summary = models.TextField(_("summary"))
    level = models.CharField(_("audience level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The tour year this proposal was written for."))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=55)
    sessions = models.PositiveSmallIntegerField(_("sessions"), default=1)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_SA)
    learning_goals = StreamField(LearningGoalsBlock(), blank=True, verbose_name=_("learning goals"))
    activity_steps = StreamField(ActivityStepsBlock(), blank=True, verbose_name=_("activity steps"))
    documents = StreamField(ResourceDocumentsBlock(), blank=True, verbose_name=_("documents"))
    themes = ParentalManyToManyField(
        "defenders.Theme",
        blank=True,
        related_name="resources",
        verbose_name=_("themes"),
        limit_choices_to=in_default_language,
    )
    related_defenders = ParentalManyToManyField(
        "defenders.DefenderPage",
        blank=True,
        related_name="resources",
        verbose_name=_("defenders"),
        limit_choices_to=in_default_language,
        help_text=_("Protected defenders are never shown on a resource, whatever is chosen here."),
    )
    related_tours = ParentalManyToManyField(
        "editions.EditionPage",
        blank=True,
        related_name="resources",
        verbose_name=_("tours"),
        limit_choices_to=in_default_language,
    )
    # Derived from `documents` on save (" ca es "), so the directory can filter by language in the database.
    document_languages = models.CharField(max_length=60, blank=True, editable=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("level"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("sessions"), FieldPanel("duration_minutes")]),
                FieldPanel("licence"),
            ],
            heading=_("For whom, how long"),
        ),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("related_defenders"), FieldPanel("related_tours")],
            heading=_("Themes, defenders and tours"),
        ),
        FieldPanel("learning_goals"),
        FieldPanel("activity_steps"),
        FieldPanel("documents"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_goals"),
        index.SearchField("activity_steps"),
        index.FilterField("level"),
        index.FilterField("year"),
    ]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("summary"),
        TranslatableField("learning_goals"),
        TranslatableField("activity_steps"),
        TranslatableField("documents"),
        SynchronizedField("document_languages"),
        SynchronizedField("level"),
        SynchronizedField("year"),
        SynchronizedField("duration_minutes"),
        SynchronizedField("sessions"),
        SynchronizedField("licence"),
        SynchronizedField("themes"),
        SynchronizedField("related_defenders"),
        SynchronizedField("related_tours"),
    ]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []
    template = "resources/resource_page.html"

    class Meta:
        verbose_name = _("teaching resource")
        verbose_name_plural = _("teaching resources")

    def get_meta_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(resource_links(self))
        return context

    def save(self, *args, **kwargs):
        self.document_languages = languages_of(self.documents)
        return super().save(*args, **kwargs)

    @property
    def languages(self):
        return self.document_languages.split()

    @property
    def licence_url(self):
        return self.LICENCE_URLS.get(self.licence, "")


def languages_of(documents):
    codes = []
    for block in documents:
        code = block.value.get("language")
        if code and code not in codes:
            codes.append(code)
    return f" {' '.join(codes)} " if codes else ""


# The resources linking to the tours and profiles lately shown, by page and language: a store of their own, for the
# large site's 1,500 profiles (500 people in three languages) and 90 tours would empty a shared one at every crawl.
_linking_read = {}
MAX_LINKING_READ = 4096


def resources_linking_to(page, relation, limit=None):
    """Live resources in `page`'s language that link to it (in any of its languages) through `relation`
    ("related_tours" or "related_defenders"), the first `limit` by title. A list: its SQL is compiled once per
    process (`PreparedQuery`), the page's translation key and locale its parameters, and its rows are read once until
    content changes (`PreparedQuery.remembered`): a tour's or a profile's page shows the same ones at every view
    until an edit (of a resource, or any other) moves the content generation."""
    field = ResourcePage._meta.get_field(relation)

    def build(translation_key, locale_id):
        linking = field.remote_field.through.objects.filter(
            **{f"{field.m2m_reverse_field_name()}__translation_key": translation_key}
        ).values(field.m2m_column_name())
        # What the lists show (title, address, level), not the resource's summary or its streams; the links as a
        # subquery rather than a join, which needed DISTINCT over every column read.
        resources = (
            ResourcePage.objects.live()
            .public()
            .filter(locale_id=locale_id, pk__in=linking)
            .order_by("title")
            .only("title", "url_path", "locale_id", "path", "depth", "level")
        )
        return resources[:limit] if limit else resources

    linking_to = PreparedQuery(("resources linking to", relation, limit), build)
    return linking_to.remembered(page.translation_key, page.locale_id, store=_linking_read, limit=MAX_LINKING_READ)
