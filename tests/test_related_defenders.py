"""A profile's related defenders: the first four by name, in the profile's language, among the listed defenders who
share a theme or the country (`DefenderPage.related_defenders`)."""

import pytest
from bs4 import BeautifulSoup

from defenders.factories import DefenderPageFactory
from defenders.models import DefenderIndexPage, Theme
from defenders.safety import SafetyLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return DefenderIndexPage.objects.get(locale__language_code="ca")


def profile(index, name, country, themes, level=SafetyLevel.PUBLIC):
    page = DefenderPageFactory(
        parent=index, slug=name.lower().replace(" ", "-"), display_name=name, country=country, safety_level=level
    )
    page.themes.set([Theme.objects.get(locale__language_code="ca", slug=slug) for slug in themes])
    page.save()
    return page


def related_names(client, page):
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [link.get_text() for link in html.select("ul.related-defenders a")]


def test_the_first_four_by_name_sharing_a_theme_or_the_country(client, index):
    me = profile(index, "Maria Who Is Shown", "CO", ["peace"])
    profile(index, "Zoe Shares A Theme", "KE", ["peace"])
    profile(index, "Dora Shares A Theme", "KE", ["peace"])
    profile(index, "Bea Same Country", "CO", ["land-environment"])
    profile(index, "Carla Both", "CO", ["peace"])
    profile(index, "Ana Shares A Theme", "MX", ["peace", "land-environment"])
    profile(index, "Aaron Neither", "KE", ["land-environment"])
    profile(index, "Abel Protected", "CO", ["peace"], level=SafetyLevel.PROTECTED)

    # Zoe shares a theme too, but comes fifth by name.
    assert related_names(client, me) == [
        "Ana Shares A Theme",
        "Bea Same Country",
        "Carla Both",
        "Dora Shares A Theme",
    ]


def test_a_change_of_people_or_profiles_shows_at_once(client, index):
    """The related defenders are remembered until content changes: a person made protected, or a profile published,
    must show on the next view of a profile that listed them before."""
    me = profile(index, "Maria Who Is Shown", "CO", ["peace"])
    ana = profile(index, "Ana Shares A Theme", "MX", ["peace"])
    profile(index, "Bea Same Country", "CO", ["land-environment"])
    assert related_names(client, me) == ["Ana Shares A Theme", "Bea Same Country"]

    person = ana.person
    person.safety_level = SafetyLevel.PROTECTED
    person.save()
    assert related_names(client, me) == ["Bea Same Country"]

    profile(index, "Aaron Same Country", "CO", ["land-environment"])
    assert related_names(client, me) == ["Aaron Same Country", "Bea Same Country"]


def test_a_profiles_themes_follow_each_change_at_the_next_view(client, index):
    # A profile's themes are read once until content changes (`PROFILE_THEMES.remembered`): a theme chosen, renamed
    # or taken off the profile must show on its next view, and the related defenders with it.
    me = profile(index, "Maria Who Is Shown", "CO", ["peace"])
    ana = profile(index, "Ana Shares A Theme", "MX", ["land-environment"])

    def themes():
        term = BeautifulSoup(client.get(me.url).content, "html.parser").find("dt", string="Temes")
        return term.find_next_sibling("dd").get_text() if term else ""

    peace = Theme.objects.get(locale__language_code="ca", slug="peace")
    assert themes() == peace.name and related_names(client, me) == []
    me.themes.set([peace, Theme.objects.get(locale__language_code="ca", slug="land-environment")])
    me.save_revision().publish()
    assert themes() == "Territori i medi ambient, Pau" and related_names(client, me) == [ana.person.display_name]
    peace.name = "Pau i memòria"
    peace.save()
    assert themes() == "Territori i medi ambient, Pau i memòria"
    me.themes.set([])
    me.save_revision().publish()
    assert themes() == "" and related_names(client, me) == []
