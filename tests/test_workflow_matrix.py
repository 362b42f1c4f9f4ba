"""The permission matrix of home/PERMISSIONS.md, asked of the admin's own HTTP views (status codes and the state
they leave behind), for each role that `setup_site` creates.

Rows for city programmes, endorsements and the take-down belong to apps merged later; they are listed as pending in
home/PERMISSIONS.md. Here a standard page granted to a municipality through `roles.grant_municipality_page_permissions`
stands in for "its own city programme", which exercises the same grant the editions app uses.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail_localize.models import TranslationSource

from home import roles
from home.models import Institution, Municipality
from tests.conftest import member, municipal_group
from tests.helpers import denied

User = get_user_model()


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def page_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "seo_title": "",
        "search_description": "",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def live_title(page):
    return Page.objects.get(pk=page.pk).specific.title


def latest_draft_title(page):
    return Page.objects.get(pk=page.pk).get_latest_revision_as_object().title


# --- Editing pages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_consortium_roles_edit_catalan_pages(as_user, role, source_page):
    client = as_user(role)
    assert client.get(edit_url(source_page)).status_code == 200
    response = client.post(edit_url(source_page), page_form(source_page, title="Nou títol"))
    assert response.status_code == 302
    assert latest_draft_title(source_page) == "Nou títol"


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_consortium_roles_edit_every_locale_tree(as_user, role, homes):
    client = as_user(role)
    for code in ("ca", "es", "en"):
        assert client.get(edit_url(homes[code])).status_code == 200, code


@pytest.mark.parametrize("role", ["translator", "sabadell"])
def test_translators_and_municipalities_cannot_edit_catalan_source(as_user, role, source_page):
    client = as_user(role)
    assert denied(client.get(edit_url(source_page)))
    assert denied(client.post(edit_url(source_page), page_form(source_page, title="Intrusió")))
    assert latest_draft_title(source_page) != "Intrusió"


def test_translator_edits_spanish_translation_in_the_localize_editor(as_user, es_page):
    response = as_user("translator").get(edit_url(es_page))
    assert response.status_code == 200
    assert b"wagtail-localize" in response.content or b"localize" in response.content


def test_municipality_cannot_edit_translations(as_user, es_page):
    assert denied(as_user("sabadell").get(edit_url(es_page)))


def test_municipality_edits_its_own_programme_not_another_municipalitys(as_user, users, sabadell_page):
    terrassa = member("t-terrassa", municipal_group("terrassa"))
    client = as_user("sabadell")
    assert client.get(edit_url(sabadell_page)).status_code == 200
    assert client.post(edit_url(sabadell_page), page_form(sabadell_page, title="Programa nou")).status_code == 302
    assert latest_draft_title(sabadell_page) == "Programa nou"
    client.force_login(terrassa)
    assert denied(client.get(edit_url(sabadell_page)))


def test_municipality_cannot_add_pages(as_user, homes):
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", homes["ca"].pk])
    assert denied(as_user("sabadell").get(url))


# --- Publishing -------------------------------------------------------------------------------------------------


def test_moderator_publishes(as_user, source_page):
    response = as_user("moderator").post(
        edit_url(source_page), page_form(source_page, title="Publicat", **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    assert live_title(source_page) == "Publicat"


@pytest.mark.parametrize("role", ["editor", "sabadell"])
def test_other_roles_cannot_publish(as_user, role, source_page, sabadell_page):
    page = sabadell_page if role == "sabadell" else source_page
    before = live_title(page)
    as_user(role).post(edit_url(page), page_form(page, title="No publicat", **{"action-publish": "action-publish"}))
    assert live_title(page) == before
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    assert denied(as_user(role).post(unpublish))
    assert Page.objects.get(pk=page.pk).live


def test_translator_cannot_publish_in_the_localize_editor(as_user, es_page):
    before = live_title(es_page)
    response = as_user("translator").post(edit_url(es_page), {"action": "publish"})
    assert denied(response)
    assert live_title(es_page) == before


def test_translator_cannot_publish_through_sync_translations(as_user, source_page, es_page):
    """wagtail-localize's "Sync translated pages" would publish every translation; the guard refuses it."""
    source = TranslationSource.objects.get_for_instance(source_page)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    response = as_user("translator").post(url, {"publish_translations": "on"})
    assert denied(response)
    # An admin page that says so and leads back, not a bare "403 Forbidden".
    assert response.status_code == 403
    html = response.content.decode()
    assert "No teniu accés a aquesta pàgina." in html and f'href="{reverse("wagtailadmin_home")}"' in html


