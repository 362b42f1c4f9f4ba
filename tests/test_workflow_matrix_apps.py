"""The rows of the permission matrix that need the content apps: city programmes, endorsements, the take-down.

Each row is asked of the admin's own HTTP views, as the roles `setup_site` creates (home/roles.py), and checks the
state the request leaves behind. Together with tests/test_workflow_matrix.py this is the table in README.md.
"""

import datetime
import html

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageLogEntry

from defenders.factories import DefenderPageFactory
from defenders.models import DefenderIndexPage
from editions.models import CityProgrammePage, EditionIndexPage, EditionPage
from home import roles
from home.models import Municipality
from statements.factories import EndorsementFactory, StatementPageFactory
from statements.models import Endorsement, StatementIndexPage
from tests.helpers import denied

pytestmark = pytest.mark.django_db
User = get_user_model()


def member(username, group_name):
    user = User.objects.create_user(username, f"{username}@example.org", "not-used-here-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def users(db):
    return {
        "moderator": member("m-moderator", roles.MODERATORS),
        "editor": member("m-editor", roles.editor_group_names()[0]),
        "translator": member("m-translator", roles.TRANSLATORS),
        "sabadell": member("m-sabadell", Municipality.objects.get(slug="sabadell").editors_group.name),
    }


@pytest.fixture
def tour(db):
    index = EditionIndexPage.objects.get(locale__language_code="ca")
    tour = EditionPage(
        title="Gira de prova",
        slug="gira-de-prova",
        edition_number=20,
        year=2030,
        season="spring",
        start_date=datetime.date(2030, 4, 1),
        end_date=datetime.date(2030, 4, 10),
    )
    index.add_child(instance=tour)
    tour.save_revision().publish()
    return tour


def programme(tour, slug, title):
    page = CityProgrammePage(title=title, slug=slug, municipality=Municipality.objects.get(slug=slug))
    tour.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def programmes(tour):
    return {
        "sabadell": programme(tour, "sabadell", "Programa de Sabadell"),
        "terrassa": programme(tour, "terrassa", "Programa de Terrassa"),
    }


def edit_form_data(client, page, **changes):
    """Everything the admin's edit form would send back as it is, with `changes` applied."""
    html = BeautifulSoup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content, "html.parser")
    form = html.select_one("form#page-edit-form") or html.select_one("form[method=post]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    data.update(changes)
    return data


# --- City programmes -----------------------------------------------------------------------------------------


def test_municipal_editor_edits_its_own_programme_as_a_draft(client, users, programmes):
    client.force_login(users["sabadell"])
    page = programmes["sabadell"]
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form_data(client, page, intro="Programa actualitzat per Sabadell"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().intro == "Programa actualitzat per Sabadell"
    assert page.live and Page.objects.get(pk=page.pk).specific.intro == ""


def test_municipal_editor_cannot_publish_its_own_programme(client, users, programmes):
    client.force_login(users["sabadell"])
    page = programmes["sabadell"]
    data = edit_form_data(client, page, intro="Publicat sense revisió", **{"action-publish": "action-publish"})
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert CityProgrammePage.objects.get(pk=page.pk).intro == ""


def test_municipal_editor_cannot_edit_another_municipalitys_programme(client, users, programmes):
    client.force_login(users["sabadell"])
    page = programmes["terrassa"]
    assert denied(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"title": "Pres", "slug": "terrassa"})
    assert denied(response)
    assert CityProgrammePage.objects.get(pk=page.pk).get_latest_revision_as_object().title == "Programa de Terrassa"


def test_municipal_editor_explorer_and_search_show_only_its_own_programmes(client, users, programmes, tour):
    client.force_login(users["sabadell"])
    listing = client.get(reverse("wagtailadmin_explore_root"), follow=True).content.decode()
    assert "Programa de Terrassa" not in listing
    tour_listing = client.get(reverse("wagtailadmin_explore", args=[tour.pk]), follow=True).content.decode()
    assert "Programa de Terrassa" not in tour_listing
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "Programa"}).content.decode()
    assert "Programa de Sabadell" in search and "Programa de Terrassa" not in search


def test_moderator_publishes_a_programme(client, users, programmes):
    client.force_login(users["moderator"])
    page = programmes["terrassa"]
    data = edit_form_data(client, page, intro="Aprovat", **{"action-publish": "action-publish"})
    assert client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data).status_code == 302
    assert CityProgrammePage.objects.get(pk=page.pk).intro == "Aprovat"


# A moderator approves, from the page editor, a council's submitted programme that adds events: the draft's new
# events exist only in its revision (without ids) until it is published (home/drafts.py DraftChildrenForm).

NEW_EVENT = {
    "title": "Xerrada nova",
    "event_type": "talk",
    "audience": "public",
    "start": "2030-04-03 18:00",
    "end": "2030-04-03 19:30",
    "venue_name": "Biblioteca",
}


