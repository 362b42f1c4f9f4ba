"""Loading public events for pages, feeds and hooks in a constant number of queries, and the agenda's filters."""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, Min, Q
from django.forms.models import ModelChoiceIterator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cdhr_cms.cache import fragment
from defenders.models import DefenderPage
from defenders.safety import public_view
from home.models import Municipality
from home.pagination import listing_page
from home.queries import CompiledListing, PreparedQuery, holds_at, remember_until_content_changes
from home.widgets import PlainSelect

from .models import ENDS_OF_A_TOUR, CityProgrammePage, Event, earliest_start_for, for_listing_programmes, for_naming
from .visibility import EventType, public_event

# The agenda and a tour's page list this many events a page and link to the next ones: their size does not grow with
# the site or the tour (issue 21). Twelve full cards (about 17 KB of HTML) rather than twenty: a phone's reader
# scrolls a day or two of a tour at a time, and each card costs its page about 50 microseconds to read and write,
# which had left both pages slower than the defender directory's eight cards. The programmes, the tours' and
# programmes' calendar files and the open data keep the whole list.
AGENDA_PAGE_SIZE = 12
EVENTS_PAGE_SIZE = 12
# The agenda's and a municipality's calendars are subscriptions, bounded so that they stay small however many
# events the site holds (issue 21): the events of the last 30 days (calendar applications drop what a feed no longer
# holds: a subscriber keeps what they went to) and of the next six months, the soonest 300 at most. The agenda's
# filters apply within that window; the tours', programmes' and events' own calendars and the open data hold the rest.
CALENDAR_DAYS_BEFORE = 30
CALENDAR_DAYS_AHEAD = 183
CALENDAR_MAX_EVENTS = 300
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


# The people named next to events, and their translations: SQL compiled once per process (`PreparedQuery`), the ids
# or keys and the locale its parameters.
TRANSLATED_DEFENDERS = PreparedQuery(
    "defenders in a language",
    lambda keys, locale_id: for_naming(
        DefenderPage.objects.public().filter(translation_key__in=keys, locale_id=locale_id)
    ),
)


def _defenders_and_translations(ids, locale_id):
    keys = DefenderPage.objects.filter(pk__in=ids).values("translation_key")
    # The pages themselves and their translations in `locale_id` share their translation keys: found through the
    # (translation_key, locale) index rather than by walking every page in tree order (3x faster on the large site).
    public = (
        DefenderPage.objects.public().filter(translation_key__in=keys).filter(Q(pk__in=ids) | Q(locale_id=locale_id))
    )
    return for_naming(public.order_by())


DEFENDERS_AND_TRANSLATIONS = PreparedQuery("defenders and their translations", _defenders_and_translations)


def localised_defenders(defenders, locale_id, remembered=False):
    """The live, public version of each defender in `locale` (falling back to the one given), in order, once each.

    Events and tours are shared across languages and may point at the Catalan profiles: a visitor reading Spanish
    should land on the Spanish profile. One query whatever the number of defenders; none with `remembered`, once
    the same translations were read since content last changed (`PreparedQuery.remembered`: a tour's participants,
    themselves remembered so).
    """
    defenders = [defender for defender in defenders if defender is not None]
    keys = {defender.translation_key for defender in defenders if defender.locale_id != locale_id}
    read = TRANSLATED_DEFENDERS.remembered if remembered else TRANSLATED_DEFENDERS
    translations = {page.translation_key: page for page in read(sorted(keys), locale_id)}
    result, seen = [], set()
    for defender in defenders:
        localised = translations.get(defender.translation_key, defender)
        if localised.translation_key not in seen:
            seen.add(localised.translation_key)
            result.append(localised)
    return result


def participant_mentions(request, tour, localised):
    """The DefenderMentions of a tour's participants (`localised`: as `localised_defenders` gives them from
    `tour.public_defenders()`), remembered until content changes for the tour, the language (the countries' names)
    and the request's site (an address is relative to it), rather than naming each of them (address, name, country)
    afresh at every render: sixteen on the demo's tour. Any change of a person, a profile or the tour moves the
    generation, as for the rows they are made from."""

    def named():
        return tuple(defender.public.mention(request) for defender in localised)

    if getattr(request, "is_preview", False):
        # A preview names a revision's participants, not the published tour's: never kept under the tour's key.
        return named()
    site = Site.find_for_request(request)
    key = ("participants", tour.pk, get_language(), site.pk if site else None)
    return remember_until_content_changes(key, named, store=_tours_read, limit=MAX_TOURS_READ)


