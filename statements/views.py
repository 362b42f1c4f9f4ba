"""Public side of statements: what the statement page, the index, the home page and the municipality profile show,
the badge and the verified supporting document. Everything goes through `Endorsement.objects.public()`."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from home.addresses import link_to
from home.models import Municipality
from home.pagination import listing_page
from home.queries import PreparedQuery, active_locale
from home.site_url import absolute_url

from .graphics import badge_width, chart_data, map_data
from .models import STATEMENT_LINK_FIELDS, Endorsement, StatementPage

# The statement page lists this many endorsements and links to the next ones (issue 21); the map shows them all (one
# dot each), the CSV and JSON list them all.
ENDORSEMENTS_PAGE_SIZE = 100


def _without_statement(endorsements):
    """Public endorsements with their municipality but not their statement: a statement page (multi-table, with its
    streams) built per endorsement when the page shows none of it."""
    return endorsements.select_related(None).select_related("municipality")


# What statement pages and the statements' index read lately: a statement's endorsements, the years and cities of
# the index's table, the statements under an index. Read once until content changes: a statement's publication and an
# endorsement's verification or withdrawal are changes.
_statements_read = {}
MAX_STATEMENTS_READ = 256


def statement_context(request, page):
    endorsements = sorted(
        STATEMENT_ENDORSEMENTS.remembered(page.translation_key, store=_statements_read, limit=MAX_STATEMENTS_READ),
        key=lambda e: e.municipality.sort_name,
    )
    listed = listing_page(Paginator(endorsements, ENDORSEMENTS_PAGE_SIZE), request)
    return {
        "endorsements": listed.object_list,
        "paginator_page": listed,
        "endorsement_map": map_data([endorsement.municipality for endorsement in endorsements]),
        "window_open": page.window_is_open(),
    }


@dataclass(frozen=True)
class EndorsementTableRow:
    """A municipality's row in the index's table: its name, its profile's address and, for each year of the table,
    whether it endorsed that year's statement. Plain data, made from rows rather than from an endorsement and its
    municipality for each of hundreds of endorsements (400 on the large site), which had been most of the index's
    render."""

    name: str
    url: str
    years: tuple


def endorsement_table(statement_keys, years):
    """The index's table: a row per municipality that endorsed any of the statements `statement_keys` (their
    translation keys), in the order of the municipalities' list, and the count of endorsements per year."""
    endorsed, names = {}, {}
    counts = Counter()
    rows = ENDORSED_BY_YEAR.remembered(statement_keys, store=_statements_read, limit=MAX_STATEMENTS_READ)
    for year, pk, name, slug, sort_name in rows:
        endorsed.setdefault(pk, set()).add(year)
        names[pk] = (sort_name, name, slug)
        counts[year] += 1
    table = tuple(
        EndorsementTableRow(name, Municipality.profile_url(slug), tuple(y in endorsed[pk] for y in years))
        for pk, (_sort_name, name, slug) in sorted(names.items(), key=lambda item: item[1][:2])
    )
    return table, counts


def index_context(index_page):
    statements = index_page.statements(store=_statements_read, limit=MAX_STATEMENTS_READ)
    years = sorted({statement.year for statement in statements})
    table, counts = endorsement_table([statement.translation_key for statement in statements], years)
    return {
        "statements": statements,
        "years": years,
        "endorsement_table": table,
        "endorsement_chart": chart_data({year: counts.get(year, 0) for year in years}),
        "counts_by_year": [(year, counts.get(year, 0)) for year in years],
    }


def _statements_in(locale_id):
    return StatementPage.objects.live().public().filter(locale=locale_id).order_by("-year")


