"""Tours (editions), their city programmes and events, the agenda and the calendar feeds.

What the public may see of an event is decided in editions/visibility.py; of a defender, in defenders/safety.py.
"""

import datetime
import functools
import math

from django import forms
from django.core.exceptions import ValidationError
from django.db import NotSupportedError, models
from django.db.models import Aggregate, Exists, Func, Max, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from modelcluster.queryset import FakeQuerySet
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from defenders.models import DefenderPage
from defenders.safety import NAMING_PERSON_FIELDS
from home.addresses import Link
from home.catalogues import once_per_language
from home.choosers import SameLanguageChoicesForm
from home.formatting import site_time
from home.loading import LoadedAsRows
from home.models import BASE_PAGE_TRANSLATABLE_FIELDS, BasePage
from home.queries import CompiledListing, PreparedQuery, remember_until_content_changes
from home.roles import is_municipal_staff_only
from home.routes import AGENDA, CALENDAR_FILE, EVENT_FILE_PREFIX, PRESS_ROOM, ListedWithRoute, escaped, file_route
from home.share_cards import date_range
from home.tree import child_range, children_between, children_of
from home.validators import refuse_control_characters_in

from .printkit.panels import with_print_kit_tab
from .visibility import PUBLIC_AUDIENCES, Audience, EventType, default_audience

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X")]
ROMAN += [(9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number):
    result = ""
    for value, letters in ROMAN:
        while number >= value:
            result += letters
            number -= value
    return result


ENDS_OF_A_TOUR = (EventType.OPENING, EventType.CLOSING)

# What naming and linking a defender reads of the profile page: the address (url_path), the order (title) and the
# language; and of the person, what defenders/safety.py reads to name them (everything shown comes from the person).
# A profile page's other columns (biography, links, Wagtail's bookkeeping) are never shown next to an event or on a
# tour, and building them made most of a tour page's render time (issue 21); nor are the person's other columns,
# which made a third of loading a tour's participants.
DEFENDER_NAMING_FIELDS = (
    "title",
    "slug",
    "url_path",
    "translation_key",
    "locale",
    "live",
    "person",
    *(f"person__{name}" for name in NAMING_PERSON_FIELDS),
)


def for_naming(defenders):
    """`defenders` (a DefenderPage queryset, public() or narrower) loading only what naming and linking need."""
    return defenders.only(*DEFENDER_NAMING_FIELDS)


class EditionIndexPage(ListedWithRoute, RoutablePageMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["editions.EditionPage"]
    max_count_per_parent = 1
    # The agenda is a page of its own for readers and search engines: listed after the directory.
    sitemap_route = "agenda"

    class Meta:
        verbose_name = _("tour directory")

    def tours(self):
        """The directory's cards: only what a card shows and its address needs (building the 30 tours of the large
        site with every field of a page took 2.3 ms, this way 1.8, of a render of about 6.5 ms)."""
        return (
            EditionPage.objects.filter(children_of(self))
            .live()
            .public()
            .order_by("-start_date", "-year", "-season")
            .only("title", "url_path", "locale_id", "path", "depth", "start_date", "end_date", "slogan")
        )

    @path("")
    def index(self, request):
        # The same SQL at every render until content changes: compiled once (home/queries.py CompiledListing).
        return self.render(request, context_overrides={"tours": CompiledListing(("tours", self.pk), self.tours)})

    @path(AGENDA, name="agenda")
    def agenda(self, request):
        from .agenda import agenda_context

        context = agenda_context(request, self)
        context["page"] = self
        context["page_route_name"] = "agenda"  # canonical and language links point at the agenda, not the index
        return render(request, "editions/agenda.html", context)

    @re_path(r"^events\.csv/?$", name="events_csv")
    def events_csv(self, request):
        from .opendata import csv_response

        return csv_response(request, self.locale)

    @re_path(r"^events\.json/?$", name="events_json")
    def events_json(self, request):
        from .opendata import json_response

        return json_response(request, self.locale)

    @re_path(file_route(AGENDA, CALENDAR_FILE), name="agenda_calendar")
    def agenda_calendar(self, request):
        from . import agenda
        from .calendars import calendar_response

        form, events = agenda.calendar_events(request, self.locale)
        if form is not None and not form.is_valid():
            # The reader's messages, one per line, after the label of the filter they are about: Django's
            # `as_text()` names the form's fields ("* __all__", "* date_from") and escapes the messages for HTML.
            messages = [
                f"{form.fields[name].label}: {message}" if name in form.fields else str(message)
                for name, errors in form.errors.items()
                for message in errors
            ]
            return HttpResponse("\n".join(messages) + "\n", status=400, content_type="text/plain; charset=utf-8")
        return calendar_response(
            request,
            events,
            name=str(_("Agenda")),
            filename="agenda.ics",
            description=agenda.calendar_window_description(),
        )


class Season(models.TextChoices):
    SPRING = "spring", _("Spring")
    AUTUMN = "autumn", _("Autumn")


class EditionPage(ListedWithRoute, RoutablePageMixin, BasePage):
    """One tour: an edition number covers a year, with a spring and an autumn tour."""

    edition_number = models.PositiveSmallIntegerField(_("edition number"))
    year = models.PositiveSmallIntegerField(_("year"))
    season = models.CharField(_("season"), max_length=10, choices=Season.choices)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    slogan = models.CharField(_("slogan"), max_length=255, blank=True)
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("edition_number"), FieldPanel("year"), FieldPanel("season")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("slogan"),
        FieldPanel("intro"),
        InlinePanel("participating_defenders", label=_("Participating defenders")),
    ]
    edit_handler = with_print_kit_tab(content_panels, BasePage.promote_panels, BasePage.settings_panels)
    search_fields = Page.search_fields + [index.SearchField("slogan"), index.SearchField("intro")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("edition_number"),
        SynchronizedField("year"),
        SynchronizedField("season"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        TranslatableField("slogan"),
        TranslatableField("intro"),
        SynchronizedField("participating_defenders"),
    ]
    parent_page_types = ["editions.EditionIndexPage"]
    subpage_types = ["editions.CityProgrammePage"]
    # Its press room is listed in the sitemaps after it.
    sitemap_route = "press"

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The tour cannot end before it starts.")})

    @property
    def roman_number(self):
        return roman(self.edition_number) if self.edition_number else ""

    def share_card_facts(self):
        facts = super().share_card_facts()
        facts.lines = [f"{self.get_season_display()} {self.year}", date_range(self.start_date, self.end_date)]
        return facts

    def programmes(self):
        """The tour's live, public city programmes in their cities' order (a list), with their municipalities and
        their locales: the events' calendar ids (Event.uid) need it when a tour page gives them their programmes.
        Read once until content changes (`PreparedQuery.remembered`): every page of the tour's events, its calendar
        and its print kit read the same ones, and only an edit changes them."""
        return TOUR_PROGRAMMES.remembered(*child_range(self))

    def public_events(self):
        return Event.objects.public(CityProgrammePage.objects.filter(children_of(self)))

    def public_defenders(self, remembered=True):
        """The tour's participants whom the public may see, in their order. `remembered=False` reads them afresh
        (the press room's photos and their archive: see editions/press.py)."""
        links = self.participating_defenders.all()
        if isinstance(links, FakeQuerySet):
            # A revision's preview keeps the links in memory (modelcluster), where a filter on a related queryset
            # cannot run: by their ids instead. (Only here: building the query set costs a quarter of a millisecond.)
            chosen = [link.defender_id for link in sorted(links, key=lambda link: link.sort_order or 0)]
            found = for_naming(DefenderPage.objects.public()).filter(pk__in=chosen).in_bulk()
            return [found[pk] for pk in chosen if pk in found]
        if not remembered:
            return TOUR_PARTICIPANTS(self.pk)
        # Read once until content changes, as the programmes: any change of a person, a profile, a restriction or
        # the tour moves the generation before the next request reads them.
        return TOUR_PARTICIPANTS.remembered(self.pk)

    def get_context(self, request, *args, **kwargs):
        from .agenda import (
            event_mentions,
            events_page,
            in_programmes,
            localised_defenders,
            participant_mentions,
            participants_by_id,
            to_public_events,
        )

        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = programmes = self.programmes()
        # The public events of those programmes (`public_events()` without asking again which are public), each given
        # its programme as loaded rather than loading it again with every event.
        context["paginator_page"] = page = events_page(request, programmes)
        participants = self.public_defenders()
        context["defenders"] = localised_defenders(participants, self.locale_id, remembered=True)
        # The participants and the cities as plain data: each list is written once for what it shows.
        context["participants"] = participant_mentions(request, self, context["defenders"])
        # Each programme's address asked of Wagtail once: the cities, the openings and closings and the events link
        # them (thirty on a large tour).
        addresses = {programme.pk: programme.get_url(request) or "" for programme in programmes}
        context["cities"] = tuple(
            Link(addresses[programme.pk], programme.municipality.name) for programme in programmes
        )
        # The people named next to the events are mostly the tour's participants, loaded by the same rule.
        named = participants_by_id(participants, context["defenders"])
        rows = in_programmes(page.object_list, programmes)
        events = to_public_events(request, rows, named=named, addresses=addresses)
        # The tour's openings and closings, wherever they fall in the paginated programme.
        ends = event_mentions(programmes, addresses)
        context["events"] = events
        context["days"] = group_by_day(events)
        # Tuples of frozen mentions: plain data, written once for each (`{% written_once %}`).
        context["openings"] = tuple(event for event in ends if event.event_type == EventType.OPENING)
        context["closings"] = tuple(event for event in ends if event.event_type == EventType.CLOSING)
        # What apps that depend on this one show on a tour (teaching resources: resources/wagtail_hooks.py).
        for hook in hooks.get_hooks("tour_page_context"):
            context.update(hook(request, self) or {})
        return context

    @path("")
    def tour(self, request):
        return self.render(request)

    @path(PRESS_ROOM, name="press")
    def press_room(self, request):
        from .press import press_context

        return render(request, "editions/press_room.html", press_context(request, self))

    @re_path(r"^press-photos\.zip/?$", name="press_photos")
    def press_photos(self, request):
        from .press import archive_response

        return archive_response(self)

    @re_path(file_route(CALENDAR_FILE), name="calendar")
    def calendar(self, request):
        from .agenda import every_event_of
        from .calendars import calendar_response

        programmes = self.programmes()
        return calendar_response(
            request,
            every_event_of(programmes),
            name=self.title,
            filename=f"{self.slug}.ics",
            programmes=programmes,
        )


# What a listing reads of a programme it links or whose events it shows (the events' addresses, cards and calendar
# entries, a tour's cities): its address, place in the tree, language, city and date of publication. Not its
# introduction, partners and contact, nor Wagtail's bookkeeping: building those made a third of loading a tour's
# programmes (issue 21).
PROGRAMME_LISTING_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "content_type",
    "alias_of",
    "locale",
    "translation_key",
    "live",
    "last_published_at",
    "municipality",
)


@functools.cache
def programme_fields_not_listed():
    """The fields of a city programme outside PROGRAMME_LISTING_FIELDS (its key aside)."""
    return tuple(
        field.name
        for field in CityProgrammePage._meta.concrete_fields
        if field.name not in PROGRAMME_LISTING_FIELDS and not field.primary_key and field.name != "page_ptr"
    )


def for_listing_programmes(programmes):
    """`programmes` (a CityProgrammePage queryset) with their municipalities and locales, loading only
    PROGRAMME_LISTING_FIELDS of each."""
    return programmes.select_related("municipality", "locale").only(*PROGRAMME_LISTING_FIELDS)


# A tour's programmes (its children, home/tree.py), by the public rule: SQL compiled once per process
# (`PreparedQuery`), the tour's `child_range` its parameters.
TOUR_PROGRAMMES = PreparedQuery(
    "a tour's programmes",
    lambda path, end, depth: for_listing_programmes(
        CityProgrammePage.objects.filter(children_between(path, end, depth)).live().public()
    ).order_by("municipality__sort_name"),
)


# A tour's participants in their order, by the public rule: SQL compiled once per process (`PreparedQuery`).
TOUR_PARTICIPANTS = PreparedQuery(
    "a tour's participants",
    lambda tour_id: (
        for_naming(DefenderPage.objects.public())
        .filter(edition_participations__page=tour_id)
        .order_by("edition_participations__sort_order")
    ),
)


PROGRAMME_EVENTS = PreparedQuery(
    "a programme's public events",
    lambda programme_id: Event.objects.public(CityProgrammePage.objects.filter(pk=programme_id)).for_listing(
        with_programmes=False
    ),
)
# The rows of the programmes' events lately shown (`PreparedQuery.remembered`), in a store of their own: the large
# site has 540 programmes, about seventeen events each (some 10 KB of rows).
_programme_events_read = {}
MAX_PROGRAMME_EVENTS_READ = 1024


def group_by_day(events):
    days = {}
    for event in events:
        days.setdefault(event.day, []).append(event)
    return sorted(days.items())


class EditionDefender(Orderable):
    """A defender on a tour. Not translated: the same people tour in every language (see `localised_defenders`)."""

    page = ParentalKey(EditionPage, on_delete=models.CASCADE, related_name="participating_defenders")
    defender = models.ForeignKey(
        "defenders.DefenderPage",
        on_delete=models.CASCADE,
        related_name="edition_participations",
        verbose_name=_("defender"),
    )

    panels = [FieldPanel("defender")]

    class Meta(Orderable.Meta):
        verbose_name = _("participating defender")
        verbose_name_plural = _("participating defenders")


def defender_label(page):
    """A defender in a chooser: the name shown and the country (DefenderPage.chooser_label)."""
    return page.chooser_label()


class EventsPanel(InlinePanel):
    """The events of a programme, whose defender choices depend on who edits (see CityProgrammeForm)."""

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            offer = getattr(self.form, "offer_defenders_in", None)
            if offer is not None:
                offer(self.empty_child.form)


class CityProgrammeForm(SameLanguageChoicesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_defenders()
        self._keep_the_municipality()

    def _keep_the_municipality(self):
        """Council staff edit their own city's programme: which city it is stays as the consortium set it, whatever
        a crafted form sends (a disabled field keeps its initial value), or they could hand it to another council."""
        user = getattr(self, "for_user", None)
        field = self.fields.get("municipality")
        if field is not None and self.instance.pk and user is not None and is_municipal_staff_only(user):
            field.disabled = True
            # Shown as what it is, the city, without the chooser's "choose another" and "edit" actions, which
            # offered every municipality and then kept this one without a word.
            municipality = self.instance.municipality
            field.widget = forms.Select(choices=[(municipality.pk, str(municipality))] if municipality else [])

    def _offer_defenders(self):
        """Each event's defenders: one profile per person, in the programme's language; council staff are offered
        public defenders only (the others, chosen by the consortium, stay on the event without being listed)."""
        formset = self.formsets.get("events")
        parent = self.parent_page if self.instance.pk is None else None
        locale_id = self.instance.locale_id or (parent.locale_id if parent is not None else None)
        self._offered_defenders = None
        if formset is None or locale_id is None:
            return
        offered = DefenderPage.objects.filter(locale_id=locale_id).select_related("person").order_by("title")
        user = getattr(self, "for_user", None)
        self._hides_defenders = user is not None and is_municipal_staff_only(user)
        if self._hides_defenders:
            offered = offered.filter(pk__in=DefenderPage.objects.offered_to_councils().values("pk"))
        self._offered_defenders = offered
        for form in formset.forms:
            self.offer_defenders_in(form)

    def offer_defenders_in(self, event_form):
        """Limit one event form's defenders to what this user may be offered (EventsPanel calls it for the blank
        form a new event starts from, which the formset makes anew each time)."""
        field = event_form.fields.get("defenders")
        if field is not None and getattr(self, "_offered_defenders", None) is not None:
            field.queryset = self._offered_defenders
            field.label_from_instance = defender_label

    def save(self, commit=True):
        instance = super().save(commit=False)
        if getattr(self, "_hides_defenders", False):
            self._keep_unoffered_defenders(instance)
        if commit:
            instance.save()
            self.save_m2m()
        return instance

    def _keep_unoffered_defenders(self, instance):
        """What council staff were not shown must not be lost when they save: those defenders stay linked."""
        offered = set(self._offered_defenders.values_list("pk", flat=True))
        unoffered = {}
        for form in self.formsets["events"].forms:
            if form.instance.pk:
                linked = [defender.pk for defender in form.initial.get("defenders", [])]
                unoffered[form.instance.pk] = [pk for pk in linked if pk not in offered]
        for event in instance.events.all():
            if unoffered.get(event.pk):
                kept = self._offered_defenders.model.objects.filter(pk__in=unoffered[event.pk])
                event.defenders = [*event.defenders.all(), *kept]

    def clean(self):
        cleaned_data = super().clean()
        municipality = cleaned_data.get("municipality")
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if municipality and parent is not None:
            clash = duplicate_programme(parent, municipality, self.instance)
            if clash:
                self.add_error(
                    "municipality",
                    _("%(municipality)s already has a programme in this tour: edit “%(title)s” instead.")
                    % {"municipality": municipality.name, "title": clash.title},
                )
        return cleaned_data


def duplicate_programme(tour, municipality, programme):
    """Another programme of `municipality` in `tour` (same language), or None."""
    siblings = CityProgrammePage.objects.child_of(tour).filter(municipality=municipality)
    if programme.pk:
        siblings = siblings.exclude(pk=programme.pk)
    return siblings.first()


class CityProgrammePage(RoutablePageMixin, BasePage):
    """One municipality's programme within a tour: its events, by day."""

    municipality = models.ForeignKey(
        "home.Municipality", on_delete=models.PROTECT, related_name="programmes", verbose_name=_("municipality")
    )
    intro = models.TextField(_("introduction"), blank=True)
    local_partners = models.TextField(_("local partners"), blank=True)
    contact = models.TextField(_("contact"), blank=True, help_text=_("Public contact for this programme."))
    # Phone numbers and e-mail addresses: the same in every language, never sent to translators.
    synchronised_text_fields = ("contact",)

    base_form_class = CityProgrammeForm
    content_panels = BasePage.content_panels + [
        FieldPanel("municipality"),
        FieldPanel("intro"),
        FieldPanel("local_partners"),
        FieldPanel("contact"),
        EventsPanel("events", label=_("Events"), heading=_("Events")),
    ]
    edit_handler = with_print_kit_tab(content_panels, BasePage.promote_panels, BasePage.settings_panels)
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("municipality")]
    override_translatable_fields = BASE_PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("municipality"),
        TranslatableField("intro"),
        TranslatableField("local_partners"),
        SynchronizedField("contact"),
        TranslatableField("events"),
    ]
    parent_page_types = ["editions.EditionPage"]
    subpage_types = []
    # What its page reads besides itself, loaded with it when it is served (home/queries.py `with_translations`).
    public_select_related = ("municipality",)

    class Meta:
        verbose_name = _("city programme")
        verbose_name_plural = _("city programmes")

    def clean(self):
        super().clean()
        if self.municipality_id and self.pk and self.depth:
            parent = self.get_parent()
            if parent and duplicate_programme(parent, self.municipality, self):
                raise ValidationError({"municipality": _("This municipality already has a programme in this tour.")})

    def public_events(self):
        return Event.objects.public(CityProgrammePage.objects.filter(pk=self.pk))

    def share_card_facts(self):
        """The city, the tour, and the days of its public events (else the tour's dates)."""
        facts = super().share_card_facts()
        tour = self.get_parent().specific
        days = [timezone.localtime(start).date() for start in self.public_events().values_list("start", flat=True)]
        dates = date_range(min(days), max(days)) if days else date_range(tour.start_date, tour.end_date)
        facts.lines = [self.municipality.name, tour.title, dates]
        return facts

    def events_outside_tour(self):
        """Events (any audience) falling outside the tour's dates: a warning for editors, not an error."""
        tour = self.get_parent().specific
        outside = []
        for event in self.events.all():
            day = site_time(event.start).date() if event.start else None
            if day and ((tour.start_date and day < tour.start_date) or (tour.end_date and day > tour.end_date)):
                outside.append(event)
        return outside

    def get_context(self, request, *args, **kwargs):
        from .agenda import in_programmes, to_public_events

        # Not paginated: every event's address elsewhere (agenda, tour, feeds, JSON-LD) is an anchor on this page.
        # One city's programme in one tour is bounded by the tour's days.
        context = super().get_context(request, *args, **kwargs)
        # Every event's programme is this page: not loaded again with each of them. Its events are read once until
        # content changes, as rows: they do not leave the programme as time passes (the events' instances are made
        # afresh at every render).
        listed = PROGRAMME_EVENTS.remembered(self.pk, store=_programme_events_read, limit=MAX_PROGRAMME_EVENTS_READ)
        rows = in_programmes(listed, [self])
        events = to_public_events(request, rows)
        # The page names and links its tour: the parent as routing read it, without loading it again as a tour.
        context["tour"] = self.get_parent()
        context["events"] = events
        context["days"] = group_by_day(events)
        return context

    @path("")
    def programme(self, request):
        return self.render(request)

    @re_path(file_route(CALENDAR_FILE), name="calendar")
    def calendar(self, request):
        from .calendars import calendar_response

        return calendar_response(request, self.public_events(), name=self.title, filename=f"{self.slug}.ics")

    @re_path(format_lazy(r"^{}-(?P<key>[0-9a-f-]{{36}})\.ics/?$", escaped(EVENT_FILE_PREFIX)), name="event_calendar")
    def event_calendar(self, request, key):
        """One public event as a calendar of its own (`<programme>/event-<key>.ics`), so that "Add to calendar"
        next to an event adds that event, not the whole programme. Built like every other feed (calendars.py)."""
        from .calendars import calendar_response

        events = self.public_events().filter(translation_key=key)
        if not events.exists():
            raise Http404
        return calendar_response(request, events, name=self.title, filename=f"{self.slug}-{key}.ics")

    @classmethod
    def event_calendar_path(cls, event):
        """The route of `event`'s own calendar under its programme's URL, in the active language: the route reversed
        once per language with a sample key, the event's key put in its place (a `reverse()` for each of a page's
        cards)."""
        before, after = _event_calendar_route(translation.get_language(), cls)
        return f"{before}{event.translation_key}{after}"


