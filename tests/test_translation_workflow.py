"""Translators translate (in the editor or through PO files) and hand drafts to moderation; only moderators publish."""

import json

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation as i18n
from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail_localize.models import Translation

from home.models import StandardPage
from home.roles import TRANSLATORS
from home.setup import publish_new_page

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@pytest.fixture
def translator(django_user_model, homes):
    """A member of the translators' group: may use the admin and add/change pages in the es and en trees only."""
    group, _created = Group.objects.get_or_create(name=TRANSLATORS)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for code in ("es", "en"):
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group, page=homes[code], permission=_page_permission(codename)
            )
    user = django_user_model.objects.create_user("translator-test", email="translator@example.org", password=PASSWORD)
    user.groups.add(group)
    return user


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("moderator-test", password=PASSWORD)


@pytest.fixture
def translation(client, homes, locales, moderator):
    """A Catalan page that a moderator has sent for translation into Spanish, through wagtail-localize's view."""
    page = publish_new_page(
        homes["ca"],
        StandardPage(
            title="Una gira per vint ciutats",
            slug="una-gira",
            intro="Cada tardor, defensores de tot el món visiten els nostres municipis.",
            search_description="La gira de tardor.",
        ),
    )
    client.force_login(moderator)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [locales["es"].pk]}
    )
    assert response.status_code == 302
    client.logout()
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locales["es"])


SPANISH = {
    "Una gira per vint ciutats": "Una gira por veinte ciudades",
    "Cada tardor, defensores de tot el món visiten els nostres municipis.": (
        "Cada otoño, defensoras de todo el mundo visitan nuestros municipios."
    ),
    "La gira de tardor.": "La gira de otoño.",
}


def _translate_by_po(client, translation):
    """Download the PO file, fill it as an external translator would (polib), upload it back."""
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    po = polib.pofile(response.content.decode())
    assert {entry.msgid for entry in po} == set(SPANISH)
    assert all(not entry.msgstr for entry in po)
    for entry in po:
        entry.msgstr = SPANISH[entry.msgid]
    upload = SimpleUploadedFile("una-gira-es.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload})
    assert response.status_code == 302


def test_po_round_trip_then_publication(client, translation, translator, moderator, django_capture_on_commit_callbacks):
    target = translation.get_target_instance()
    assert not target.live  # new translations start as drafts
    client.force_login(translator)
    _translate_by_po(client, translation)
    assert translation.get_progress() == (3, 3)

    client.force_login(moderator)
    # wagtail-localize publishes on commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    assert response.status_code == 302
    target = StandardPage.objects.get(pk=target.pk)
    assert target.live
    assert target.title == "Una gira por veinte ciudades"
    assert target.intro == SPANISH["Cada tardor, defensores de tot el món visiten els nostres municipis."]
    assert target.slug == "una-gira"  # synchronised
    client.logout()
    public = client.get("/es/una-gira/")
    assert public.status_code == 200
    assert "Una gira por veinte ciudades" in public.content.decode()


def test_a_badly_formed_po_file_is_refused_with_a_message(client, translation, translator):
    client.force_login(translator)
    upload = SimpleUploadedFile("broken.po", b'msgid "unterminated\nmsgstr', content_type="text/plain")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}, follow=True
    )
    assert response.status_code == 200
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert translation.get_progress()[1] == 0


def test_translator_cannot_publish(client, translation, translator):
    client.force_login(translator)
    _translate_by_po(client, translation)
    target = translation.get_target_instance()
    response = client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    # PermissionDenied, which Wagtail's admin turns into a redirect to the dashboard with an error message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not Page.objects.get(pk=target.pk).live