def test_moderator_may_publish_through_sync_translations(as_user, source_page):
    source = TranslationSource.objects.get_for_instance(source_page)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert as_user("moderator").post(url, {"publish_translations": "on"}).status_code == 302


def test_moderator_publishes_translation_in_the_localize_editor(as_user, es_page):
    response = as_user("moderator").post(edit_url(es_page), {"action": "publish"})
    assert response.status_code == 302


def test_municipality_cannot_create_translations(as_user, sabadell_page):
    url = reverse("wagtail_localize:submit_page_translation", args=[sabadell_page.pk])
    assert denied(as_user("sabadell").get(url))
    assert not Page.objects.filter(translation_key=sabadell_page.translation_key).exclude(pk=sabadell_page.pk)


# --- Workflow: submit and approve --------------------------------------------------------------------------------


def submit(client, page, title):
    response = client.post(edit_url(page), page_form(page, title=title, **{"action-submit": "action-submit"}))
    assert response.status_code == 302
    return Page.objects.get(pk=page.pk).current_workflow_task_state


def workflow_action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def test_editor_submits_and_only_a_moderator_approves(as_user, users, source_page):
    task_state = submit(as_user("editor"), source_page, "Revisat")
    assert task_state is not None
    assert task_state.task.name == roles.CONSORTIUM_APPROVAL_TASK
    for role in ("editor", "translator", "sabadell"):
        response = as_user(role).post(workflow_action_url(source_page, "approve", task_state), {"comment": ""})
        assert denied(response), role
    assert live_title(source_page) != "Revisat"
    response = as_user("moderator").post(workflow_action_url(source_page, "approve", task_state), {"comment": "Bé"})
    assert response.status_code == 302
    assert live_title(source_page) == "Revisat"


def test_municipal_programme_review_rejection_reaches_the_submitter_with_the_comment(as_user, sabadell_page):
    roles.attach_municipal_review(sabadell_page)
    task_state = submit(as_user("sabadell"), sabadell_page, "Programa per revisar")
    assert task_state.workflow_state.workflow.name == roles.MUNICIPAL_REVIEW
    mail.outbox.clear()
    response = as_user("moderator").post(
        workflow_action_url(sabadell_page, "reject", task_state), {"comment": "Falta l'horari de l'acte"}
    )
    assert response.status_code == 302
    to_submitter = [message for message in mail.outbox if "t-sabadell@example.org" in message.to]
    assert to_submitter, [message.to for message in mail.outbox]
    assert "Falta l'horari de l'acte" in to_submitter[0].body
    assert live_title(sabadell_page) == "Programa de Sabadell"


def test_municipal_programme_approval_publishes_and_notifies(as_user, sabadell_page):
    roles.attach_municipal_review(sabadell_page)
    task_state = submit(as_user("sabadell"), sabadell_page, "Programa aprovat")
    mail.outbox.clear()
    as_user("moderator").post(workflow_action_url(sabadell_page, "approve", task_state), {"comment": "Perfecte"})
    assert live_title(sabadell_page) == "Programa aprovat"
    assert any("t-sabadell@example.org" in message.to for message in mail.outbox)


# --- Snippets ---------------------------------------------------------------------------------------------------


def snippet_edit_url(instance):
    return reverse(f"wagtailsnippets_home_{instance._meta.model_name}:edit", args=[instance.pk])


def test_translator_edits_translated_snippets_but_not_the_catalan_source(as_user, locales):
    source = Institution.objects.filter(locale=locales["ca"]).first()
    translation = source.get_translation(locales["es"])
    client = as_user("translator")
    assert denied(client.get(snippet_edit_url(source)))
    assert client.get(snippet_edit_url(translation)).status_code == 200


@pytest.mark.parametrize(("role", "allowed"), [("moderator", True), ("editor", True), ("sabadell", False)])
def test_institution_snippets(as_user, role, allowed, locales):
    source = Institution.objects.filter(locale=locales["ca"]).first()
    response = as_user(role).get(snippet_edit_url(source))
    assert response.status_code == 200 if allowed else denied(response)


@pytest.mark.parametrize(("role", "allowed"), [("moderator", True), ("editor", False), ("sabadell", False)])
def test_only_moderators_edit_municipalities(as_user, role, allowed):
    municipality = Municipality.objects.get(slug="sabadell")
    response = as_user(role).get(snippet_edit_url(municipality))
    assert response.status_code == 200 if allowed else denied(response)


# --- Collections: images and documents ---------------------------------------------------------------------------


def png():
    out = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(out, "PNG")
    return SimpleUploadedFile("test.png", out.getvalue(), content_type="image/png")