# A key the route's pattern takes, found in no reversed path but in its own place.
SAMPLE_KEY = "00000000-0000-0000-0000-000000000000"


@once_per_language
def _event_calendar_route(language, model):
    """(what comes before the key, what comes after it) in the path of an event's calendar in `language` (route names
    are translated: home/routes.py)."""
    before, after = model.get_resolver().reverse("event_calendar", key=SAMPLE_KEY).split(SAMPLE_KEY)
    return before, after


class EventQuerySet(models.QuerySet):
    def public(self, programmes=None):
        """Events the public may know of, on live, unrestricted programmes (see visibility.py).

        `programmes` (a CityProgrammePage queryset) narrows the list to those programmes; the rule still applies to
        them (only their live, unrestricted ones count). Narrowing here rather than with a second `page__in` lets the
        database start from those few programmes instead of walking the events of every public programme (a tour's
        event queries cost ~5 ms each on the large site that way, ~0.5 ms this way)."""
        programmes = CityProgrammePage.objects.all() if programmes is None else programmes
        return self.filter(audience__in=PUBLIC_AUDIENCES, page__in=programmes.live().public())

    def public_each_in(self, programmes):
        """The rule of `public()` among `programmes`, asked of each event about its own programme (a correlated
        EXISTS) rather than by listing the programmes first: for the few events of one person among a language's
        hundreds of programmes (a defender's profile and calendar), which the database then reads from the person's
        events."""
        own_programme = programmes.live().public().filter(pk=OuterRef("page_id"))
        return self.filter(audience__in=PUBLIC_AUDIENCES).filter(Exists(own_programme))

    def public_in(self, programmes):
        """The rule of `public()` among `programmes` (or their ids), already loaded as live and public (a tour page and
        a city's profile list them): without asking the database again which programmes the public may see."""
        return self.filter(audience__in=PUBLIC_AUDIENCES, page__in=[getattr(each, "pk", each) for each in programmes])

    def in_language(self, locale_id):
        """Events of programmes in `locale_id`, asked of the event's own language as well (Wagtail gives a programme's
        events its language): a list of a language's events from the soonest, bounded by `ending_from`, then reads
        them in the order of their index (`event_language_start`) from that bound and stops after the events it
        shows, rather than sorting every upcoming event of the language. Not for a count, nor for one city's events:
        there the database does better starting from the programmes (`event_programme_upcoming`)."""
        return self.filter(locale=locale_id, page__locale=locale_id)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def ending_from(self, since, earliest_start):
        """The events that end at `since` or later (`upcoming(since)`), asked as well to start at `earliest_start` or
        later: with `earliest_start_for(since)`, which leaves none of them out, an index by start (above) is read
        from there rather than from the first event of all, however many tours have passed."""
        return self.upcoming(since).filter(start__gte=earliest_start)

    def for_listing(self, with_programmes=True):
        """With each event's defender ids (`defender_ids`, see agenda.to_public_events): a subquery, so that a filter
        on defenders never narrows the list, and the defenders are then loaded, localised, in one query. Without
        their programmes (`with_programmes=False`) for a page that has loaded them already (`agenda.in_programmes`)."""
        links = (
            Event.defenders.through.objects.filter(event_id=OuterRef("pk"))
            .order_by()
            .values("event_id")
            .annotate(ids=IdList("defenderpage_id"))
            .values("ids")
        )
        events = self
        if with_programmes:
            # Only what a listing reads of a programme (PROGRAMME_LISTING_FIELDS): the others left out by name, since
            # `only()` would need every field of the event named too.
            events = self.select_related("page", "page__municipality", "page__locale").defer(
                *(f"page__{name}" for name in programme_fields_not_listed())
            )
        return events.annotate(defender_ids=Subquery(links)).order_by(
            "start", "page__municipality__sort_name", "sort_order"
        )