def participants_by_id(defenders, localised):
    """{id: localised version} for `defenders` (public pages, as `DefenderPage.objects.public()` finds them) and
    `localised`, what `localised_defenders` made of them: the same answer `localised_by_id` gives for their ids."""
    by_key = {defender.translation_key: defender for defender in localised}
    return {defender.pk: by_key[defender.translation_key] for defender in defenders if defender is not None}


def localised_by_id(ids, locale_id):
    """{id: the live, public version in `locale_id` of the defender with this id (else that defender itself)} for
    the public ones among `ids`, in one query: the pages and their translations together."""
    pages = DEFENDERS_AND_TRANSLATIONS(list(ids), locale_id)
    local = {page.translation_key: page for page in pages if page.locale_id == locale_id}
    return {page.pk: local.get(page.translation_key, page) for page in pages if page.pk in ids}


def to_public_events(request, events, named=None, addresses=None):
    """PublicEvents for already-loaded Event rows (loaded with `Event.objects.for_listing()`). `named` and
    `addresses`: see `to_public_event_lists`."""
    return to_public_event_lists(request, events, named=named, addresses=addresses)[0]


def to_public_event_lists(request, *event_lists, named=None, addresses=None):
    """PublicEvents for several lists of loaded Event rows of one language, one list each: their defenders are
    loaded in one query for all the lists (a tour page shows a page of events and its openings and closings).

    `named` is {id: the live, public version in the events' language of the defender with this id}, as
    `participants_by_id` gives for people a page has already loaded by the same rule (a tour's participants): those
    need no query, and the query reads only the others, if any. `addresses` is {programme id: its address for the
    request}, as a page that links the programmes has already written them (a tour's cities): only the others are
    asked of Wagtail. The others are read at every call, however long the events' rows are remembered: a person's
    name and safety level are read afresh, even after an `UPDATE` that no signal saw."""
    events = [event for events in event_lists for event in events]
    if not events:
        return [[] for _events in event_lists]
    # Every feed and listing is of one language: the events' own.
    locale_id = events[0].page.locale_id
    linked = {event.pk: [int(pk) for pk in (event.defender_ids or "").split(",") if pk] for event in events}
    wanted = {pk for ids in linked.values() for pk in ids}
    named = named or {}
    by_id = {pk: named[pk] for pk in wanted if pk in named}
    by_id.update(localised_by_id(wanted - by_id.keys(), locale_id))
    urls = dict(addresses or {})
    # Each person's public view made once, however many events name them (the same few people on a page of cards).
    views = {defender.pk: public_view(defender) for defender in by_id.values()}
    language = get_language()

    def to_public(event):
        if event.page_id not in urls:
            urls[event.page_id] = event.page.get_url(request) or ""
        found = {by_id[pk].pk: by_id[pk] for pk in linked[event.pk] if pk in by_id}
        defenders = sorted(found.values(), key=lambda defender: (defender.title, defender.pk))
        return public_event(
            event, urls[event.page_id], public_defenders=[views[d.pk] for d in defenders], language=language
        )

    public = [[to_public(event) for event in events] for events in event_lists]
    return [[event for event in events if event is not None] for events in public]


def load_public_events(request, queryset, limit=None):
    queryset = queryset.for_listing()
    if limit:
        queryset = queryset[:limit]
    return to_public_events(request, list(queryset))


# What is remembered of the tours lately shown: by their programmes' ids, their events' count (`TourListing`) and
# their openings' and closings' rows (`event_mentions`); by tour, how they name their participants
# (`participant_mentions`). A store of its own, since every tour in every language has its own (90 on the large site).
_tours_read = {}
MAX_TOURS_READ = 512
# The rows of the pages of tours' events lately shown, apart: the large site's 90 tours have some nine pages each,
# which would empty the store above again and again under a crawl.
_tour_pages_read = {}
MAX_TOUR_PAGES_READ = 2048


def events_page(request, programmes):
    """One page (`?page=`) of the public events of `programmes` (loaded as live and public), as Event rows loaded
    without their programmes (see `in_programmes`); a page number past the last is "not found" (home/pagination.py).
    Its SQL is compiled once per process (`CompiledListing`)."""
    listing = TourListing(EVENTS_OF_PROGRAMMES.key, EVENTS_OF_PROGRAMMES.build, [each.pk for each in programmes])
    return listing_page(Paginator(listing, EVENTS_PAGE_SIZE), request)


