"""Responsive images: every picture on the public pages comes in several widths with AVIF and WebP sources, sized,
with alt text; a protected or limited defender's portrait never appears; and pictures add no query per image."""

import pickle

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import features

from defenders.factories import DefenderPageFactory, make_image
from defenders.models import DefenderIndexPage, Theme
from defenders.safety import SafetyLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return DefenderIndexPage.objects.get(locale__language_code="ca")


def make_defender(index, slug, level, image_title):
    defender = DefenderPageFactory(
        parent=index,
        slug=slug,
        display_name=f"Person {slug}",
        safety_level=level,
        country="CO",
        portrait=make_image(image_title, size=(1200, 1200)),
        portrait_alt=f"Portrait of {slug}",
        portrait_credit="Photographer",
    )
    defender.themes.set([Theme.objects.get(locale__language_code="ca", slug="peace")])
    defender.save()
    return defender


@pytest.fixture
def defenders(index):
    return {
        "public": [
            make_defender(index, f"open-{number}", SafetyLevel.PUBLIC, f"Openface{number}") for number in range(3)
        ],
        "limited": make_defender(index, "limited-one", SafetyLevel.LIMITED, "Limitedface"),
        "protected": make_defender(index, "protected-one", SafetyLevel.PROTECTED, "Protectedface"),
    }


def pictures(html):
    return BeautifulSoup(html, "html.parser").select("main img, article img")


def widths(srcset):
    return {candidate.strip().rsplit(" ", 1)[1] for candidate in srcset.split(",")}


def assert_responsive(img):
    picture = img.find_parent("picture")
    assert picture is not None, img
    types = {source.get("type") for source in picture.find_all("source")}
    assert {"image/avif", "image/webp"} <= types, types
    for source in picture.find_all("source"):
        assert len(widths(source["srcset"])) >= 2, source
    assert len(widths(img["srcset"])) >= 2 and img.get("sizes"), img
    assert img["width"] and img["height"], img
    assert img.has_attr("alt"), img


def test_pillow_here_writes_avif():
    assert features.check("avif")


def test_directory_and_profile_pictures_are_responsive(client, index, defenders):
    directory = client.get(index.url).content.decode()
    cards = pictures(directory)
    assert len(cards) == 3  # the three public defenders; the limited one shows no photo
    for img in cards:
        assert_responsive(img)
        assert img["loading"] == "lazy"
        assert img["alt"].startswith("Portrait of open-")

    profile = client.get(defenders["public"][0].url).content.decode()
    images = pictures(profile)
    assert images, "the profile shows the portrait and the related defenders' cards"
    for img in images:
        assert_responsive(img)
    portrait = images[0]
    assert portrait["alt"] == "Portrait of open-0"
    assert portrait.get("loading") != "lazy"  # at the top of the page: loaded at once
    assert all(img.get("loading") == "lazy" for img in images[1:])


@pytest.mark.parametrize("level", ["limited", "protected"])
def test_a_hidden_portrait_never_appears(client, index, defenders, level):
    hidden = defenders[level]
    stem = hidden.person.portrait.file.name.rsplit("/", 1)[-1].split(".")[0]
    pages = [index.url, hidden.url, defenders["public"][0].url, index.url + "?country=CO"]
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        assert stem not in html and "Limitedface" not in html and "Protectedface" not in html, url
    assert not pictures(client.get(hidden.url).content.decode())


def test_pictures_add_no_query_per_image(client, index, defenders):
    def count(url):
        client.get(url)  # the first view makes the renditions
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    directory_with_three = count(index.url)
    profile_with_two_related = count(defenders["public"][0].url)
    make_defender(index, "open-more", SafetyLevel.PUBLIC, "Openfacemore")
    make_defender(index, "open-again", SafetyLevel.PUBLIC, "Openfaceagain")
    assert len(pictures(client.get(index.url).content.decode())) == 5
    assert count(index.url) == directory_with_three
    assert count(defenders["public"][0].url) == profile_with_two_related