def test_translator_cannot_touch_the_catalan_tree(client, translation, translator):
    client.force_login(translator)
    source = translation.source.get_source_instance()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[source.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_translator_saves_a_draft_and_submits_it_for_review(client, translation, translator, moderator):
    client.force_login(translator)
    _translate_by_po(client, translation)
    target = translation.get_target_instance()
    revisions_before = target.revisions.count()
    url = reverse("translation_submit_for_review", args=[translation.pk])

    assert client.get(url).status_code == 200
    # The Spanish tree's page listing offers the hand-over.
    listing = client.get(reverse("wagtailadmin_explore", args=[target.get_parent().pk]))
    assert listing.status_code == 200 and url in listing.content.decode()

    response = client.post(url)
    assert response.status_code == 302
    target = StandardPage.objects.get(pk=target.pk)
    assert target.revisions.count() == revisions_before + 1
    assert target.get_latest_revision_as_object().title == "Una gira por veinte ciudades"
    assert not target.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(target.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == translator

    # The moderator approves through Wagtail's workflow, which publishes the translation.
    client.force_login(moderator)
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[target.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    target = StandardPage.objects.get(pk=target.pk)
    assert target.live and target.title == "Una gira por veinte ciudades"


def test_others_cannot_submit_someone_elses_tree(client, translation, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password=PASSWORD)
    stranger.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(stranger)
    response = client.post(reverse("translation_submit_for_review", args=[translation.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not WorkflowState.objects.filter(object_id=str(translation.get_target_instance().pk)).exists()


def test_moderator_sees_the_hand_over_compares_and_sends_it_back_with_a_comment(
    client, translation, translator, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    # A published translation that the translator then revises and hands over.
    target = translation.get_target_instance()
    client.force_login(translator)
    _translate_by_po(client, translation)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    assert StandardPage.objects.get(pk=target.pk).live
    client.force_login(translator)
    string = translation.source.stringsegment_set.get(string__data="Una gira per vint ciutats").string
    string.translations.filter(locale=translation.target_locale).update(data="Una gira por veinte ciudades y más")
    assert client.post(reverse("translation_submit_for_review", args=[translation.pk])).status_code == 302
    # Readers keep the reviewed text while the hand-over waits (wagtail-localize would write the draft into the page).
    client.logout()
    assert "y más" not in client.get("/es/una-gira/").content.decode()

    # As a browser does: with Django's CSRF check on, the token taken from the panel's own form.
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    panel_form = BeautifulSoup(dashboard, "html.parser").select_one("form.pending-translation-decision")
    csrf_token = panel_form.select_one('input[name="csrfmiddlewaretoken"]')["value"]
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[target.pk, "live", "latest"])
    assert "pending-translations-heading" in dashboard
    assert compare in dashboard and "100 %" in dashboard and translator.get_username() in dashboard
    diff = client.get(compare)
    assert diff.status_code == 200 and "y más" in diff.content.decode()

    state = WorkflowState.objects.get(object_id=str(target.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    # The decision is taken in the panel itself: its form posts to Wagtail's workflow action view.
    request_changes = reverse(
        "wagtailadmin_pages:workflow_action", args=[target.pk, "reject", state.current_task_state.pk]
    )
    approve = reverse("wagtailadmin_pages:workflow_action", args=[target.pk, "approve", state.current_task_state.pk])
    assert f'formaction="{request_changes}"' in dashboard and f'formaction="{approve}"' in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_changes, {"comment": "Falta traducir el subtítulo", "csrfmiddlewaretoken": csrf_token}
        )
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any(
        "Falta traducir el subtítulo" in message.body for message in mailoutbox if translator.email in message.to
    )
    assert "y más" not in StandardPage.objects.get(pk=target.pk).title


def test_a_translation_sent_back_is_handed_over_again(client, translation, translator, moderator):
    """Found by the browser walk (tests/browser/test_editorial_walks.py): the second hand-over after "Request
    changes" answered 500 (Wagtail allows one in-progress or needs-changes workflow state per page)."""
    client.force_login(translator)
    _translate_by_po(client, translation)
    target = translation.get_target_instance()
    url = reverse("translation_submit_for_review", args=[translation.pk])
    assert client.post(url).status_code == 302
    state = WorkflowState.objects.get(object_id=str(target.pk), status=WorkflowState.STATUS_IN_PROGRESS)

    client.force_login(moderator)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[target.pk, "reject", state.current_task_state.pk]),
        {"comment": "Falta traducir el subtítulo"},
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(translator)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    # The success message, in the admin language the translator reads (Catalan by default).
    with i18n.override(response.context["LANGUAGE_CODE"]):
        expected = i18n.gettext("Translation saved as a draft and submitted for review.")
    assert expected in [str(message) for message in response.context["messages"]]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == "in_progress"
    assert WorkflowState.objects.filter(object_id=str(target.pk)).count() == 1


def _editor_props(response):
    import html
    import re

    return json.loads(html.unescape(re.search(r'data-props="([^"]*)"', response.content.decode()).group(1)))


def test_the_translation_editor_offers_the_hand_over_and_no_alias_to_translators(
    client, translation, translator, moderator
):
    """Found by the browser walk: wagtail-localize's editor offered translators "Convert to alias page" as its main
    action (refused when clicked) and no way to hand the translation over."""
    target = translation.get_target_instance()
    submit = reverse("translation_submit_for_review", args=[translation.pk])
    client.force_login(translator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))
    assert response.status_code == 200
    assert _editor_props(response)["links"]["convertToAliasUrl"] is None
    assert not _editor_props(response)["perms"]["canPublish"]
    assert f'href="{submit}"' in response.content.decode()

    client.force_login(moderator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))
    assert _editor_props(response)["links"]["convertToAliasUrl"] == reverse(
        "wagtail_localize:convert_to_alias", args=[target.pk]
    )


def test_the_queue_is_shown_to_moderators_even_empty_and_never_to_translators(client, translator):
    from home.roles import MODERATORS
    from tests.conftest import member

    client.force_login(member("t-queue-moderator", MODERATORS))
    assert "pending-translations-heading" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(translator)
    assert "pending-translations-heading" not in client.get(reverse("wagtailadmin_home")).content.decode()
