"""Editing through the admin: validation messages, the out-of-dates warning and the municipality's permission."""

import datetime
import html

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import constants as message_constants
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from editions.factories import EventFactory, edition_index, madrid, make_programme, make_tour
from editions.models import CityProgrammePage, EditionIndexPage, EditionPage
from home.models import HomePage, Municipality
from statements.factories import municipal_editor

pytestmark = pytest.mark.django_db


def says(text, msgid, **values):
    """The admin speaks the user's language (Catalan by default): accept the message in Catalan or English."""
    text = html.unescape(text)
    expected = []
    for language in ("ca", "en"):
        with translation.override(language):
            expected.append(translation.gettext(msgid) % values if values else translation.gettext(msgid))
    return any(message in text for message in expected)


@pytest.fixture
def tour(homes):
    return make_tour(edition_index(homes["ca"]))


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "x"))
    return client


def event_row(title="Xerrada", start="2027-04-13 18:00", end="2027-04-13 20:00", **extra):
    row = {"title": title, "event_type": "talk", "audience": "public", "start": start, "end": end, "defenders": []}
    return row | extra


def programme_post(municipality, events, saved=0):
    """The add or edit form's data; `saved`: how many of `events` are already saved (rows with their `id`)."""
    return nested_form_data(
        {
            "title": municipality.name,
            "slug": municipality.slug,
            "municipality": municipality.pk,
            "intro": "",
            "local_partners": "",
            "contact": "",
            "events": inline_formset(events, initial=saved),
        }
    )


def add_url(tour):
    return reverse("wagtailadmin_pages:add", args=("editions", "cityprogrammepage", tour.pk))


def test_event_ending_before_it_starts_is_refused(admin_client, tour):
    sabadell = Municipality.objects.get(slug="sabadell")
    response = admin_client.post(
        add_url(tour), programme_post(sabadell, [event_row(start="2027-04-13 18:00", end="2027-04-13 17:00")])
    )
    assert response.status_code == 200
    assert says(response.content.decode(), "The event cannot end before it starts.")
    assert not CityProgrammePage.objects.filter(municipality=sabadell).exists()


def test_second_programme_for_the_same_municipality_is_refused(admin_client, tour):
    sabadell = Municipality.objects.get(slug="sabadell")
    make_programme(tour, sabadell)
    post = programme_post(sabadell, [event_row()])
    post["slug"] = "sabadell-2"
    response = admin_client.post(add_url(tour), post)
    assert response.status_code == 200
    assert says(
        response.content.decode(),
        "%(municipality)s already has a programme in this tour: edit “%(title)s” instead.",
        municipality="Sabadell",
        title="Sabadell",
    )
    assert CityProgrammePage.objects.filter(municipality=sabadell).count() == 1


def test_event_outside_the_tour_dates_is_saved_with_a_warning(admin_client, tour):
    terrassa = Municipality.objects.get(slug="terrassa")
    response = admin_client.post(
        add_url(tour),
        programme_post(terrassa, [event_row(title="Preestrena", start="2027-03-01 18:00", end="2027-03-01 19:00")]),
    )
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level == message_constants.WARNING]
    assert len(warnings) == 1
    assert "Preestrena" in warnings[0]
    # The date as the editor's language writes it (home/formatting.py): Catalan here.
    assert "1 de març de 2027" in warnings[0]
    assert CityProgrammePage.objects.get(municipality=terrassa).events.count() == 1


def test_the_out_of_dates_warning_waits_for_a_save_by_hand_not_each_autosave(admin_client, tour):
    """The editor autosaves every few seconds (a JSON request to the same view): each one added the warning again,
    and the pile showed on the next screen. A save by hand warns once."""
    terrassa = Municipality.objects.get(slug="terrassa")
    late = [event_row(title="Preestrena", start="2027-03-01 18:00", end="2027-03-01 19:00")]
    admin_client.post(add_url(tour), programme_post(terrassa, late))
    list(get_messages(admin_client.get(reverse("wagtailadmin_home")).wsgi_request))  # read: gone
    page = CityProgrammePage.objects.get(municipality=terrassa)
    events = [event_row(id=event.pk, **late[0]) for event in page.events.all()]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    for _autosave in range(3):
        response = admin_client.post(edit, programme_post(terrassa, events, 1), headers={"accept": "application/json"})
        assert response.status_code == 200 and response.json()["success"]
    warnings = [m for m in get_messages(admin_client.get(edit).wsgi_request) if m.level == message_constants.WARNING]
    assert warnings == []

    response = admin_client.post(edit, programme_post(terrassa, events, 1))
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level == message_constants.WARNING]
    assert len(warnings) == 1 and "Preestrena" in warnings[0]
    assert page.get_latest_revision_as_object().events.count() == 1