def _latest_statement(locale_id):
    # The count comes with the statement, as a subquery: one query for the section.
    count = (
        Endorsement.objects.public()
        .filter(statement__translation_key=OuterRef("translation_key"))
        .order_by()
        .values("statement__translation_key")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return _statements_in(locale_id).annotate(public_endorsement_count=Coalesce(Subquery(count), 0))[:1]


# What a statement page's table and map show of each endorsing municipality.
MAP_AND_TABLE = ("name", "slug", "sort_name", "latitude", "longitude")

# A statement's page and the statements' index: SQL compiled once per process (`PreparedQuery`), the statements'
# translation keys their parameters.
STATEMENT_ENDORSEMENTS = PreparedQuery(
    "a statement's public endorsements",
    lambda key: (
        _without_statement(Endorsement.objects.public().filter(statement__translation_key=key))
        # What the table and the map show: not the signatory, the reference or the council's own text.
        .only("adopting_body", "adoption_date", "document", *(f"municipality__{field}" for field in MAP_AND_TABLE))
    ),
)
ENDORSED_BY_YEAR = PreparedQuery(
    "the year and municipality of the public endorsements of some statements",
    lambda keys: (
        Endorsement.objects.public()
        .filter(statement__translation_key__in=keys)
        .order_by()
        .values_list(
            "statement__year", "municipality__id", "municipality__name", "municipality__slug", "municipality__sort_name"
        )
    ),
)

# The home page's and a municipality's statement sections: SQL compiled once per process (`PreparedQuery`).
LATEST_STATEMENT = PreparedQuery("the latest statement with its count", _latest_statement)
# A municipality's list of statements links each by its title and year: not their texts, whose streams of
# commitments made most of reading ten statements.
STATEMENTS = PreparedQuery(
    "the statements of a language",
    lambda locale_id: _statements_in(locale_id).only(*STATEMENT_LINK_FIELDS),
)
ENDORSEMENTS_OF = PreparedQuery(
    "a municipality's public endorsements",
    lambda municipality_id: _without_statement(
        Endorsement.objects.public().filter(municipality=municipality_id)
    ).annotate(statement_key=F("statement__translation_key")),
)


def home_section(request, home_page):
    found = LATEST_STATEMENT(active_locale().pk)
    latest = found[0] if found else None
    if latest is None:
        return None
    return {
        "template": "statements/sections/home_latest_statement.html",
        "context": {"statement": latest, "count": latest.public_endorsement_count},
        "order": 40,
    }


@dataclass(frozen=True)
class EndorsementRow:
    """A statement's row in a municipality's table: its year and link, and by which body and on which day the
    municipality endorsed it, when a verified endorsement says so. Plain data: the table is written once for what it
    shows (`{% written_once %}`)."""

    year: int
    url: str
    title: str
    endorsed: bool = False
    body: str = ""
    adopted: datetime.date | None = None


def endorsement_row(request, statement, endorsement):
    link = link_to(statement, statement.title, request)
    if endorsement is None:
        return EndorsementRow(statement.year, link.url, link.text)
    return EndorsementRow(
        statement.year, link.url, link.text, True, str(endorsement.adopting_body_label), endorsement.adoption_date
    )


# What municipalities' profiles read lately: the statements of each language and each municipality's endorsements.
_municipalities_read = {}
MAX_MUNICIPALITIES_READ = 512


def municipality_section(request, municipality):
    # Read once until content changes: a statement's publication and an endorsement's verification are changes.
    statements = STATEMENTS.remembered(active_locale().pk, store=_municipalities_read, limit=MAX_MUNICIPALITIES_READ)
    if not statements:
        return None
    endorsements = ENDORSEMENTS_OF.remembered(
        municipality.pk, store=_municipalities_read, limit=MAX_MUNICIPALITIES_READ
    )
    verified = {endorsement.statement_key: endorsement for endorsement in endorsements}
    rows = tuple(
        endorsement_row(request, statement, verified.get(statement.translation_key)) for statement in statements
    )
    return {
        "template": "statements/sections/municipality_endorsements.html",
        "context": {"municipality": municipality, "rows": rows},
        "order": 50,
    }


def _verified_endorsement(page, municipality_slug):
    municipality = get_object_or_404(Municipality, slug=municipality_slug)
    endorsement = page.public_endorsements().filter(municipality=municipality).first()
    if endorsement is None:
        raise Http404
    return endorsement


def badge_text(endorsement, year):
    return _("%(municipality)s endorses the %(year)s statement") % {
        "municipality": endorsement.municipality.name,
        "year": year,
    }


def badge_svg(request, page, municipality_slug):
    endorsement = _verified_endorsement(page, municipality_slug)
    text = badge_text(endorsement, page.year)
    svg = render_to_string(
        "statements/badge.svg", {"text": text, "width": badge_width(text), "title": _("Cities Defending Human Rights")}
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # Embedded on councils' own sites: loadable from any origin (the site's default Cross-Origin-Resource-Policy is
    # same-origin, which made browsers refuse it there), cacheable for an hour, and no script can run in it.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "public, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    # Kept out of the page cache, whose answers carry its own shorter lifetime (CDHR_BROWSER_CACHE_SECONDS): a badge
    # names a council and a year, nothing a change of safety level must withdraw at once.
    response.page_cache_exempt = True
    return response


def badge_snippet(request, page, endorsement):
    text = badge_text(endorsement, page.year)
    svg_url = absolute_url(
        page.url + page.reverse_subpage("badge_svg", kwargs={"municipality": endorsement.municipality.slug})
    )
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" width="{}" height="28"></a>',
        absolute_url(page.url),
        svg_url,
        text,
        badge_width(text),
    )


def badge_html(request, page, municipality_slug):
    endorsement = _verified_endorsement(page, municipality_slug)
    return HttpResponse(badge_snippet(request, page, endorsement), content_type="text/html; charset=utf-8")


def public_document(request, page, pk):
    """A supporting document is public once (and only while) its endorsement is verified."""
    endorsement = get_object_or_404(page.public_endorsements().select_related("document"), pk=pk)
    if endorsement.document is None:
        raise Http404
    response = FileResponse(endorsement.document.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="endorsement-{page.year}-{endorsement.municipality.slug}.pdf"'
    return response
