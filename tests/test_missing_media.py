"""A page whose image original has gone missing from storage (a failed restore, a half-copied bucket) still renders:
the image is left out, the page is not replaced by an error."""

import pytest

from defenders.factories import DefenderPageFactory, make_image
from defenders.models import DefenderIndexPage
from defenders.safety import SafetyLevel

pytestmark = pytest.mark.django_db


def test_defender_profile_renders_when_the_portrait_file_is_missing(client):
    index = DefenderIndexPage.objects.get(locale__language_code="ca")
    portrait = make_image("Lostportrait")
    defender = DefenderPageFactory(
        parent=index,
        slug="lost-portrait",
        display_name="Lost Portrait Person",
        safety_level=SafetyLevel.PUBLIC,
        portrait=portrait,
        portrait_alt="A person",
        portrait_credit="A photographer",
    )
    portrait.file.storage.delete(portrait.file.name)

    response = client.get(defender.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lost Portrait Person" in html
    # og:image is the profile's share card, drawn without the portrait whose file is gone.
    assert f'<meta property="og:image" content="{defender.get_full_url()}share-card.png">' in html
    card = client.get(f"{defender.url}share-card.png")
    assert card.status_code == 200 and card["Content-Type"] == "image/png"
