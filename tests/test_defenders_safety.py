"""The safety rule, channel by channel: a limited or protected defender's secrets appear in no public output."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from defenders.factories import DefenderPageFactory, make_image
from defenders.models import Defender, DefenderIndexPage, DefenderPage, Theme
from defenders.safety import SafetyLevel, public_view
from home.models import HomePage

pytestmark = pytest.mark.django_db


def catalan(message):
    """The directory under test is the Catalan one: its messages are in Catalan."""
    with translation.override("ca"):
        return translation.gettext(message)


LEVELS = [SafetyLevel.LIMITED, SafetyLevel.PROTECTED]


@pytest.fixture
def index():
    return DefenderIndexPage.objects.get(locale__language_code="ca")


@pytest.fixture
def public_defender(index):
    theme = Theme.objects.get(locale__language_code="ca", slug="peace")
    defender = DefenderPageFactory(
        parent=index,
        slug="open-person",
        display_name="Openly Public Person",
        legal_name="Openly Public Legal",
        safety_level=SafetyLevel.PUBLIC,
        region="Sunnyregion",
        portrait=make_image("OpenPortrait"),
        portrait_alt="A smiling person",
        portrait_credit="Photographer X",
    )
    defender.themes.set([theme])
    defender.save()
    return defender


def _secret_defender(index, level):
    """A defender whose secrets are all distinctive words, so a leak anywhere is found by a substring test."""
    image = make_image(f"Secretportrait{level}")
    theme = Theme.objects.get(locale__language_code="ca", slug="peace")
    defender = DefenderPageFactory(
        parent=index,
        slug=f"hidden-{level}",
        display_name=f"Pseudonymzz{level}",
        legal_name=f"Legalnamezz {level} Secretsurname",
        safety_level=level,
        country="GT",
        region=f"Regionzz{level}",
        organisation=f"Orgzz{level}",
        portrait=image,
        portrait_alt="alt",
        portrait_credit="credit",
        summary=f"Summaryzz {level}",
    )
    defender.themes.set([theme])
    defender.save()
    return defender


@pytest.fixture(params=LEVELS)
def secret(request, index, public_defender):
    return _secret_defender(index, request.param)


def forbidden_strings(defender):
    """What must never appear. The display name is forbidden in listings for protected only (see `listing`)."""
    strings = [
        defender.person.legal_name,
        defender.person.region,
        defender.person.portrait.file.name.rsplit("/", 1)[-1].split(".")[0],
    ]
    return strings


def assert_no_leak(text, defender, listing=False):
    for secret in forbidden_strings(defender):
        assert secret not in text, secret
    if listing and defender.person.safety_level == SafetyLevel.PROTECTED:
        assert defender.person.display_name not in text
    if defender.person.safety_level == SafetyLevel.PROTECTED:
        assert defender.person.organisation not in text


def test_public_view_per_level(secret, public_defender):
    view = public_view(secret)
    assert view.portrait is None and view.region == "" and not view.structured_data
    assert view.name == secret.person.display_name
    assert public_view(public_defender).portrait == public_defender.person.portrait


def test_profile_page(client, secret):
    response = client.get(secret.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_leak(html, secret)
    assert secret.person.display_name in html  # the pseudonym is the profile's name
    # og:image is the profile's share card, drawn without a portrait (tests/test_outputs_social.py checks the PNG).
    assert f'<meta property="og:image" content="{secret.get_full_url()}share-card.png">' in html
    assert "application/ld+json" not in html
    noindex = '<meta name="robots" content="noindex">' in html
    assert noindex == (secret.person.safety_level == SafetyLevel.PROTECTED)


def test_public_profile_shows_everything(client, public_defender):
    html = client.get(public_defender.url).content.decode()
    assert "Sunnyregion" in html and "og:image" in html and "Photographer X" in html
    assert "Openly Public Legal" not in html
    assert '<meta name="robots" content="noindex">' not in html
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Person" and data["name"] == "Openly Public Person"


def test_directory(client, index, secret, public_defender):
    html = client.get(index.url).content.decode()
    assert "Openly Public Person" in html
    assert_no_leak(html, secret, listing=True)
    assert (secret.person.display_name in html) == (secret.person.safety_level == SafetyLevel.LIMITED)


@pytest.mark.parametrize("field", ["legal_name", "region"])
def test_directory_text_search_ignores_secrets(client, index, secret, field):
    term = getattr(secret.person, field).split()[0]
    html = client.get(index.url, {"q": term}).content.decode()
    assert secret.person.display_name not in html
    assert catalan("No defender matches these filters.") in html


@pytest.mark.parametrize("field", ["legal_name", "region"])
def test_wagtail_search_ignores_secrets(secret, field):
    term = getattr(secret.person, field).split()[0]
    assert list(DefenderPage.objects.public().search(term)) == []
    assert list(Page.objects.live().search(term)) == []


def test_wagtail_search_lists_no_protected(secret):
    found = [page.pk for page in Page.objects.live().search(secret.person.display_name)]
    assert (secret.pk in found) == (secret.person.safety_level == SafetyLevel.LIMITED)


def test_api_pages(client, secret, public_defender):
    listing = client.get("/api/v2/pages/", {"type": "defenders.DefenderPage", "fields": "*", "limit": 100})
    assert listing.status_code == 200
    text = listing.content.decode()
    assert_no_leak(text, secret, listing=True)
    assert "consent" not in text
    assert "Openly Public Person" in text and "Sunnyregion" in text
    # A 404 outside /<lang>/ is redirected by LocaleMiddleware to a path that 404s as well: follow it.
    detail = client.get(f"/api/v2/pages/{secret.pk}/", follow=True)
    if secret.person.safety_level == SafetyLevel.PROTECTED:
        assert detail.status_code == 404
    else:
        assert detail.status_code == 200
        assert_no_leak(detail.content.decode(), secret)
    search = client.get("/api/v2/pages/", {"search": secret.person.legal_name.split()[0]})
    assert secret.person.display_name not in search.content.decode()


def test_api_images(client, secret, public_defender):
    text = client.get("/api/v2/images/", {"limit": 100}).content.decode()
    assert_no_leak(text, secret)
    assert "OpenPortrait" in text
    assert client.get(f"/api/v2/images/{secret.person.portrait_id}/", follow=True).status_code == 404


def test_sitemap(client, secret, public_defender):
    text = client.get("/sitemap.xml").content.decode()
    assert_no_leak(text, secret)
    assert public_defender.slug in text
    assert (secret.slug in text) == (secret.person.safety_level == SafetyLevel.LIMITED)


def test_feed(client, index, secret, public_defender):
    response = client.get(index.url + "feed/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Openly Public Person" in text
    assert_no_leak(text, secret, listing=True)


def test_csv(client, index, secret, public_defender):
    response = client.get(index.url + "csv/")
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_leak(text, secret, listing=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    by_name = {row["name"]: row for row in rows}
    assert by_name["Openly Public Person"]["region"] == "Sunnyregion"
    assert by_name["Openly Public Person"]["portrait"]
    if secret.person.safety_level == SafetyLevel.LIMITED:
        assert by_name[secret.person.display_name]["portrait"] == ""
        assert by_name[secret.person.display_name]["region"] == ""


def test_related_defenders_never_list_protected(client, index, public_defender):
    protected = _secret_defender(index, SafetyLevel.PROTECTED)
    html = client.get(public_defender.url).content.decode()
    assert protected.person.display_name not in html
    assert public_defender.person.display_name in client.get(protected.url).content.decode()


def test_biography_images_and_videos_hidden_below_public(client, index):
    """An interview shows the face, and usually says the name: a video goes with the images."""
    defender = _secret_defender(index, SafetyLevel.LIMITED)
    other = make_image("Biographyzzimage")
    defender.biography = [
        {"type": "image", "value": {"image": {"image": other.pk, "alt_text": "x", "decorative": False}}},
        {"type": "video", "value": {"url": "https://www.youtube.com/watch?v=Zqxvideozz1", "title": "Interviewzz"}},
    ]
    defender.save()
    html = client.get(defender.url).content.decode()
    assert "Biographyzzimage".lower() not in html.lower()
    assert "Zqxvideozz1" not in html and "Interviewzz" not in html
    assert other.pk not in [image["id"] for image in client.get("/api/v2/images/").json()["items"]]


def test_display_name_may_not_contain_legal_name():
    # The display name is the title and the address of every profile: it must not spell the legal name out.
    person = Defender(display_name="Quiet Maria Ruiz", legal_name="Maria Ruiz", safety_level="limited", country="CO")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "display_name" in error.value.message_dict


class PageTypeTests(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertCanCreateAt(HomePage, DefenderIndexPage)
        self.assertCanNotCreateAt(HomePage, DefenderPage)
        self.assertCanCreateAt(DefenderIndexPage, DefenderPage)
        self.assertCanNotCreateAt(DefenderPage, DefenderPage)
        self.assertAllowedParentPageTypes(DefenderPage, {DefenderIndexPage})
        self.assertAllowedParentPageTypes(DefenderIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(DefenderIndexPage, {DefenderPage})
        self.assertAllowedSubpageTypes(DefenderPage, set())


def test_index_in_main_navigation(client, index):
    assert index.show_in_menus
    html = client.get("/ca/").content.decode()
    assert f'href="{index.url}"' in html


def test_a_listing_that_names_people_never_reads_their_legal_name(secret, public_defender):
    """Tours, events, agendas and press rooms name people through `for_naming` (editions/models.py): the legal name
    and the consent records are not even read from the database, and naming someone from what is read shows what
    their whole record shows, without another query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from editions.models import for_naming

    def shown(defender):
        return (
            defender.mention(),
            defender.level,
            defender.organisation,
            defender.region,
            defender.portrait_id,
            defender.portrait_credit,
            defender.portrait_licence,
        )

    whole = {pk: shown(public_view(DefenderPage.objects.get(pk=pk))) for pk in (secret.pk, public_defender.pk)}
    pages = list(for_naming(DefenderPage.objects.public()).filter(pk__in=whole))
    assert {page.pk for page in pages} == whole.keys()
    with CaptureQueriesContext(connection) as queries:
        for page in pages:
            assert {"legal_name", "consent_date", "consent_scope", "former_names"} <= page.person.get_deferred_fields()
            assert shown(public_view(page)) == whole[page.pk]
    assert not queries.captured_queries