class TourListing(CompiledListing):
    """A tour's public events, counted, and each page of them read, once per process until content changes
    (`remember_until_content_changes`, `PreparedQuery.remembered`): every page (`?page=`) of the tour's events counts
    the same ones, and only a change of content changes them (a tour's events do not leave it as time passes, as the
    agenda's do). The events are made afresh from the rows at every render."""

    def rows(self, offset, limit):
        return self.query.remembered(
            *self.arguments, window=(offset, limit), store=_tour_pages_read, limit=MAX_TOUR_PAGES_READ
        )

    def count(self):
        (programme_ids,) = self.arguments
        return remember_until_content_changes(
            ("count", tuple(programme_ids)), super().count, store=_tours_read, limit=MAX_TOURS_READ
        )


# The rows of the tours' calendars lately served, apart again: each holds every event of a tour (on the large site
# about a hundred, some 110 KB of rows), where a page of its events holds twelve. Room for every tour of the large
# site (90, its three languages), so that a crawl does not empty it: some 10 MB at most.
_tour_calendars_read = {}
MAX_TOUR_CALENDARS_READ = 128


def every_event_of(programmes):
    """Every public event of a tour's `programmes` (loaded as live and public), as Event rows loaded without their
    programmes, for its calendar: read once per process until content changes, as the pages of them
    (`TourListing`), and made afresh from the rows at every call."""
    return EVENTS_OF_PROGRAMMES.remembered(
        [programme.pk for programme in programmes], store=_tour_calendars_read, limit=MAX_TOUR_CALENDARS_READ
    )


def _events_of_programmes(programme_ids):
    return Event.objects.public_in(programme_ids).for_listing(with_programmes=False)


# Every public event of some programmes: a tour's calendar reads them all, its page a window of them (`events_page`).
EVENTS_OF_PROGRAMMES = PreparedQuery("public events of programmes", _events_of_programmes)


def in_programmes(events, programmes):
    """`events`, loaded without their programmes, each given its own from `programmes` (loaded with their
    municipalities and locales). Every caller reads the events among those very programmes, so none is missing; an
    event whose programme were not among them would be left out rather than shown without one."""
    by_id = {programme.pk: programme for programme in programmes}
    kept = []
    for event in events:
        if event.page_id in by_id:
            event.page = by_id[event.page_id]
            kept.append(event)
    return kept


# The programmes of some events, with what the events read of them: SQL compiled once per process.
PROGRAMMES_WITH_CITIES = PreparedQuery(
    "programmes with their municipalities and locales",
    lambda ids: for_listing_programmes(CityProgrammePage.objects.filter(pk__in=ids)),
)


def with_programmes(events):
    """`events`, loaded without their programmes, each given its own (with its municipality and locale) from one
    query for the few programmes they are in: a listing of a page of events sorts and builds narrower rows that way
    than with a copy of programme, page, municipality and locale joined to each."""
    ids = sorted({event.page_id for event in events})
    # Read once until content changes: only an edit changes a programme, its city or its language.
    return in_programmes(
        events, PROGRAMMES_WITH_CITIES.remembered(ids, store=_event_programmes_read, limit=MAX_EVENT_PROGRAMMES_READ)
    )


# The programmes of the events listed lately (`with_programmes`), by their ids: each page of the agenda for each set of
# filters, and each calendar, has its own few.
_event_programmes_read = {}
MAX_EVENT_PROGRAMMES_READ = 1024


@dataclass(frozen=True)
class EventMention:
    """An event named in passing (a tour's openings and closings at the top of its page): its title, its address, its
    city and its day; never its venue or the people taking part."""

    title: str
    url: str
    city: str
    start: object
    event_type: str


ENDS_OF_TOUR_ROWS = PreparedQuery(
    "the openings and closings of some programmes",
    lambda programme_ids: (
        Event.objects.public_in(programme_ids)
        .filter(event_type__in=ENDS_OF_A_TOUR)
        .order_by("start", "page__municipality__sort_name", "sort_order")
        .values_list("title", "start", "event_type", "translation_key", "page_id")
    ),
)


