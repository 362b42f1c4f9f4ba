"""Erasure of a defender: after `erase_defender`, no trace of them is left in the database, the media folder or the
page cache; only moderators may erase, through the admin; a tour keeps going without them."""

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image
from wagtail.admin.models import EditingSession
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, PageSubscription, ReferenceIndex, Revision, WorkflowState
from wagtail.search.models import IndexEntry
from wagtail_localize.models import StringTranslation, TranslatableObject, Translation, TranslationSource

from defenders.factories import make_person
from defenders.models import Defender, DefenderIndexPage, DefenderPage, PortraitText
from defenders.safety import SafetyLevel
from editions.factories import EventFactory, edition_index, make_programme, make_tour
from editions.models import EditionDefender, Event
from home import roles
from home.models import Municipality
from home.translation import publish_translation

pytestmark = pytest.mark.django_db

MARKER = "Zqxv7Marker"
NAME = f"Ana {MARKER}"


def jpeg_with_exif(color="#884422"):
    image = Image.new("RGB", (200, 160), color)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = MARKER
    exif[ExifTags.Base.ImageDescription] = f"{MARKER} at home"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (41.0, 23.0, 12.0), 3: "E", 4: (2.0, 10.0, 5.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def make_image(title, file_name, color="#884422"):
    return get_image_model().objects.create(title=title, file=ImageFile(io.BytesIO(jpeg_with_exif(color)), file_name))


PARAGRAPH_ID = "0c4b5a8e-1f0a-4b5e-9a77-1a2b3c4d5e01"
QUOTE_ID = "0c4b5a8e-1f0a-4b5e-9a77-1a2b3c4d5e02"
FIGURE_ID = "0c4b5a8e-1f0a-4b5e-9a77-1a2b3c4d5e03"
VIDEO_ID = "0c4b5a8e-1f0a-4b5e-9a77-1a2b3c4d5e04"
LINK_ID = "0c4b5a8e-1f0a-4b5e-9a77-1a2b3c4d5e05"
SHARED_FIGURE_ID = "0c4b5a8e-1f0a-4b5e-9a77-1a2b3c4d5e06"


def biography(word, figure, shared):
    """The same blocks (same ids) in every language, so that wagtail-localize pairs the segments."""
    return [
        {"type": "paragraph", "id": PARAGRAPH_ID, "value": f"<p>{word} {MARKER} grew up by the river.</p>"},
        {
            "type": "quote",
            "id": QUOTE_ID,
            "value": {"quote": f"{word}: {MARKER} speaks", "attribution": f"{MARKER} herself", "language": ""},
        },
        {
            "type": "image",
            "id": FIGURE_ID,
            "value": {
                "image": {"image": figure.pk, "alt_text": f"{word} {MARKER} at a march", "decorative": False},
                "caption": f"{word} caption {MARKER}",
                "credit": f"Photo {MARKER}",
            },
        },
        {
            "type": "image",
            "id": SHARED_FIGURE_ID,
            "value": {
                "image": {"image": shared.pk, "alt_text": "A march", "decorative": False},
                "caption": "",
                "credit": "",
            },
        },
        {
            "type": "video",
            "id": VIDEO_ID,
            "value": {
                "url": f"https://video.example.org/{MARKER}",
                "title": f"{word} video {MARKER}",
                "provider": "Example",
                "transcript": f"{word} transcript {MARKER}",
            },
        },
    ]


def links(word):
    return [
        {
            "type": "link",
            "id": LINK_ID,
            "value": {"text": f"{word} site of {MARKER}", "url": f"https://example.org/{MARKER}"},
        }
    ]


def translatable_values(word, figure, shared):
    return {
        "summary": f"{word} summary {MARKER}",
        "biography": biography(word, figure, shared),
        "links": links(word),
    }


WORDS = {"ca": "Catalan", "es": "Spanish", "en": "English"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A media folder of this test's own, so that what it finds there was made here."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def index():
    return DefenderIndexPage.objects.get(locale__language_code="ca")


@pytest.fixture
def images():
    return {
        "portrait": make_image(f"Portrait {MARKER}", f"{MARKER}-portrait.jpg"),
        "figure": make_image(f"Figure {MARKER}", f"figure-{MARKER}.jpg", "#224488"),
        # Also the portrait of another defender: erasure must leave it.
        "shared": make_image("Shared march photo", "shared-march.jpg", "#448822"),
    }


@pytest.fixture
def defender(index, images, locales, homes):
    values = translatable_values("Catalan", images["figure"], images["shared"])
    person = Defender(
        display_name=NAME,
        legal_name=f"Legal {MARKER}",
        safety_level=SafetyLevel.PUBLIC,
        country="CO",
        region=f"Old region {MARKER}",
        organisation=f"Org {MARKER}",
        portrait=images["portrait"],
        portrait_credit=f"Credit {MARKER}",
        consent_scope=f"Consent {MARKER}",
        former_names=[f"Former {MARKER}"],
    )
    person.portrait_texts = [
        PortraitText(language=code, alt_text=f"{word} portrait of {MARKER}", caption=f"{word} caption {MARKER}")
        for code, word in WORDS.items()
    ]
    person.full_clean()
    person.save()
    # Revisions of the person too, an older one with words the current one no longer has.
    person.save_revision().publish()
    person.region = f"Region {MARKER}"
    person.save_revision().publish()
    page = DefenderPage(slug=f"ana-{MARKER.lower()}", person=person, **values)
    page.full_clean(exclude=["path", "depth"])
    index.add_child(instance=page)
    page.save_revision().publish()
    # Several revisions, the older ones with words the current one no longer has.
    page.summary = f"Second summary {MARKER}"
    page.save_revision().publish()
    page.summary = values["summary"]
    page.save_revision().publish()
    for code, word in (("es", "Spanish"), ("en", "English")):
        publish_translation(page, locales[code], translatable_values(word, images["figure"], images["shared"]))
    return DefenderPage.objects.get(pk=page.pk)


@pytest.fixture
def other_defender(index, images):
    person = make_person(
        display_name="Another Person",
        country="CO",
        portrait=images["shared"],
        portrait_alt="Another person at a march",
        portrait_credit="Consortium",
    )
    page = DefenderPage(slug="another-person", person=person)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def tour(homes, defender, other_defender):
    tour = make_tour(edition_index(homes["ca"]), slug="tardor-2027")
    tour.participating_defenders.add(EditionDefender(defender=defender))
    tour.participating_defenders.add(EditionDefender(defender=other_defender))
    tour.save_revision().publish()
    event = EventFactory(title="Xerrada sobre el riu")
    make_programme(tour, Municipality.objects.get(slug="sabadell"), [event], [defender, other_defender])
    return tour


def member(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "not-used-here-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator():
    return member("erase-moderator", roles.MODERATORS)


def database_dump():
    """Every model of every app, as `dumpdata` writes it; models without a table (Wagtail's legacy search query
    model, whose app is not installed) are left out, since they cannot hold anything."""
    tables = set(connection.introspection.table_names())
    missing = [
        model._meta.label for model in apps.get_models() if model._meta.managed and model._meta.db_table not in tables
    ]
    out = io.StringIO()
    call_command("dumpdata", *[], exclude=missing, stdout=out)
    return out.getvalue()


def raw_tables_containing(marker):
    """Tables holding `marker` anywhere, read with plain SQL: also tables without a model (SQLite's full-text index
    and its shadow tables, whose binary pages keep tokens until they are merged)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("latin-1")
                    if isinstance(value, str) and marker.lower() in value.lower():
                        found.append(table)
    return sorted(set(found))


def media_traces():
    found = []
    for directory, _dirs, files in os.walk(settings.MEDIA_ROOT):
        for name in files:
            path = Path(directory) / name
            if MARKER.lower() in str(path).lower() or MARKER.lower().encode() in path.read_bytes().lower():
                found.append(str(path))
    return found


def cached_keys_containing(marker):
    # The local-memory cache of the test settings keeps pickled values in `_cache`.
    return [key for key, value in cache._cache.items() if marker.lower().encode() in bytes(value).lower()]


def test_erase_leaves_no_trace(
    client, settings, defender, other_defender, tour, images, moderator, django_capture_on_commit_callbacks
):
    settings.CDHR_PAGE_CACHE_SECONDS = 600
    settings.ALLOWED_HOSTS = ["testserver"]
    cache.clear()
    pages = list(DefenderPage.objects.filter(translation_key=defender.translation_key))
    assert sorted(page.locale.language_code for page in pages) == ["ca", "en", "es"]
    alias = defender.create_alias(update_slug=f"alias-{MARKER.lower()}")
    # Moderation under way and a subscription: both hold the page.
    defender.get_workflow().start(defender, moderator)
    PageSubscription.objects.create(page=defender, user=moderator, comment_notifications=True)

    client.force_login(moderator)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[defender.pk])).status_code == 200
    client.logout()
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200 and MARKER in response.content.decode()
    # The first visits made renditions, which made the pages cached by then stale: visit again, then from cache.
    for page in pages:
        client.get(page.url)
    assert [client.get(page.url)["X-Cache"] for page in pages] == ["hit"] * 3

    # What is about to go exists, so that the assertions below can fail.
    image_files = [images[name].file.name for name in ("portrait", "figure")]
    rendition_files = [r.file.name for name in ("portrait", "figure") for r in images[name].renditions.all()]
    assert rendition_files and all(images["portrait"].file.storage.exists(name) for name in image_files)
    assert IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in pages]).exists()
    assert Translation.objects.filter(source__object_id=defender.translation_key).count() == 2
    assert StringTranslation.objects.filter(data__contains=MARKER).exists()
    assert Revision.objects.filter(object_id=str(defender.pk)).count() >= 3
    assert WorkflowState.objects.filter(object_id=str(defender.pk)).exists()
    assert "wagtailcore_revision" in raw_tables_containing(MARKER)
    assert cached_keys_containing(MARKER)
    log_ids = set(PageLogEntry.objects.filter(page_id__in=[page.pk for page in pages]).values_list("pk", flat=True))

    out = io.StringIO()
    # Files and cache entries go when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_defender", str(defender.pk), stdout=out)
    assert NAME not in out.getvalue() and MARKER not in out.getvalue()

    # Nothing in the database: every model (dumpdata) and every table, read raw.
    dump = database_dump()
    assert MARKER.lower() not in dump.lower(), re.findall(rf".{{80}}{MARKER.lower()}.{{40}}", dump.lower())[:3]
    assert raw_tables_containing(MARKER) == []
    assert not Page.objects.filter(pk__in=[page.pk for page in pages] + [alias.pk]).exists()
    assert not TranslationSource.objects.filter(object_id=defender.translation_key).exists()
    assert not TranslatableObject.objects.filter(translation_key=defender.translation_key).exists()
    assert not IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in pages]).exists()
    assert not ReferenceIndex.objects.filter(object_id__in=[str(page.pk) for page in pages]).exists()
    # The audit log keeps its entries, under a number.
    entries = PageLogEntry.objects.filter(pk__in=log_ids)
    assert entries.count() == len(log_ids)
    assert {entry.label for entry in entries} <= {f"erased defender #{page.pk}" for page in pages + [alias]}
    assert PageLogEntry.objects.filter(page_id=defender.pk, action="defenders.erase").exists()

    # Nothing in the media folder; the image used elsewhere is kept.
    assert media_traces() == []
    storage = images["portrait"].file.storage
    assert not any(storage.exists(name) for name in image_files + rendition_files)
    assert list(get_image_model().objects.filter(pk__in=[images["portrait"].pk, images["figure"].pk])) == []
    shared = get_image_model().objects.get(pk=images["shared"].pk)
    assert storage.exists(shared.file.name)

    # Nothing in the page cache; the profile is gone from every language.
    assert cached_keys_containing(MARKER) == []
    for page in pages:
        assert client.get(page.url).status_code == 404

    # The tour goes on without them, in its rows and in its revisions.
    event = Event.objects.get(title="Xerrada sobre el riu")
    assert list(EditionDefender.objects.filter(page=tour).values_list("defender_id", flat=True)) == [other_defender.pk]
    latest = Page.objects.get(pk=tour.pk).get_latest_revision()
    assert [row["defender"] for row in latest.content["participating_defenders"]] == [other_defender.pk]
    for revision in Revision.objects.filter(object_id__in=[str(tour.pk), str(event.page_id)]):
        assert f'"defender": {defender.pk}' not in json.dumps(revision.content)
        assert f"{defender.pk}" not in [str(d) for e in revision.content.get("events", []) for d in e["defenders"]]
    assert list(event.defenders.values_list("pk", flat=True)) == [other_defender.pk]
    assert client.get(tour.url).status_code == 200
    assert client.get(DefenderPage.objects.get(pk=other_defender.pk).url).status_code == 200


def test_events_naming_the_defender_are_reported(index, homes):
    page = DefenderPage(slug="berta", person=make_person(display_name="Berta Zapata", country="HN"))
    index.add_child(instance=page)
    page.save_revision().publish()
    tour = make_tour(edition_index(homes["ca"]), slug="primavera-2028")
    named = EventFactory(title="Conversa amb Berta Zapata")
    plain = EventFactory(title="Taula rodona")
    make_programme(tour, Municipality.objects.get(slug="terrassa"), [named, plain], [page])
    out = io.StringIO()
    call_command("erase_defender", page.pk, stdout=out)
    named = Event.objects.get(title="Conversa amb Berta Zapata")
    assert not named.defenders.exists()
    # The title is a moderator's to reword; the command says which event, without repeating the name.
    assert f"[{named.pk}]" in out.getvalue() and "Berta" not in out.getvalue()


def test_unknown_id_is_a_clear_error():
    with pytest.raises(CommandError, match="No defender page has the id"):
        call_command("erase_defender", "999999")
    with pytest.raises(CommandError, match="No defender page has the id"):
        call_command("erase_defender", "not-a-number")
    # A page that exists but is not a defender is refused the same way.
    with pytest.raises(CommandError):
        call_command("erase_defender", Page.objects.filter(depth=2).first().pk)


@pytest.fixture
def simple_defender(index):
    page = DefenderPage(slug="carla-erasable", person=make_person(display_name="Carla Erasable", country="CO"))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_moderator_erases_through_the_admin(client, moderator, simple_defender, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[simple_defender.pk])).content.decode()
    url = reverse("defenders_erase", args=[simple_defender.pk])
    assert url in edit
    confirmation = client.get(url)
    assert confirmation.status_code == 200 and "Carla Erasable" in confirmation.content.decode()
    # The wrong id in the confirmation field: nothing happens, the form says why.
    assert client.post(url, {"confirm": "1"}).status_code == 200
    assert DefenderPage.objects.filter(pk=simple_defender.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": str(simple_defender.pk)})
    assert response.status_code == 302
    assert not DefenderPage.objects.filter(pk=simple_defender.pk).exists()
    entry = PageLogEntry.objects.get(page_id=simple_defender.pk, action="defenders.erase")
    assert entry.user == moderator and entry.label == f"erased defender #{simple_defender.pk}"


def test_erasing_a_translation_erases_every_language(simple_defender, locales, moderator):
    spanish = simple_defender.copy_for_translation(locales["es"], copy_parents=True)
    spanish.save_revision().publish()
    EditingSession.objects.create(
        user=moderator,
        content_type=ContentType.objects.get_for_model(DefenderPage),
        object_id=str(simple_defender.pk),
        last_seen_at=timezone.now(),
    )
    call_command("erase_defender", spanish.pk, stdout=io.StringIO())
    assert not DefenderPage.objects.filter(translation_key=simple_defender.translation_key).exists()
    assert not EditingSession.objects.filter(object_id=str(simple_defender.pk)).exists()


@pytest.mark.parametrize("role", ["editor", "translator", "municipality"])
def test_others_get_403_and_nothing_is_erased(client, role, simple_defender):
    group = {
        "editor": roles.editor_group_names()[0],
        "translator": roles.TRANSLATORS,
        "municipality": Municipality.objects.get(slug="sabadell").editors_group.name,
    }[role]
    client.force_login(member(f"erase-{role}", group))
    url = reverse("defenders_erase", args=[simple_defender.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": str(simple_defender.pk)}).status_code == 403
    assert DefenderPage.objects.filter(pk=simple_defender.pk, live=True).exists()
    if role == "editor":
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[simple_defender.pk])).content.decode()
        assert url not in edit