def earliest_start_for(since):
    """The earliest start of an event that ends at `since` or later: `since` less the longest any event lasts, which
    each process remembers until content changes (saving an event moves the generation: cdhr_cms/cache.py)."""
    longest = remember_until_content_changes("the longest event", _longest_event)
    try:
        # In UTC: Python subtracts from a time in Madrid on its clock, an hour off across a change of summer time.
        return since.astimezone(datetime.UTC) - longest
    except OverflowError:
        # An event that lasts millennia (an end in the year 9999 for "permanent"): from the first event of all.
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _longest_event():
    longest = Event.objects.aggregate(longest=Max(SecondsBetween("start", "end")))["longest"]
    # A second more than the database's arithmetic in days (SQLite) may round away.
    return datetime.timedelta(seconds=math.ceil(max(longest or 0, 0)) + 1)


class SecondsBetween(Func):
    """The seconds from one date-time column to another, in the database's own arithmetic: Django's subtraction of
    two date-times calls a Python function for each row in SQLite (24 ms over the large site's 9,000 events, where
    this takes 1.5). SQLite and PostgreSQL, as the rest of the site."""

    arity = 2
    output_field = models.FloatField()

    def __init__(self, start, end, **extra):
        # The later one first, as the SQL subtracts.
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"SecondsBetween is written for SQLite and PostgreSQL, not {connection.vendor}.")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(JULIANDAY(%(expressions)s)) * 86400.0",
            arg_joiner=") - JULIANDAY(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)", arg_joiner=" - ", **extra_context
        )


