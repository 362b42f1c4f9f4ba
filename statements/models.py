"""The yearly institutional statement (pages) and the councils' endorsements of it (data, not pages).

What the public may see of endorsements is decided in ONE place, `EndorsementQuerySet.public()`: every channel (the
statement page, the index, the municipality profile, CSV, JSON, the map, the badge) goes through it.
"""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage
from home.queries import PreparedQuery
from home.tree import child_range, children_between

SOURCE_LANGUAGE = "ca"


class StatementIndexPage(RoutablePageMixin, BasePage):
    """The statements of every year, the endorsements table and chart, and the all-years open data."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["statements.StatementPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("statement index page")

    def statements(self, **remembered):
        """The live, public statements under the index, the latest first (a list), as links name them. With
        `remembered` (`store` and `limit`), read once until content changes (`PreparedQuery.remembered`)."""
        if remembered:
            return STATEMENTS_UNDER.remembered(*child_range(self), **remembered)
        return STATEMENTS_UNDER(*child_range(self))

    def get_context(self, request, *args, **kwargs):
        from .views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self))
        return context

    @re_path(r"^endorsements\.csv/?$", name="endorsements_csv")
    def endorsements_csv(self, request):
        from .opendata import csv_response

        return csv_response(request, Endorsement.objects.public().for_statements(self.statements()), "endorsements.csv")

    @re_path(r"^endorsements\.json/?$", name="endorsements_json")
    def endorsements_json(self, request):
        from .opendata import json_response

        return json_response(request, Endorsement.objects.public().for_statements(self.statements()))


class CommitmentsBlock(blocks.StreamBlock):
    commitment = blocks.TextBlock(label=_("Commitment"), icon="list-ol")

    class Meta:
        icon = "list-ol"


class StatementPage(RoutablePageMixin, BasePage):
    """One year's institutional statement. Its endorsements hang on the Catalan source page and are shared by all its
    translations (they share its translation_key)."""

    year = models.PositiveSmallIntegerField(_("year"))
    preamble = RichTextField(_("preamble"), blank=True, features=["bold", "italic", "link"])
    commitments = StreamField(CommitmentsBlock(), blank=True, verbose_name=_("commitments"))
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("PDF"),
        help_text=_("The signed statement as a downloadable PDF (optional)."),
    )
    window_opens = models.DateField(_("endorsement window opens"), null=True, blank=True)
    window_closes = models.DateField(_("endorsement window closes"), null=True, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("year"),
        FieldPanel("preamble"),
        FieldPanel("commitments"),
        FieldPanel("pdf"),
        MultiFieldPanel([FieldPanel("window_opens"), FieldPanel("window_closes")], heading=_("Endorsement window")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("preamble"),
        index.SearchField("commitments"),
        index.FilterField("year"),
    ]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("preamble"),
        TranslatableField("commitments"),
        SynchronizedField("year"),
        SynchronizedField("pdf"),
        SynchronizedField("window_opens"),
        SynchronizedField("window_closes"),
    ]

    parent_page_types = ["statements.StatementIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("statement page")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.window_opens and self.window_closes and self.window_closes < self.window_opens:
            raise ValidationError({"window_closes": _("The window cannot close before it opens.")})

    def share_card_facts(self):
        facts = super().share_card_facts()
        facts.kind = gettext("Institutional statement")
        count = self.public_endorsements().count()
        facts.lines = [str(self.year)]
        if count:
            facts.lines.append(
                ngettext("%(count)d council endorses it", "%(count)d councils endorse it", count) % {"count": count}
            )
        return facts

    def window_is_open(self, today=None):
        today = today or timezone.localdate()
        return bool(self.window_opens and self.window_closes and self.window_opens <= today <= self.window_closes)

    @cached_property
    def source_page(self):
        """The Catalan page endorsements are keyed to (the page itself when it is the source)."""
        if self.locale.language_code == SOURCE_LANGUAGE:
            return self
        return StatementPage.objects.filter(translation_key=self.translation_key, locale__language_code="ca").first()

    def public_endorsements(self):
        return Endorsement.objects.public().for_statement(self)

    def get_context(self, request, *args, **kwargs):
        from .views import statement_context

        context = super().get_context(request, *args, **kwargs)
        context.update(statement_context(request, self))
        return context

    @re_path(r"^endorsements\.csv/?$", name="endorsements_csv")
    def endorsements_csv(self, request):
        from .opendata import csv_response

        return csv_response(request, self.public_endorsements(), f"endorsements-{self.year}.csv")

    @re_path(r"^endorsements\.json/?$", name="endorsements_json")
    def endorsements_json(self, request):
        from .opendata import json_response

        return json_response(request, self.public_endorsements())

    @re_path(r"^badge/(?P<municipality>[\w-]+)\.svg/?$", name="badge_svg")
    def badge_svg(self, request, municipality):
        from .views import badge_svg

        return badge_svg(request, self, municipality)

    @path("badge/<slug:municipality>/", name="badge_html")
    def badge_html(self, request, municipality):
        from .views import badge_html

        return badge_html(request, self, municipality)

    @path("documents/<int:pk>/", name="document")
    def document(self, request, pk):
        from .views import public_document

        return public_document(request, self, pk)


# What lists of statements read of each: enough to name it and link it (its streams of commitments had made most of
# reading ten statements).
STATEMENT_LINK_FIELDS = (
    "title", "year", "url_path", "path", "depth", "content_type", "alias_of", "locale", "translation_key"
)  # fmt: skip

# The statements of an index (its children, home/tree.py), by the public rule: SQL compiled once per process
# (`PreparedQuery`), the index's `child_range` its parameters.
STATEMENTS_UNDER = PreparedQuery(
    "the statements under an index",
    lambda path, end, depth: (
        StatementPage.objects.filter(children_between(path, end, depth))
        .live()
        .public()
        .order_by("-year")
        .only(*STATEMENT_LINK_FIELDS)
    ),
)


class AdoptingBody(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    GOVERNING_BOARD = "governing_board", _("Governing board")
    MAYORAL_DECREE = "mayoral_decree", _("Mayoral decree")
    SPOKESPEOPLE_BOARD = "spokespeople_board", _("Spokespeople's board")
    OTHER = "other", _("Other")


class EndorsementQuerySet(models.QuerySet):
    def active(self):
        """Submitted or verified: a municipality has at most one of these per statement."""
        return self.filter(status__in=Endorsement.ACTIVE_STATUSES)

    def public(self):
        """THE rule: only verified endorsements of live statements are ever shown, in any channel."""
        return (
            self.filter(status=Endorsement.Status.VERIFIED, statement__live=True)
            .select_related("municipality", "statement")
            .order_by("statement__year", "municipality__sort_name")
        )

    def for_statement(self, page):
        # Any translation of the statement: they all share the source's translation_key.
        return self.filter(statement__translation_key=page.translation_key)

    def for_statements(self, pages):
        return self.filter(statement__translation_key__in=[page.translation_key for page in pages])

    def visible_to(self, user):
        from .rules import is_moderator

        if is_moderator(user):
            return self
        return self.filter(municipality__editors_group__in=user.groups.all())


class Endorsement(models.Model):
    """A council's endorsement of one year's statement, submitted by its staff and verified by the consortium."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ACTIVE_STATUSES = (Status.SUBMITTED, Status.VERIFIED)

    statement = models.ForeignKey(
        StatementPage,
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("statement"),
        help_text=_("Always the Catalan source page; its translations share its endorsements."),
    )
    municipality = models.ForeignKey(
        "home.Municipality", on_delete=models.CASCADE, related_name="endorsements", verbose_name=_("municipality")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    adopting_body = models.CharField(_("adopting body"), max_length=30, choices=AdoptingBody.choices)
    adoption_date = models.DateField(_("adoption date"))
    reference = models.CharField(_("reference or minutes number"), max_length=120, blank=True)
    signatory_name = models.CharField(_("signatory name"), max_length=200)
    signatory_role = models.CharField(_("signatory role"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("supporting document"),
    )
    public_statement = models.TextField(_("public statement"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # The moderator who verified or rejected it, and when.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified or rejected by"),
    )
    verified_at = models.DateTimeField(_("verified or rejected at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-submitted_at"]
        permissions = [
            ("verify_endorsement", _("Can verify or reject endorsements")),
            ("withdraw_endorsement", _("Can withdraw its municipality's endorsements")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "municipality"],
                condition=Q(status__in=["submitted", "verified"]),
                name="one_active_endorsement_per_municipality",
            )
        ]

    def __str__(self):
        return _("%(municipality)s — %(year)s statement") % {
            "municipality": self.municipality.name,
            "year": self.statement.year,
        }

    @property
    def adopting_body_label(self):
        """`get_adopting_body_display()`, from the choices themselves: Django's builds a dictionary of every choice,
        each label translated, at every call, and a statement's table names a body on each of its rows."""
        try:
            return AdoptingBody(self.adopting_body).label
        except ValueError:
            return self.adopting_body

    @property
    @admin.display(description=_("statement year"))
    def statement_year(self):
        return self.statement.year

    @property
    def is_public(self):
        return self.status == self.Status.VERIFIED


def source_locale():
    return Locale.objects.get(language_code=SOURCE_LANGUAGE)