def test_municipality_group_may_edit_its_programme_and_nothing_else(admin_client, client, tour):
    group = Group.objects.create(name="Sant Boi editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    sant_boi = Municipality.objects.get(slug="sant-boi-de-llobregat")
    sant_boi.editors_group = group
    sant_boi.save()
    response = admin_client.post(add_url(tour), programme_post(sant_boi, [event_row()]))
    assert response.status_code == 302
    programme = CityProgrammePage.objects.get(municipality=sant_boi)
    granted = GroupPagePermission.objects.filter(group=group)
    assert [(grant.page_id, grant.permission.codename) for grant in granted] == [(programme.pk, "change_page")]

    editor = User.objects.create_user("muni-sant-boi", password="x")
    editor.groups.add(group)
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(programme.pk,))).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=(tour.pk,))).status_code in (302, 403)
    other = make_programme(tour, Municipality.objects.get(slug="sabadell"))
    assert client.get(reverse("wagtailadmin_pages:edit", args=(other.pk,))).status_code in (302, 403)


def test_council_staff_cannot_hand_their_programme_to_another_council(client, tour):
    sabadell, begues = Municipality.objects.get(slug="sabadell"), Municipality.objects.get(slug="begues")
    programme = make_programme(tour, sabadell, [EventFactory(title="Xerrada a Sabadell", audience="public")])
    client.force_login(municipal_editor(sabadell))
    edit_url = reverse("wagtailadmin_pages:edit", args=(programme.pk,))
    assert client.get(edit_url).status_code == 200
    event = programme.events.get()
    post = programme_post(begues, [event_row(id=event.pk, title="Xerrada a Sabadell", audience="public")])
    post["events-INITIAL_FORMS"] = "1"
    response = client.post(edit_url, post)
    assert response.status_code == 302  # saved: the rest of the form is theirs to change
    draft = CityProgrammePage.objects.get(pk=programme.pk).get_latest_revision_as_object()
    assert draft.municipality_id == sabadell.pk
    assert CityProgrammePage.objects.get(pk=programme.pk).municipality_id == sabadell.pk


def test_programme_without_editors_group_grants_nothing(tour):
    reus = Municipality.objects.get(slug="reus")
    reus.editors_group = None  # setup_site gives every council a group: take Reus's away
    reus.save()
    before = GroupPagePermission.objects.count()
    make_programme(tour, reus, events=[EventFactory()])
    assert GroupPagePermission.objects.count() == before


def test_page_types_are_pinned(homes, tour):
    home = homes["ca"]
    assert EditionIndexPage.allowed_parent_page_models() == [HomePage]
    assert EditionPage.allowed_parent_page_models() == [EditionIndexPage]
    assert CityProgrammePage.allowed_parent_page_models() == [EditionPage]
    assert CityProgrammePage.allowed_subpage_models() == []
    assert not EditionPage.can_create_at(home)
    assert not CityProgrammePage.can_create_at(home)
    assert CityProgrammePage.can_create_at(tour)
    assert not EditionIndexPage.can_create_at(home)  # one directory per home page, created by setup_site


def test_event_times_are_madrid_times(tour):
    programme = make_programme(
        tour, Municipality.objects.get(slug="reus"), events=[EventFactory(start=madrid(2027, 4, 13, 18))]
    )
    event = programme.events.get()
    assert event.start.astimezone(datetime.UTC).hour == 16  # CEST is UTC+2 in April


def test_council_staff_groups_are_read_once_per_admin_request(client, homes):
    """Whether a user is council staff only decides the admin scope, the menus, the choosers and the programme form:
    it is read from the database once per request, however many of them ask."""
    client.force_login(municipal_editor(Municipality.objects.get(slug="sabadell")))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    group_names = [query["sql"] for query in queries if query["sql"].startswith('SELECT "auth_group"."name"')]
    assert len(group_names) == 1, group_names