class IdList(Aggregate):
    """The ids as one comma-separated string: GROUP_CONCAT in SQLite, STRING_AGG in PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')",
            **extra_context,
        )


class Event(LoadedAsRows, TranslatableMixin, ClusterableModel, Orderable):
    """One event of a city programme. Titles, descriptions and venue names are translated; the rest is shared."""

    page = ParentalKey(CityProgrammePage, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=255)
    event_type = models.CharField(_("type"), max_length=20, choices=EventType.choices, default=EventType.PUBLIC_TALK)
    start = models.DateTimeField(_("start"), help_text=_("Europe/Madrid time."))
    end = models.DateTimeField(_("end"), help_text=_("Europe/Madrid time."))
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.CharField(
        _("venue address"), max_length=255, blank=True, help_text=_("Only published for events open to the public.")
    )
    defenders = ParentalManyToManyField(
        "defenders.DefenderPage", blank=True, related_name="events", verbose_name=_("defenders taking part")
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        blank=True,
        help_text=_(
            "Private events are never shown to the public; by-invitation events are shown without their address. "
            "Left empty: school visits and institutional meetings are private, everything else is public."
        ),
    )
    languages = models.CharField(_("languages"), max_length=120, blank=True)
    interpretation = models.CharField(_("interpretation"), max_length=255, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    accessibility_notes = models.CharField(_("accessibility notes"), max_length=255, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("audience")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("venue_name"), FieldPanel("venue_address")]),
        FieldPanel("defenders", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("languages"), FieldPanel("interpretation")]),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("sign_language"),
                FieldPanel("induction_loop"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Accessibility"),
        ),
        FieldPanel("registration_url"),
        FieldPanel("description"),
    ]
    override_translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("venue_name"),
        TranslatableField("languages"),
        TranslatableField("interpretation"),
        TranslatableField("accessibility_notes"),
        SynchronizedField("event_type"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("venue_address"),
        SynchronizedField("defenders"),
        SynchronizedField("audience"),
        SynchronizedField("step_free_access"),
        SynchronizedField("sign_language"),
        SynchronizedField("induction_loop"),
        SynchronizedField("registration_url"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # The agenda's count, a municipality's profile and the cities' calendars ask for programmes' events that
            # have not ended yet (and, bounded by `ending_from`, that start after a time) and that the public may see:
            # found in this index without reading the events' rows (the large site's agenda: 2.4-3.3 ms to count its
            # upcoming events in SQLite, 0.9 ms with it).
            models.Index(fields=["page", "end", "audience", "start"], name="event_programme_upcoming"),
            # The agenda, its calendar and the home page list a language's public events from the soonest, a page at
            # a time (`EventQuerySet.in_language`): read in this index's order from the earliest start an upcoming
            # event can have (`ending_from`), the database stops after the page's events rather than sorting every
            # upcoming event of the language (the large site's agenda: 1.6 → 0.2 ms in SQLite).
            models.Index(fields=["locale", "start"], name="event_language_start"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # The title is a calendar SUMMARY and a line of the programme: one line, no control characters.
        refuse_control_characters_in(self, "title")
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    def save(self, *args, **kwargs):
        if not self.audience:
            self.audience = default_audience(self.event_type)
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return self.anchor_for(self.translation_key)

    @staticmethod
    def anchor_for(translation_key):
        """The id of an event on its programme page, where every other channel links to it."""
        return f"event-{translation_key}"

    @property
    def uid(self):
        # Stable across edits and re-imports; one per language, since each language's feed is a calendar of its own.
        return f"{self.translation_key}-{self.page.locale.language_code}@ciutatsdefensores.cat"

    def accessibility_features(self):
        features = []
        if self.step_free_access:
            features.append(_("Step-free access"))
        if self.sign_language:
            features.append(_("Sign language interpretation"))
        if self.induction_loop:
            features.append(_("Induction loop"))
        return features