def event_mentions(programmes, addresses):
    """EventMentions of the openings and closings among the public events of `programmes` (a tour's, loaded with
    their municipalities: each event's city comes from its own), in programme order, read as rows: every event of a
    tour can be an opening (one per city, 30 on a large tour), and building each as a PublicEvent with its defenders
    made a fifth of the tour page's time. `addresses`: {programme id: its address for the request}.

    The rows are remembered until content changes (`remember_until_content_changes`): they are the same at every
    page (`?page=`) of the tour's events, and any change of an event, a programme, a municipality or a restriction
    moves the generation."""
    by_id = {programme.pk: programme for programme in programmes}
    ids = tuple(by_id)
    rows = remember_until_content_changes(
        ("ends", ids), lambda: list(ENDS_OF_TOUR_ROWS(list(ids))), store=_tours_read, limit=MAX_TOURS_READ
    )
    return [
        EventMention(
            title,
            f"{addresses[page_id]}#{Event.anchor_for(key)}",
            by_id[page_id].municipality.name,
            start,
            event_type,
        )
        for title, start, event_type, key, page_id in rows
    ]


class RowChoiceIterator(ModelChoiceIterator):
    """The options as (value, label) rows of one `values_list` query: the defender filter lists every public
    defender, and building a profile page per option made most of the agenda's render time. The field still
    validates a choice against its whole queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.option_rows()


class RowChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are read as rows: `to_field_name` is the value, `label_field` the label
    (the model's `__str__`, so that a choice reads the same as with the default field).

    With `kept_as` ((name, language), set by the form), the rows are kept with the site chrome until content changes
    (`cdhr_cms.cache.fragment`): they depend on pages, people, view restrictions, locales and municipalities, every
    save or deletion of which moves the content generation (a person's, a profile's, a restriction's and a locale's
    at once, as a safety change), and the options are then read afresh. Reading the agenda's 500 defenders took
    0.8 ms at every render on the large site. A submitted choice is still checked against the queryset itself."""

    iterator = RowChoiceIterator

    def __init__(self, *args, label_field, **kwargs):
        self.label_field = label_field
        self.kept_as = None
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        # Two choices may share a value (two profiles of one slug, in two sites' directories): such a value is not one
        # choice, and is answered as any value that is not, rather than by the ORM's MultipleObjectsReturned (a 500).
        try:
            return super().to_python(value)
        except self.queryset.model.MultipleObjectsReturned:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def option_rows(self):
        def read():
            return list(self.queryset.values_list(self.to_field_name, self.label_field))

        if self.kept_as is None:
            return read()
        name, language = self.kept_as
        return fragment(name, language, read)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateBox(forms.DateInput):
    """A browser's date box (`type="date"`), which HTML lets hold a real date or nothing: what an address carried
    that is not a date ("bad", "2026-13-45") is not written back into it. The field's error message names it."""

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
            return value
        return None