def test_a_directory_reads_its_cards_renditions_once_and_only_to_write_its_pictures(client, index, defenders):
    """The cards' portraits are read with the profiles. Their renditions are read only when a picture has to be
    written (home/pictures.py `with_renditions`): once written, the pictures are given again without them. When they
    are written, all the cards' renditions come in one query, alone, pointing to those images (with a join, each
    rendition row brought its own copy of its image, built only to be dropped)."""

    def rendition_queries():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(index.url).content.decode()
        assert len(pictures(html)) == 3
        return [query["sql"] for query in queries if 'FROM "wagtailimages_rendition"' in query["sql"]]

    client.get(index.url)  # the first view makes the renditions
    assert rendition_queries() == []
    # Saving an image forgets every written picture (its crops may have changed): the next view writes them again.
    defenders["public"][0].person.portrait.save()
    written_again = rendition_queries()
    assert len(written_again) == 1
    assert "JOIN" not in written_again[0]
    assert rendition_queries() == []


def card_sources(html):
    """Every rendition address the directory's cards name, in order."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        candidate.strip().split(" ")[0]
        for element in soup.select("main picture source, main picture img")
        for candidate in element["srcset"].split(",")
    ]


def test_a_picture_is_written_again_once_its_image_or_renditions_change(client, index, defenders):
    """The directory's pictures are written once per process (home/pictures.py `written_picture`); a change of the
    image (its focal point: other crops) or the loss of its renditions must show at once, every address served."""
    from django.core.files.storage import default_storage

    first = client.get(index.url).content.decode()
    assert client.get(index.url).content.decode() == first
    image = defenders["public"][0].person.portrait
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 100, 100, 50, 50
    image.save()
    moved = client.get(index.url).content.decode()
    changed = [source for source in card_sources(moved) if source not in set(card_sources(first))]
    assert len(changed) == 6, "the refocused portrait's two widths in three formats are new crops"

    other = defenders["public"][1].person.portrait
    gone = {rendition.file.name for rendition in other.renditions.all()}
    other.renditions.all().delete()
    for name in gone:
        default_storage.delete(name)
    again = client.get(index.url).content.decode()
    for source in card_sources(again):
        name = source.removeprefix(settings.MEDIA_URL)
        assert default_storage.exists(name), f"{source} is named by the directory but was deleted"


def test_a_picture_whose_file_cannot_be_read_is_tried_again(client, index, defenders):
    """Wagtail writes a "not-found" stand-in when an image's file cannot be read; that must not be remembered until
    the next change of content once the file is back."""
    from django.core.files.storage import default_storage

    image = defenders["public"][2].person.portrait
    image.renditions.all().delete()
    original = image.file.name
    with default_storage.open(original, "rb") as stored:
        data = stored.read()
    default_storage.delete(original)
    assert "not-found" in client.get(index.url).content.decode()
    default_storage.save(original, ContentFile(data))
    html = client.get(index.url).content.decode()
    assert "not-found" not in html
    assert len(pictures(html)) == 3


def test_an_image_kept_in_wagtails_cache_carries_its_own_renditions_only(client, index, defenders):
    """Wagtail keeps a rendition it makes in its cache, pickled with its image: the image's renditions read for a
    whole page of cards (`with_renditions`) are pickled as that image's own list, not as the page's batch."""
    from wagtail.images import get_image_model

    from home.pictures import CARD, with_renditions

    client.get(index.url)  # the first view makes the renditions
    portraits = [defender.person.portrait_id for defender in defenders["public"]]
    images = list(get_image_model().objects.filter(pk__in=portraits).order_by("pk"))
    with_renditions(images, CARD)
    first = images[0]
    own = sorted(rendition.pk for rendition in first.prefetched_renditions)
    assert len(own) == 6 and all(rendition.image is first for rendition in first.prefetched_renditions)
    kept = pickle.loads(pickle.dumps(first))  # noqa: S301 (our own bytes, as Wagtail's cache reads them)
    assert isinstance(kept.prefetched_renditions, list)
    assert sorted(rendition.pk for rendition in kept.prefetched_renditions) == own
