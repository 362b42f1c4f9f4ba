"""Site search: the visitor's language only, grouped and highlighted, with helpful answers to odd queries."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def results(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in html.select(".search-results a")], html


def test_search_finds_pages_of_the_visitors_language_only(client):
    response = client.get("/en/search/", {"q": "project"})
    assert response.status_code == 200
    titles, html = results(response)
    assert "The project" in titles
    assert all(not title.startswith("El ") for title in titles)
    assert html.select_one(".search-results mark").get_text().lower() == "project"
    catalan_titles, _ = results(client.get("/ca/cerca/", {"q": "projecte"}))
    assert "El projecte" in catalan_titles


def test_results_are_grouped_by_page_type(client):
    _titles, html = results(client.get("/es/buscar/", {"q": "proyecto"}))
    headings = [h2.get_text(strip=True) for h2 in html.select("main h2")]
    assert headings and len(headings) == len(set(headings))


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 200, "Type one or more words"),
        ("x" * 10_000, 400, "too long"),
        ("!!!???", 400, "no letters or numbers"),
        ("zzzqqqnothing", 200, "Nothing matched"),
    ],
)
def test_empty_or_absurd_queries_get_a_helpful_page(client, query, status, message):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == status
    assert message in response.content.decode()


def test_highlighting_escapes_html_in_queries(client):
    response = client.get("/en/search/", {"q": "<script>alert(1)</script> project"})
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_results_come_in_the_search_backends_order(language):
    """home/search.py scores the matches in one pass over the full-text index (Wagtail's SQLite backend scores them
    in a subquery per page), with the SQL compiled once and the words as its parameter: the same pages, in the same
    order, as the backend's own relevance ordering, whatever the words."""
    from django.utils import translation

    from home.search import MAX_RESULTS, ranked_page_ids, searchable_pages

    punctuated = ("(drets", "drets*", "^drets", "drets.", "drets-humans")
    with translation.override(language):
        compared, found_punctuated = 0, 0
        for query in (
            "de",
            "la",
            "the",
            "project projecte proyecto",
            "drets",
            "defensora",
            "human rights",
            "2026",
            "rights",
            "tour",
            "defenders",
            # Words that are operators of the full-text index's own syntax, which the backend quotes.
            "drets OR humans",
            "NOT drets",
            "drets AND",
            "title: drets",
            "l'acollida",
            "defensors, drets.",
            *punctuated,
        ):
            expected = [page.pk for page in searchable_pages().search(query, operator="and")[:MAX_RESULTS]]
            assert ranked_page_ids(query) == expected, query
            compared += len(expected) > 1
            found_punctuated += query in punctuated and len(expected) > 0
        assert compared >= 2  # some of them order several pages
        if language == "ca":
            # The punctuation around a word is the backend's to drop: each of these finds pages.
            assert found_punctuated == len(punctuated)


def test_a_defender_raised_to_protected_leaves_the_next_search_at_once(client):
    """Site search runs SQL compiled once per process (home/search.py), and reads some of its rule once until content
    changes; the safety rule (`KEPT_OUT`) is read at every search, so a person raised to protected leaves the next
    search even before the content changes anywhere else, and even if their profile's entry survived in the
    full-text index."""
    from defenders.factories import DefenderPageFactory
    from defenders.models import Defender, DefenderIndexPage
    from defenders.safety import SafetyLevel

    index = DefenderIndexPage.objects.get(locale__language_code="ca")
    defender = DefenderPageFactory(
        parent=index, slug="quasi-visible", display_name="Quasivisible Zebradefensora", safety_level=SafetyLevel.PUBLIC
    )
    titles, _html = results(client.get("/ca/cerca/", {"q": "Zebradefensora"}))
    assert titles == ["Quasivisible Zebradefensora"]
    # Another search first, with other words, through the same compiled SQL.
    assert "El projecte" in results(client.get("/ca/cerca/", {"q": "projecte"}))[0]
    # An update that no signal sees: the profile stays in the full-text index and no cache generation moves.
    Defender.objects.filter(pk=defender.person_id).update(safety_level=SafetyLevel.PROTECTED)
    response = client.get("/ca/cerca/", {"q": "Zebradefensora"})
    assert results(response)[0] == []
    assert b"Quasivisible" not in response.content


def test_results_follow_each_page_published_unpublished_or_restricted_after_a_search(client):
    """Which pages are open to search (live, public, the visitor's language) is read once until content changes
    (home/search.py `open_to_search`): a page published after a search is found by the next one, and one unpublished
    or restricted to logged-in visitors leaves it at once."""
    from wagtail.models import Page, PageViewRestriction

    from home.models import StandardPage

    home = Page.objects.get(depth=2, locale__language_code="ca").specific

    def found():
        return "Pàgina Zebraquagga" in results(client.get("/ca/cerca/", {"q": "Zebraquagga"}))[0]

    assert not found()
    page = home.add_child(instance=StandardPage(title="Pàgina Zebraquagga", slug="zebraquagga", live=False))
    page.save_revision().publish()
    assert found()
    page.refresh_from_db()  # published through its revision: this copy still says it is a draft
    page.unpublish()
    assert not found()
    page.save_revision().publish()
    assert found()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert not found()
    restriction.delete()
    assert found()


def test_results_follow_the_words_of_a_page_changed_after_a_search(client, committed):
    """A page whose own text takes a word, which moves no content generation (a change of a standard page's
    `page_only_fields`, cdhr_cms/cache.py), is found by the next search for it, and leaves it when it loses the word:
    what search remembers until content changes (home/search.py `open_to_search`) is not its words."""
    from wagtail.models import Page

    from cdhr_cms.cache import generations
    from home.models import StandardPage

    home = Page.objects.get(depth=2, locale__language_code="ca").specific
    with committed():
        page = home.add_child(
            instance=StandardPage(title="Pàgina de prova", slug="prova", intro="Res a dir.", live=False)
        )
        page.save_revision().publish()

    def found():
        return "Pàgina de prova" in results(client.get("/ca/cerca/", {"q": "Zebraparaula"}))[0]

    def publish_intro(text):
        page.refresh_from_db()
        page.intro = text
        before = generations()
        with committed():
            page.save_revision().publish()
        after = generations()
        # Only the words generation moved: the change is the page's own text.
        assert (after[0], after[1]) == (before[0], before[1]) and after[2] != before[2]

    assert not found()
    publish_intro("Una Zebraparaula al text.")
    assert found()
    publish_intro("Res a dir.")
    assert not found()
