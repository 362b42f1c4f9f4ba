"""The directory: GET filters with counts, bad input, pagination, and a constant query budget."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from defenders.factories import DefenderPageFactory, make_image
from defenders.levels import raise_level
from defenders.models import DefenderIndexPage, Theme
from defenders.safety import SafetyLevel
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def catalan(message):
    """The directory under test is the Catalan one: its messages are in Catalan."""
    with translation.override("ca"):
        return translation.gettext(message)


# The budget for every public page (see tests/test_query_budget.py for all of them).
QUERY_BUDGET = 12


@pytest.fixture
def index():
    return DefenderIndexPage.objects.get(locale__language_code="ca")


def make_defenders(index, count, start=0):
    peace = Theme.objects.get(locale__language_code="ca", slug="peace")
    land = Theme.objects.get(locale__language_code="ca", slug="land-environment")
    portrait = make_image("Shared portrait")
    pages = []
    for number in range(start, start + count):
        page = DefenderPageFactory(
            parent=index,
            slug=f"d-{number}",
            display_name=f"Person {number:04d}",
            country=["CO", "MX", "KE"][number % 3],
            safety_level=[SafetyLevel.PUBLIC, SafetyLevel.LIMITED][number % 2],
            portrait=portrait if number % 2 == 0 else None,
            portrait_alt="alt",
            portrait_credit="credit",
        )
        page.themes.set([peace] if number % 2 else [peace, land])
        page.save()
        pages.append(page)
    return pages


def test_filters_and_counts(client, index):
    make_defenders(index, 6)
    html = client.get(index.url, {"country": "CO"}).content.decode()
    assert "Person 0000" in html and "Person 0003" in html and "Person 0001" not in html
    assert '<option value="CO" selected>' in html
    theme_html = client.get(index.url, {"theme": "land-environment"}).content.decode()
    assert "Person 0000" in theme_html and "Person 0001" not in theme_html
    # Country counts under the theme filter: 0, 2, 4 are land-environment → CO:0, KE:2, MX:4 one each.
    assert "(1)" in theme_html
    both = client.get(index.url, {"q": "Person 0004"}).content.decode()
    assert "Person 0004" in both and "Person 0002" not in both


@pytest.mark.parametrize(
    "params",
    [{"country": "ZZ"}, {"theme": "no-such-theme"}, {"page": "999"}, {"page": "0"}, {"country": "<script>"}],
)
def test_bad_filters_give_a_message_not_a_500(client, index, params):
    make_defenders(index, 3)
    response = client.get(index.url, params)
    # A page past the last one is not found (no address of its own for search engines), and still says why.
    assert response.status_code == (404 if "page" in params else 200)
    html = response.content.decode()
    assert catalan("No results.") in html and "Person 0000" not in html
    assert "<script>" not in html


@pytest.mark.parametrize("number", ["abc", "", "1.5"])
def test_an_unreadable_page_number_shows_the_first_page(client, index, number):
    # As every listing does (home/pagination.py): a typo or an old link still lands on the directory's first page.
    make_defenders(index, 3)
    response = client.get(index.url, {"page": number})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card defender-card"') == 3
    assert catalan("There is no such page of results.") not in html


def test_pagination_keeps_filters(client, index):
    make_defenders(index, 30)
    html = client.get(index.url, {"theme": "peace"}).content.decode()
    assert html.count('class="card defender-card"') == 8
    assert 'href="?theme=peace&amp;page=2"' in html and 'aria-current="page"' in html
    second = client.get(index.url, {"theme": "peace", "page": 2}).content.decode()
    assert second.count('class="card defender-card"') == 8


def test_each_listing_address_has_its_own_pagination(client, index):
    """Paginations are written once per language, page, number of pages and filters (home/templatetags/site_tags.py
    `pagination`): another filter, page, number of pages or language never gets one written for the first."""

    def pagination(url, **query):
        nav = BeautifulSoup(client.get(url, query).content, "html.parser").find("nav", class_="pagination")
        current = nav.find("span", attrs={"aria-current": "page"}).get_text(" ", strip=True)
        return current, [link["href"] for link in nav.find_all("a")], nav["aria-label"]

    make_defenders(index, 30)
    first = pagination(index.url, theme="peace")
    assert first[0].endswith("1") and "?theme=peace&page=2" in first[1]
    # Every profile has the theme: the same page of as many pages, without the filter.
    assert pagination(index.url)[1] == [href.replace("theme=peace&", "") for href in first[1]]
    assert pagination(index.url, country="CO")[1][0].startswith("?country=CO&page=")
    assert pagination(index.url, theme="peace", page=2)[0].endswith("2")
    make_defenders(index, 30, start=30)
    assert "?theme=peace&page=8" in pagination(index.url, theme="peace")[1]

    from django.core.paginator import Paginator

    from home.templatetags.site_tags import pagination as written

    page = Paginator(range(30), 8).page(1)
    with translation.override("es"):
        spanish = written({}, page)
    with translation.override("en"):
        english = written({}, page)
    assert 'aria-label="Paginación"' in spanish and 'aria-label="Pagination"' in english


def test_query_count_is_constant(client, index):
    pages = make_defenders(index, 20)
    profile = pages[0]
    small = (count_queries(client, index.url), count_queries(client, profile.url))
    make_defenders(index, 480, start=20)
    large = (count_queries(client, index.url), count_queries(client, profile.url))
    print(f"\nqueries directory/profile: 20 defenders {small}, 500 defenders {large}")
    # No growth with 25 times the defenders (a per-request cache warmed by the first size may only lower it).
    assert all(big <= few for big, few in zip(large, small, strict=True))
    assert max(small) <= QUERY_BUDGET


def test_filter_by_tour_year(client, index):
    from editions.factories import edition_index, make_tour
    from editions.models import EditionDefender

    pages = make_defenders(index, 4)
    tour = make_tour(
        edition_index(index.get_parent()),
        slug="gira-2031",
        start=datetime.date(2031, 4, 1),
        end=datetime.date(2031, 4, 9),
        edition_number=21,
    )
    EditionDefender.objects.create(page=tour, defender=pages[1], sort_order=0)
    response = client.get(index.url, {"year": "2031"})
    html = BeautifulSoup(response.content, "html.parser")
    names = [card.get_text(" ", strip=True) for card in html.select(".defender-card__name")]
    assert len(names) == 1 and pages[1].person.display_name in names[0]
    option = html.select_one('#filter-year option[value="2031"]')
    assert option.has_attr("selected") and "(1)" in option.get_text()


@pytest.mark.parametrize("year", ["1850", "twenty", "2031'--"])
def test_unknown_tour_year_gives_a_message(client, index, year):
    response = client.get(index.url, {"year": year})
    assert response.status_code == 200
    assert "No hi va haver cap gira" in response.content.decode()


def test_what_the_directory_remembers_follows_every_change(client, index):
    """The listed profiles, their countries and themes are remembered between requests (defenders/directory.py
    `_unfiltered`): a raise hides a person from the next request's cards and counts, and a new profile is counted."""
    pages = make_defenders(index, 4)  # CO, MX, KE, CO

    def country_option(html, code):
        return BeautifulSoup(html, "html.parser").select_one(f'#filter-country option[value="{code}"]').get_text()

    before = client.get(index.url).content.decode()
    assert "Person 0000" in before and "(2)" in country_option(before, "CO")

    raise_level(pages[0].person, None, "protected", "Quiet Heron", "Consent withdrawn")
    after = client.get(index.url).content.decode()
    assert "Person 0000" not in after and "Quiet Heron" not in after
    assert "(1)" in country_option(after, "CO")
    assert "Person 0000" not in client.get(index.url, {"country": "CO"}).content.decode()

    make_defenders(index, 1, start=4)  # MX
    added = client.get(index.url).content.decode()
    assert "Person 0004" in added and "(2)" in country_option(added, "MX")