def collection(slug):
    return Collection.objects.get(name=f"{roles.MUNICIPAL_COLLECTION_PREFIX}{Municipality.objects.get(slug=slug).name}")


def test_municipality_uploads_into_its_own_collection_only(as_user):
    client = as_user("sabadell")
    Image = get_image_model()
    own, other = collection("sabadell"), collection("terrassa")
    client.post(reverse("wagtailimages:add"), {"title": "Cartell", "file": png(), "collection": own.pk})
    assert Image.objects.filter(title="Cartell", collection=own).exists()
    # With one permitted collection Wagtail drops the field: whatever is posted, the upload lands in its own.
    client.post(reverse("wagtailimages:add"), {"title": "Intrús", "file": png(), "collection": other.pk})
    root = Collection.get_first_root_node()
    client.post(reverse("wagtailimages:add"), {"title": "Arrel", "file": png(), "collection": root.pk})
    assert not Image.objects.filter(collection__in=[other, root]).exists()
    assert set(Image.objects.filter(title__in=["Intrús", "Arrel"]).values_list("collection", flat=True)) <= {own.pk}


def test_municipality_uploads_documents_into_its_own_collection_only(as_user):
    client = as_user("sabadell")
    Document = get_document_model()
    own, other = collection("sabadell"), collection("terrassa")
    for title, target in (("Programa", own), ("Intrús", other)):
        upload = SimpleUploadedFile("programa.txt", b"Programa", content_type="text/plain")
        client.post(reverse("wagtaildocs:add"), {"title": title, "file": upload, "collection": target.pk})
    assert Document.objects.filter(title="Programa", collection=own).exists()
    assert not Document.objects.filter(collection=other).exists()


def test_municipality_cannot_edit_another_municipalitys_image(as_user):
    image = get_image_model().objects.create(title="De Terrassa", file=png(), collection=collection("terrassa"))
    assert denied(as_user("sabadell").get(reverse("wagtailimages:edit", args=[image.pk])))


def test_editor_uploads_anywhere(as_user):
    as_user("editor").post(
        reverse("wagtailimages:add"), {"title": "Consorci", "file": png(), "collection": collection("terrassa").pk}
    )
    assert get_image_model().objects.filter(title="Consorci").exists()


# --- Users ------------------------------------------------------------------------------------------------------


def new_user_form(username):
    return {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "Nova",
        "last_name": "Persona",
        "password1": "una-contrasenya-llarga-2026",
        "password2": "una-contrasenya-llarga-2026",
    }


@pytest.mark.parametrize(("role", "allowed"), [("moderator", True), ("editor", False), ("sabadell", False)])
def test_only_moderators_manage_users(as_user, role, allowed):
    client = as_user(role)
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code == 200 if allowed else denied(response)
    client.post(reverse("wagtailusers_users:add"), new_user_form(f"new-{role}"))
    assert User.objects.filter(username=f"new-{role}").exists() is allowed


def test_password_validators_refuse_weak_passwords(as_user):
    data = new_user_form("weak") | {"password1": "12345678", "password2": "12345678"}
    response = as_user("moderator").post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


# --- What a municipal editor sees ---------------------------------------------------------------------------------


def test_municipal_explorer_shows_only_its_own_pages(as_user, homes, sabadell_page, source_page):
    client = as_user("sabadell")
    response = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert edit_url(sabadell_page) in content
    assert edit_url(source_page) not in content
    # Wagtail sends the municipal editor from the home page's listing to its own part of the tree.
    response = client.get(reverse("wagtailadmin_explore", args=[homes["ca"].pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[sabadell_page.pk])


def test_municipal_search_shows_only_its_own_pages(as_user, sabadell_page, source_page):
    client = as_user("sabadell")
    found = client.get(reverse("wagtailadmin_pages:search"), {"q": "Sabadell"}).content.decode()
    assert edit_url(sabadell_page) in found
    other = client.get(reverse("wagtailadmin_pages:search"), {"q": source_page.title}).content.decode()
    assert edit_url(source_page) not in other
    # The same search finds it for an editor: the filter is the municipal editor's rights, not the index.
    client.force_login(User.objects.get(username="t-editor"))
    assert (
        edit_url(source_page)
        in client.get(reverse("wagtailadmin_pages:search"), {"q": source_page.title}).content.decode()
    )


def test_municipality_without_programmes_sees_no_pages(users, client, homes):
    terrassa = member("t-terrassa-2", municipal_group("terrassa"))
    client.force_login(terrassa)
    response = client.get(reverse("wagtailadmin_explore", args=[homes["ca"].pk]))
    assert denied(response)
