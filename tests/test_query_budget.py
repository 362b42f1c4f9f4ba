"""Query budget (issue "Quality", issue 18): every public page type runs at most 15 SQL queries, uncached (the page
cache is off in tests; per-process caches are warmed by a first request, as on a running server), and the same
number with ten times the content. The figures are printed (run with -s) for the report."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from defenders.models import Defender, DefenderPage, PortraitText, Theme
from defenders.safety import SafetyLevel
from editions.factories import madrid
from editions.models import CityProgrammePage, EditionPage, Event
from home.models import Municipality, StandardPage
from news.models import NewsPage
from resources.models import ResourcePage
from statements.models import Endorsement, StatementPage

pytestmark = pytest.mark.django_db
# 15 since issue 18. Since issue 21 the site and the home page of the reader's language are remembered per process
# (home/serving.py), and the busiest are one profile through the API (12) and a defender's profile (10, in Catalan
# and Spanish).
BUDGET = 15


def live(model, language="ca", **filters):
    return model.objects.live().filter(locale__language_code=language, **filters).order_by("path")


def public_urls():
    """One URL of every public page type and route, in Catalan, and the main ones in Spanish."""
    defender = live(DefenderPage, person__safety_level=SafetyLevel.PUBLIC).exclude(person__portrait=None).first()
    programme = live(CityProgrammePage).filter(events__isnull=False).distinct().first()
    tour = programme.get_parent().specific
    statement = live(StatementPage).order_by("-year").first()
    endorsed = Endorsement.objects.public().filter(statement__translation_key=statement.translation_key).first()
    theme = Theme.objects.filter(locale__language_code="ca", live=True).first()
    news = live(NewsPage).first()
    resource = live(ResourcePage).first()
    urls = {
        "home": "/ca/",
        "standard page": live(StandardPage, slug="el-projecte").first().url,
        "accessibility statement": live(StandardPage, slug="accessibilitat").first().url,
        "news index": news.get_parent().url,
        "news page": news.url,
        "news RSS": news.get_parent().url + "rss.xml",
        "news Atom": news.get_parent().url + "atom.xml",
        "search results": search_url("ca", "drets"),
        "sitemap": "/sitemap.xml",
        "sitemap, one language": "/sitemap-ca.xml",
        "robots": "/robots.txt",
        "defender directory": defender.get_parent().url,
        "defender directory, by country": defender.get_parent().url + f"?country={defender.person.country.code}",
        "defender directory, by theme": defender.get_parent().url + f"?theme={theme.slug}",
        "defender directory CSV": defender.get_parent().url + "csv/",
        "defender directory feed": defender.get_parent().url + "feed/",
        "defender profile": defender.url,
        "defender calendar": f"/ca/calendaris/defensors/{defender.slug}.ics",
        "tour directory": tour.get_parent().url,
        "tour page": tour.url,
        "tour calendar": tour.url + "calendari.ics",
        "tour press room": tour.url + "premsa/",
        "tour press photos (zip)": tour.url + "press-photos.zip",
        "city programme": programme.url,
        "programme calendar": programme.url + "calendari.ics",
        "one event's calendar": programme.url
        + f"acte-{Event.objects.public().filter(page=programme).first().translation_key}.ics",
        "agenda": tour.get_parent().url + "agenda/",
        "agenda, by city": tour.get_parent().url + f"agenda/?city={programme.municipality.slug}",
        "agenda calendar": tour.get_parent().url + "agenda/calendari.ics",
        "statement index": statement.get_parent().url,
        "statement page": statement.url,
        "statement CSV": statement.url + "endorsements.csv",
        "statement JSON": statement.url + "endorsements.json",
        "statement badge SVG": statement.url + f"badge/{endorsed.municipality.slug}.svg",
        "resource directory": resource.get_parent().url,
        "resource page": resource.url,
        "contact page": "/ca/contacte/",
        "municipality list": "/ca/ciutats/",
        "municipality profile": f"/ca/ciutats/{programme.municipality.slug}/",
        "municipality calendar": f"/ca/ciutats/{programme.municipality.slug}/calendari.ics",
        "page not found": "/ca/no-such-page/",
        # The API's first page of 20 items, each with its language and, for profiles, what their public view shows.
        "API, pages": "/api/v2/pages/?fields=*",
        "API, defender profiles": "/api/v2/pages/?type=defenders.DefenderPage&fields=*",
        "API, one profile": f"/api/v2/pages/{defender.pk}/",
    }
    spanish = {
        "home": "/es/",
        "defender directory": live(DefenderPage, "es").first().get_parent().url,
        "defender profile": live(DefenderPage, "es").filter(translation_key=defender.translation_key).first().url,
        "tour page": live(EditionPage, "es").filter(translation_key=tour.translation_key).first().url,
        "tour press room": live(EditionPage, "es").filter(translation_key=tour.translation_key).first().url + "prensa/",
        "city programme": live(CityProgrammePage, "es").filter(translation_key=programme.translation_key).first().url,
        "statement page": live(StatementPage, "es").filter(translation_key=statement.translation_key).first().url,
        "news page": live(NewsPage, "es").first().url,
        "search results": search_url("es", "derechos"),
    }
    urls.update({f"{name} (es)": url for name, url in spanish.items()})
    return urls


def search_url(language, text):
    with translation.override(language):
        return reverse("search") + f"?q={text}"


def count_queries(client, url):
    client.get(url)  # content just changed: warm the per-process caches (site root paths, chrome fragments)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == (404 if "no-such-page" in url else 200), url
    return len(queries)


def copies(page, times):
    """`times` published copies of `page` beside it."""
    for number in range(times):
        names = {"title": f"{page.title} {number}"}
        if isinstance(page, DefenderPage):
            # Another person each time, with the same facts under another name.
            person = Defender.objects.get(pk=page.person_id)
            texts = list(person.portrait_texts.all())
            person.pk, person.display_name = None, f"{person.display_name} {number}"
            person.legal_name = f"{person.legal_name} {number}"
            person.portrait_texts = [PortraitText(language=t.language, alt_text=t.alt_text) for t in texts]
            person.save()
            names = {"person": person}
        page.copy(update_attrs={"slug": f"{page.slug}-copy-{number}", **names}, keep_live=True)


def grow_content(factor):
    """Add (factor - 1) times the demo's defenders, news, resources, events and endorsements, in Catalan."""
    more = factor - 1
    for defender in live(DefenderPage)[:4]:
        copies(defender, more * 4)
    copies(live(NewsPage).first(), more * 3)
    copies(live(ResourcePage).first(), more * 8)
    programmes = list(live(CityProgrammePage))
    defenders = list(live(DefenderPage, person__safety_level=SafetyLevel.PUBLIC))
    existing = Event.objects.count()
    events = [
        Event(
            page=programmes[number % len(programmes)],
            locale=programmes[0].locale,
            sort_order=1000 + number,
            title=f"Extra event {number}",
            event_type="talk",
            audience=("public", "invitation", "private")[number % 3],
            start=madrid(2027, 4, 12 + number % 10, 9 + number % 10),
            end=madrid(2027, 4, 12 + number % 10, 10 + number % 10),
            venue_name="Sala",
            venue_address="Carrer 1",
        )
        for number in range(existing * more)
    ]
    Event.objects.bulk_create(events)
    through = Event.defenders.through
    through.objects.bulk_create(
        [
            through(event_id=event.pk, defenderpage_id=defenders[number % len(defenders)].pk)
            for number, event in enumerate(events)
        ]
    )
    statement = live(StatementPage).order_by("-year").first()
    towns = Municipality.objects.bulk_create(
        [
            Municipality(
                name=f"Poble {number}",
                slug=slugify(f"poble-{number}"),
                comarca="Prova",
                province="Girona",
                latitude=42,
                longitude=2,
            )
            for number in range(Endorsement.objects.public().count() * more)
        ]
    )
    template = Endorsement.objects.public().filter(statement=statement).first()
    for town in towns:
        Endorsement.objects.create(
            statement=statement,
            municipality=town,
            status=Endorsement.Status.VERIFIED,
            adopting_body=template.adopting_body,
            adoption_date=template.adoption_date or datetime.date(2026, 3, 1),
            reference=f"PLE/{town.slug}",
            signatory_name=template.signatory_name,
            signatory_role=template.signatory_role,
        )


@pytest.fixture
def demo(db):
    call_command("setup_site", demo=True, stdout=io.StringIO())


def test_every_public_page_type_stays_within_the_budget_at_two_sizes(client, demo, settings):
    # The whole sitemap in one file at both sizes: ten times the content would make it an index (measured apart,
    # "sitemap, one language" being one of its files).
    settings.SITEMAP_INDEX_FROM = 10**9
    urls = public_urls()
    small = {name: count_queries(client, url) for name, url in urls.items()}
    print("\nqueries at 1×:", small)
    grow_content(10)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    print("\nqueries at 1× / 10× content:")
    for name in urls:
        print(f"  {name:40} {small[name]:3} {large[name]:3}")
    assert {name: count for name, count in small.items() if count > BUDGET} == {}
    assert large == small