def with_new_event(data, defenders=()):
    number = int(data["events-TOTAL_FORMS"])
    data.update({f"events-{number}-{field}": value for field, value in NEW_EVENT.items()})
    data[f"events-{number}-defenders"] = [str(person.pk) for person in defenders]
    data[f"events-{number}-ORDER"] = str(number + 1)
    data[f"events-{number}-id"] = ""
    data["events-TOTAL_FORMS"] = str(number + 1)
    return data


def test_moderator_approves_from_the_editor_a_submitted_programme_with_a_new_event(client, users, programmes, defender):
    page = programmes["sabadell"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(users["sabadell"])
    data = edit_form_data(client, page, **{"action-submit": "action-submit"})
    submitted = client.post(edit, with_new_event(data, defenders=[defender]))
    assert submitted.status_code == 302
    page = CityProgrammePage.objects.get(pk=page.pk)
    assert page.workflow_in_progress
    revisions = page.revisions.count()

    client.force_login(users["moderator"])
    approved = []
    for _attempt in range(3):  # one approval per task of the workflow
        if not page.workflow_in_progress:
            break
        task = page.current_workflow_task_state
        data = edit_form_data(client, page, **{"action-workflow-action": "true", "workflow-action-name": "approve"})
        assert client.post(edit, data).status_code == 302
        page = CityProgrammePage.objects.get(pk=page.pk)
        approved.append(task.task.name)
        # Approving moves to the next task, never back to one already approved.
        assert not page.workflow_in_progress or page.current_workflow_task.name not in approved, approved
    assert not page.workflow_in_progress
    # Nothing changed in the editor: approving saved no revision of its own, and the new event is live.
    assert page.revisions.count() == revisions
    new_event = page.events.get(title="Xerrada nova")
    assert list(new_event.defenders.all()) == [defender]


def in_admin_language(response, message):
    """`message` as the admin screen of `response` says it (its `lang`), HTML-escaped."""
    language = BeautifulSoup(response.content, "html.parser").html["lang"]
    with translation.override(language):
        return html.escape(translation.gettext(message))


def test_a_review_decision_sent_twice_is_taken_once(client, users, programmes):
    """A double click, the form sent again after the page was published, or a second moderator deciding at the same
    moment: one decision, no revision saved as an edit, no server error, and a message saying why."""
    page = programmes["sabadell"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(users["sabadell"])
    assert client.post(edit, edit_form_data(client, page, **{"action-submit": "action-submit"})).status_code == 302
    client.force_login(users["moderator"])
    approve = edit_form_data(client, page, **{"action-workflow-action": "true", "workflow-action-name": "approve"})
    # Someone else's decision on this page is being carried out: this one is refused, and the review stays open.
    lock = f"review-decision:editions.cityprogrammepage:{page.pk}"
    cache.add(lock, users["moderator"].pk)
    refused = client.post(edit, approve, follow=True)
    busy = "Someone is deciding this review at this moment: nothing was changed. Reload to see the decision."
    assert refused.status_code == 200 and in_admin_language(refused, busy) in refused.content.decode()
    assert CityProgrammePage.objects.get(pk=page.pk).workflow_in_progress
    cache.delete(lock)

    decided = client.post(edit, approve)
    assert decided.status_code == 302
    page = CityProgrammePage.objects.get(pk=page.pk)
    decisions = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve").count()
    revisions = page.revisions.count()
    assert decisions >= 1 and cache.get(lock) is None  # released once carried out
    again = client.post(edit, approve, follow=True)
    assert again.status_code == 200
    decided_already = "This review has already been decided: nothing was changed."
    assert in_admin_language(again, decided_already) in again.content.decode()
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve").count() == decisions
    assert page.revisions.count() == revisions
    # Extra data that is not JSON (only a hand-made form sends it): a 400, not a server error.
    client.force_login(users["sabadell"])
    client.post(edit, edit_form_data(client, page, **{"action-submit": "action-submit"}))
    client.force_login(users["moderator"])
    broken = edit_form_data(client, page, **{"action-workflow-action": "true", "workflow-action-name": "approve"})
    assert client.post(edit, {**broken, "workflow-action-extra-data": "{not json"}).status_code == 400


def test_an_admin_form_cut_short_is_a_bad_request(client, users, source_page):
    """A stream field's counter missing (a form made or cut by hand): 400, where Wagtail failed with a server error."""
    client.force_login(users["moderator"])
    edit = reverse("wagtailadmin_pages:edit", args=[source_page.pk])
    # The fields as the page's HTML has them: the body's counter is written by the admin's script.
    data = edit_form_data(client, source_page)
    assert "body-count" not in data
    assert client.post(edit, data).status_code == 400


@pytest.mark.parametrize("change", [{"title": "Xerrada canviada"}, {"DELETE": "on"}, {"venue_name": ""}])
def test_a_change_to_an_event_only_in_the_draft_still_counts_as_an_edit(client, users, programmes, change):
    page = programmes["sabadell"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(users["sabadell"])
    client.post(edit, with_new_event(edit_form_data(client, page, **{"action-submit": "action-submit"})))
    page = CityProgrammePage.objects.get(pk=page.pk)
    revisions = page.revisions.count()

    client.force_login(users["moderator"])
    data = edit_form_data(client, page, **{"action-workflow-action": "true", "workflow-action-name": "approve"})
    new_event = next(key for key, value in data.items() if value == "Xerrada nova").rsplit("-", 1)[0]
    data.update({f"{new_event}-{field}": value for field, value in change.items()})
    assert client.post(edit, data).status_code == 302
    # The moderator's edit is saved as a revision of its own (and the edited page is approved again).
    assert CityProgrammePage.objects.get(pk=page.pk).revisions.count() == revisions + 1


def test_new_programmes_go_through_the_municipal_review(programmes):
    workflow = programmes["sabadell"].get_workflow()
    assert workflow is not None and workflow.name == roles.MUNICIPAL_REVIEW


# --- Endorsements --------------------------------------------------------------------------------------------


@pytest.fixture
def statement(db):
    return StatementPageFactory(parent=StatementIndexPage.objects.get(locale__language_code="ca"), year=2031)


def endorsement_for(statement, slug, **fields):
    return EndorsementFactory(statement=statement, municipality=Municipality.objects.get(slug=slug), **fields)


def test_municipal_editor_sees_and_withdraws_only_its_own_endorsement(client, users, statement):
    own = endorsement_for(statement, "sabadell")
    other = endorsement_for(statement, "terrassa")
    client.force_login(users["sabadell"])
    assert client.get(reverse("endorsement:withdraw", args=[own.pk])).status_code == 200
    assert client.post(reverse("endorsement:withdraw", args=[own.pk])).status_code == 302
    assert Endorsement.objects.get(pk=own.pk).status == Endorsement.Status.WITHDRAWN
    assert client.post(reverse("endorsement:withdraw", args=[other.pk])).status_code == 403
    assert Endorsement.objects.get(pk=other.pk).status == Endorsement.Status.SUBMITTED


@pytest.mark.parametrize("role", ["editor", "translator", "sabadell"])
def test_only_moderators_verify_endorsements(client, users, statement, role):
    endorsement = endorsement_for(statement, "sabadell")
    client.force_login(users[role])
    response = client.post(reverse("endorsement:verify", args=[endorsement.pk]))
    assert response.status_code == 403 or denied(response)
    assert Endorsement.objects.get(pk=endorsement.pk).status == Endorsement.Status.SUBMITTED


def test_moderator_verifies_an_endorsement(client, users, statement):
    endorsement = endorsement_for(statement, "sabadell")
    client.force_login(users["moderator"])
    assert client.post(reverse("endorsement:verify", args=[endorsement.pk])).status_code == 302
    assert Endorsement.objects.get(pk=endorsement.pk).status == Endorsement.Status.VERIFIED


# --- Emergency take-down -------------------------------------------------------------------------------------


@pytest.fixture
def defender(db):
    return DefenderPageFactory(parent=DefenderIndexPage.objects.get(locale__language_code="ca"))


@pytest.mark.parametrize("role", ["editor", "translator", "sabadell"])
def test_only_moderators_may_take_a_defender_down(client, users, defender, role):
    client.force_login(users[role])
    response = client.post(reverse("defenders_take_down", args=[defender.pk]), {"reason": "Risc"})
    assert response.status_code == 403 or denied(response)
    assert Page.objects.get(pk=defender.pk).live


def test_moderator_takes_a_defender_down_everywhere(client, users, defender):
    client.force_login(users["moderator"])
    assert client.get(reverse("defenders_take_down", args=[defender.pk])).status_code == 200
    response = client.post(reverse("defenders_take_down", args=[defender.pk]), {"reason": "Amenaça rebuda"})
    assert response.status_code == 302
    assert not Page.objects.get(pk=defender.pk).live


def test_council_staff_see_their_programmes_city_without_a_chooser_for_another(client, users, programmes):
    """Which city a programme is stays as the consortium set it: its field shows the city, offering no other
    municipality to choose and no edit link, where the chooser offered every municipality and then kept this one."""
    client.force_login(users["sabadell"])
    page = programmes["sabadell"]
    html = BeautifulSoup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content, "html.parser")
    field = html.select_one("[name=municipality]")
    assert field.name == "select" and field.has_attr("disabled")
    assert [option.get_text() for option in field.select("option")] == [str(page.municipality)]
    assert not html.select("[data-chooser-url*=snippet], [data-chooser-url*=municipality]")
    client.force_login(users["moderator"])
    html = BeautifulSoup(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content, "html.parser")
    assert not html.select_one("[name=municipality]").has_attr("disabled")  # the consortium may still change it