class AgendaFilterForm(forms.Form):
    city = RowChoiceField(
        queryset=Municipality.objects.none(),
        to_field_name="slug",
        label_field="name",
        required=False,
        widget=PlainSelect,
        label=_("City"),
        empty_label=_("All cities"),
    )
    defender = RowChoiceField(
        queryset=Municipality.objects.none(),
        to_field_name="slug",
        label_field="title",
        required=False,
        label=_("Defender"),
        empty_label=_("All defenders"),
        widget=PlainSelect,
    )
    type = forms.ChoiceField(required=False, label=_("Type of event"))
    # Bounded, so that a date such as 9999-12-31 is a form error rather than an overflow when a day is added to it.
    date_from = forms.DateField(
        required=False,
        label=_("From"),
        widget=DateBox(),
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )
    date_to = forms.DateField(
        required=False,
        label=_("To"),
        widget=DateBox(),
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the cities with a programme the public may see: a draft or a restricted programme must not announce,
        # through the filter, that a city is preparing a visit. In any language, so that a filter kept by the
        # language switcher stays valid where a programme is not translated yet.
        public_programmes = CityProgrammePage.objects.live().public()
        cities = Municipality.objects.filter(pk__in=public_programmes.values("municipality_id"))
        self.fields["city"].queryset = cities.order_by("sort_name")  # "el Prat" under P (home/collation.py)
        # An option shows the name (the page's title: the person's display name) and sends the address.
        self.fields["defender"].queryset = DefenderPage.objects.public().filter(locale=locale).order_by("title")
        if locale is not None:
            self.fields["city"].kept_as = ("agenda-cities", "")
            self.fields["defender"].kept_as = ("agenda-defenders", locale.language_code)
        self.fields["type"].choices = [("", _("All types")), *EventType.choices]

    def clean(self):
        cleaned_data = super().clean()
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_to < date_from:
            raise forms.ValidationError(_("The end of the date range is before its start."))
        return cleaned_data


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sets_a_filter(request):
    return any(name in request.GET for name in AgendaFilterForm.base_fields)


def agenda_filters(request, locale, since=None):
    """(form, the arguments of `_agenda_events`): the filters the GET parameters set, when they are valid.

    Most readers set none, and then no form is made (None): with every filter optional, no filter at all is valid,
    and making and checking the form (it builds the query sets that check a choice) took a tenth of the agenda's
    render."""
    since = since or timezone.now()
    if not sets_a_filter(request):
        return None, (locale.pk, since, earliest_start_for(since), None, None, None, None, None)
    form = AgendaFilterForm(request.GET, locale=locale)
    data = form.cleaned_data if form.is_valid() else {}
    city, defender = data.get("city"), data.get("defender")
    date_from, date_to = data.get("date_from"), data.get("date_to")
    starts_from = _local_midnight(date_from) if date_from else None
    return form, (
        locale.pk,
        since,
        earliest_start_for(max(since, starts_from or since)),
        city.pk if city else None,
        defender.translation_key if defender else None,
        data.get("type") or None,
        starts_from,
        _local_midnight(date_to + datetime.timedelta(days=1)) if date_to else None,
    )


def _agenda_events(locale_id, since, earliest_start, city_id, defender_key, event_type, starts_from, starts_before):
    """The agenda's rule and filters; a filter that is None is not set. `earliest_start`: the earliest an event that
    ends after `since` and `starts_from` can start (`earliest_start_for`)."""
    queryset = Event.objects.public().ending_from(since, earliest_start).filter(page__locale=locale_id)
    if city_id is not None:
        queryset = queryset.filter(page__municipality=city_id)
    if defender_key is not None:
        with_defender = Event.objects.filter(defenders__translation_key=defender_key)
        queryset = queryset.filter(pk__in=with_defender.values("pk"))
    if event_type is not None:
        queryset = queryset.filter(event_type=event_type)
    if starts_from is not None:
        queryset = queryset.filter(end__gte=starts_from)
    if starts_before is not None:
        queryset = queryset.filter(start__lt=starts_before)
    return queryset


def calendar_window():
    """(since, until): a subscription calendar holds the events that end after `since` and start before `until`."""
    now = timezone.now()
    return now - datetime.timedelta(days=CALENDAR_DAYS_BEFORE), now + datetime.timedelta(days=CALENDAR_DAYS_AHEAD)


def in_calendar_window(queryset):
    since, until = calendar_window()
    return queryset.upcoming(since).filter(start__lt=until)


def calendar_window_description():
    """What a windowed calendar holds, in the active language (its X-WR-CALDESC)."""
    return _(
        "Public events from %(days)s days ago to six months ahead (the %(count)s soonest at most). Each tour and "
        "city programme has a calendar with all of its events."
    ) % {"days": CALENDAR_DAYS_BEFORE, "count": CALENDAR_MAX_EVENTS}


def calendar_events(request, locale):
    """(form, events): the agenda calendar's events, the agenda's filters within the calendar's window (above), the
    CALENDAR_MAX_EVENTS soonest, loaded as `calendar_response` reads them; none when a filter is invalid."""
    since, until = calendar_window()
    form, arguments = agenda_filters(request, locale, since)
    if form is not None and not form.is_valid():
        return form, []
    return form, AGENDA_CALENDAR.window(0, CALENDAR_MAX_EVENTS, *arguments, until)


def _agenda_calendar(*arguments):
    *filters, until = arguments
    events = _in_start_order(_agenda_events(*filters), *filters)
    return events.filter(start__lt=until).for_listing(with_programmes=False)


# SQL compiled once per process for each combination of filters set (`PreparedQuery`), as the agenda's own listing.
AGENDA_CALENDAR = PreparedQuery("the agenda's calendar", _agenda_calendar)


class AgendaListing(CompiledListing):
    """The agenda's listing, counted by `agenda_count`, each page of it read once until content changes or one of
    its events ends (`PreparedQuery.remembered_until_one_ends`): as time passes, events only leave the agenda, and
    until the soonest end among them (which its count notes) every page stays what it was."""

    def count(self):
        return agenda_count(self.arguments)

    def rows(self, offset, limit):
        locale_id, since, _earliest_start, *filters = self.arguments
        _count, until = counted_until(self.arguments)
        return self.query.remembered_until_one_ends(
            *self.arguments,
            now=since,
            key=(locale_id, *filters),
            # No event to end: the same (empty) page until content changes.
            until=until or datetime.datetime.max.replace(tzinfo=datetime.UTC),
            window=(offset, limit),
            store=_agenda_pages_read,
            limit=MAX_AGENDA_PAGES_READ,
        )


# The agenda's pages lately shown, by language, filters and window (`AgendaListing.rows`).
_agenda_pages_read = {}
MAX_AGENDA_PAGES_READ = 1024


# The agenda's counts, by language and filters (`agenda_count`).
_agenda_counts = {}
MAX_AGENDA_COUNTS = 256


def agenda_count(arguments):
    """How many events the agenda lists for `arguments` (those of `_agenda_events`), remembered by this process
    until content changes or one of them ends, whichever comes first (`counted_until`)."""
    return counted_until(arguments)[0]


def counted_until(arguments):
    """(how many events the agenda lists for `arguments`, the soonest end among them or None), remembered by this
    process until content changes or one of them ends, whichever comes first. Counting a language's upcoming events
    was the agenda's slowest query (a millisecond on the large site, for every page and filter). As time passes,
    events only leave the list, when they end (`since` moves past their end; `earliest_start` only narrows what the
    index reads): until the soonest end among them, the count stays what it was."""
    locale_id, since, _earliest_start, *filters = arguments

    def counted():
        found = _agenda_events(*arguments).aggregate(count=Count("pk"), until=Min("end"))
        return found["count"], found["until"], since

    count, until, _read_at = remember_until_content_changes(
        ("agenda count", locale_id, *filters),
        counted,
        store=_agenda_counts,
        limit=MAX_AGENDA_COUNTS,
        still_valid=lambda remembered: holds_at(since, remembered[2], remembered[1]),
    )
    return count, until


def _agenda_listing(*arguments):
    return _in_start_order(_agenda_events(*arguments), *arguments).for_listing(with_programmes=False)


def _in_start_order(events, locale_id, since, earliest_start, city_id, *filters):
    """The agenda's events to be read from the soonest, a page or a calendar's worth: through the index of the
    language's events by start, unless one city is asked for, whose few programmes the database starts from."""
    return events.in_language(locale_id) if city_id is None else events


def filters_form(request, index_page, form):
    """The agenda's filter form, written: `form` as `agenda_filters` made it. Most readers open the agenda without a
    filter (`form` is None), and then the form (its hundreds of options, its labels and boxes) is the same for
    everyone in one language until content changes: it is remembered as written (`remember_until_content_changes`),
    as the options themselves are (`RowChoiceField`)."""

    def write(form):
        return render_to_string("editions/includes/agenda_filters.html", {"form": form, "page": index_page}, request)

    if form is not None:
        return write(form)
    return remember_until_content_changes(
        ("agenda filters", index_page.pk, get_language()),
        lambda: write(AgendaFilterForm(request.GET, locale=index_page.locale)),
    )


def agenda_context(request, index_page):
    from .models import group_by_day

    form, arguments = agenda_filters(request, index_page.locale)
    filters = filters_form(request, index_page, form)
    if form is not None and not form.is_valid():
        return {"filters": filters, "events": [], "days": [], "invalid": True, "query": "", "filters_in_address": ""}
    # Its SQL compiled once per process for each combination of filters set (`CompiledListing`).
    listing = AgendaListing("the agenda", _agenda_listing, *arguments)
    paginator = Paginator(listing, AGENDA_PAGE_SIZE)
    page = listing_page(paginator, request)
    events = to_public_events(request, with_programmes(list(page.object_list)))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "paginator_page": page,
        "events": events,
        "days": group_by_day(events),
        "invalid": False,
        "query": query.urlencode(),
        # The same filters for the calendar's address: "?city=girona", or nothing (not a bare "?").
        "filters_in_address": f"?{query.urlencode()}" if query else "",
    }
