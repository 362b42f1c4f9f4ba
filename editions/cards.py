"""An event's card, as the public sees it: on the agenda, a tour, a city programme, the home page, a defender's and a
municipality's profile (`{% event_card event %}`, editions/templatetags/editions_tags.py). It is built from a
PublicEvent (visibility.py), so it cannot say more than the safety rules let through.

Written in Python rather than as an included template: the agenda and a tour page show twenty cards, a city programme
all of its events, and Django's template engine spent about a quarter of a millisecond on each card (some forty
variable lookups, each localised and escaped): a fifth to two fifths of those pages' time. The markup is what the
template wrote (whitespace included), and every value is escaped as Django's autoescaping escapes it:

    <article class="event" id="event-…" aria-labelledby="event-…-title event-…-when">
        <h4 class="event__title" id="event-…-title"><a href="/ca/edicions/…/#event-…">Title</a></h4>
        <p class="event__meta"><span class="event__type">Talk</span> · <span>Open to all</span> · <a href="…">Girona</a>
        </p>
        <dl class="facts">
            <dt>When</dt>
            <dd id="event-…-when"><time datetime="…">Monday 12 April 2027, 18:30</time>–<time datetime="…">20:00</time>
            </dd>
            <dt>Where</dt><dd>Venue, address</dd>
            <dt>With</dt><dd><a href="/ca/defensors/…/">Name</a>, …</dd>
            <dt>Languages</dt><dd>Catalan (interpreting)</dd>
            <dt>Accessibility</dt><dd>Step-free access. Notes</dd>
        </dl>
        <p>Description</p>
        <p class="event__links"><a href="…">Register<span class="visually-hidden">: Title</span></a> · <a href="….ics"
            type="text/calendar">Add this event to your calendar<span class="visually-hidden">: Title</span></a></p>
    </article>
"""

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from home import formatting
from home.catalogues import once_per_language

# As `{{ value }}` writes it: markup already marked safe as it is, anything else escaped. (The card's own words are
# not escaped: Django does not escape what `{% translate "…" %}` gives either, our catalogues being markup.)
from home.markup import text_escape as text
from home.queries import request_memo


def _line(indent, content):
    # A line of the card as the template wrote it (the same bytes, so the pages could be compared before and after):
    # its indentation and newline stay even when a condition leaves it empty.
    return f"{' ' * indent}{content}\n"


@once_per_language
def card_words(language):
    """The words of a card in `language`."""
    # Each called on its own line: makemessages (xgettext) cannot see a call inside an f-string.
    when, where_label, with_label = gettext("When"), gettext("Where"), gettext("With")
    languages_label, accessibility_label = gettext("Languages"), gettext("Accessibility")
    register_label, add_to_calendar = gettext("Register"), gettext("Add this event to your calendar")
    return when, where_label, with_label, languages_label, accessibility_label, register_label, add_to_calendar


def profile_address(page, request):
    """`page.get_url(request)`, once per request for each profile in each language: a page of twenty cards links the
    same few people again and again (40 links to 13 people on the agenda of the large site). A card written without
    the request (an address relative to no site) is remembered apart."""
    return request_memo(
        ("profile address", page.pk, translation.get_language(), id(request)), lambda: page.get_url(request=request)
    )


def event_card(event, request, show_city=False, heading_level=None):
    """The card of `event` (a PublicEvent). `heading_level`: 4 under a day's heading, 3 directly under a section's;
    `show_city`: whether its city is named (not on the city's own programme or profile). Defenders' addresses are
    relative to the request's site, as Wagtail's `{% pageurl %}` makes them."""
    when, where_label, with_label, languages_label, accessibility_label, register_label, add_to_calendar = card_words(
        translation.get_language()
    )
    level = text(heading_level or 4)
    title = text(event.title)
    city = f' · <a href="{text(event.programme_url)}">{text(event.municipality.name)}</a>' if show_city else ""
    location = event.location
    where = f"<dt>{where_label}</dt><dd>{text(location)}</dd>" if location else ""
    with_whom = ""
    if event.defenders:
        names = ", ".join(
            f'<a href="{text(profile_address(defender.page, request))}">{text(defender.name)}</a>'
            for defender in event.defenders
        )
        with_whom = f"<dt>{with_label}</dt><dd>{names}</dd>"
    languages = ""
    if event.languages:
        interpretation = f" ({text(event.interpretation)})" if event.interpretation else ""
        languages = f"<dt>{languages_label}</dt><dd>{text(event.languages)}{interpretation}</dd>"
    accessibility = ""
    if event.accessibility or event.accessibility_notes:
        features = ", ".join(text(feature) for feature in event.accessibility)
        joint = ". " if event.accessibility and event.accessibility_notes else ""
        accessibility = f"<dt>{accessibility_label}</dt><dd>{features}{joint}{text(event.accessibility_notes)}</dd>"
    description = f"<p>{text(event.description)}</p>" if event.description else ""
    hidden_title = f'<span class="visually-hidden">: {title}</span>'
    register = (
        f'<a href="{text(event.registration_url)}">{register_label}{hidden_title}</a> · '
        if event.registration_url
        else ""
    )
    start, end = event.start, event.end
    # Named by its title and its time, which tell apart two cards of the same title (a talk given in two cities):
    # a page of twenty cards is a list of articles that a screen reader announces by name.
    anchor = text(event.event.anchor)
    card = "".join(
        [
            "\n",
            f'<article class="event" id="{anchor}" aria-labelledby="{anchor}-title {anchor}-when">\n',
            _line(4, ""),
            _line(4, ""),
            _line(
                4,
                f'<h{level} class="event__title" id="{anchor}-title"><a href="{text(event.url)}">{title}</a>'
                f"</h{level}>",
            ),
            _line(
                4,
                f'<p class="event__meta"><span class="event__type">{text(event.type_label)}</span> · '
                f"<span>{text(event.audience_label)}</span>{city}</p>",
            ),
            _line(4, '<dl class="facts">'),
            _line(8, f"<dt>{when}</dt>"),
            _line(
                8,
                f'<dd id="{anchor}-when"><time datetime="{text(formatting.iso_datetime(start))}">'
                f"{text(formatting.full_datetime(start))}"
                f'</time>–<time datetime="{text(formatting.iso_datetime(end))}">{text(formatting.short_time(end))}'
                "</time></dd>",
            ),
            _line(8, where),
            _line(8, with_whom),
            _line(8, languages),
            _line(8, accessibility),
            _line(4, "</dl>"),
            _line(4, description),
            _line(
                4,
                f'<p class="event__links">{register}<a href="{text(event.calendar_url)}" type="text/calendar">'
                f"{add_to_calendar}{hidden_title}</a></p>",
            ),
            "</article>\n",
        ]
    )
    return mark_safe(card)  # noqa: S308 - every value in it is escaped above
