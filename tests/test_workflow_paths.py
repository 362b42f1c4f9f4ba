"""Every admin path that changes a live page, for every role, through the admin's HTTP views.

The paths come from Wagtail's and wagtail-localize's URL configuration (`PATHS` below names each URL and the test
that takes it). Only moderators change what readers see; everyone else's change waits in moderation or is refused.
Images and documents: only moderators delete them (home/editorial_guards.py).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, ModelLogEntry, Page, PageLogEntry
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object

from home import roles
from home.models import Municipality, StandardPage
from home.setup import publish_new_page
from tests.helpers import denied
from tests.test_workflow_matrix import edit_url, live_title, page_form

ROLES = ["moderator", "editor", "translator", "sabadell"]
OTHERS = ["editor", "translator", "sabadell"]

# URL name -> the test below that takes that path for every role.
PATHS = {
    "wagtailadmin_pages:edit (action-publish, go_live_at)": "test_publish_and_schedule",
    "wagtailadmin_pages:revisions_revert": "test_revert_and_publish",
    "wagtailadmin_pages:unpublish": "test_unpublish",
    "wagtailadmin_pages:delete": "test_delete_page",
    "wagtailadmin_api:pages:action (delete)": "test_delete_page",
    "wagtailadmin_pages:move": "test_move_live_page",
    "wagtailadmin_api:pages:action (move)": "test_move_live_page_through_the_admin_api",
    "wagtailadmin_api:pages:action (copy, publish, unpublish, create_alias)": "test_admin_api_actions",
    "wagtailadmin_pages:copy (publish_copies, alias)": "test_copy_published_or_as_alias",
    "wagtail_bulk_action (publish, unpublish, delete, move)": "test_bulk_actions",
    "wagtail_localize:convert_to_alias": "test_convert_to_alias",
    "wagtail_localize:update_translations (publish_translations)": "test_sync_and_publish",
    "wagtailadmin_pages:edit on a translation (localize editor, action=publish)": "test_localize_editor",
    "wagtail_localize:edit_string_translation": "test_localize_editor",
}


@pytest.fixture
def page_of(users, source_page, es_page, sabadell_page, locales):
    """The page each role could reach: its own programme for council staff (Spanish translation included)."""
    translate_object(sabadell_page, [locales["es"]])
    es_programme = sabadell_page.get_translation(locales["es"])
    roles.grant_municipality_page_permissions(es_programme, Municipality.objects.get(slug="sabadell"))

    def page(role, language="ca"):
        if role == "sabadell":
            return sabadell_page if language == "ca" else es_programme
        return source_page if language == "ca" else es_page

    return page


def is_live_revision_unchanged(page, before):
    return Page.objects.get(pk=page.pk).live_revision_id == before


# --- Wagtail's page views ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_publish_and_schedule(as_user, role, page_of):
    page = page_of(role)
    client = as_user(role)
    client.post(edit_url(page), page_form(page, title="Ara", **{"action-publish": "action-publish"}))
    client.post(
        edit_url(page),
        page_form(page, title="Demà", go_live_at="2099-01-01 10:00", **{"action-publish": "action-publish"}),
    )
    scheduled = Page.objects.get(pk=page.pk).revisions.exclude(approved_go_live_at=None).exists()
    if role == "moderator":
        assert live_title(page) == "Ara" and scheduled
    else:
        assert live_title(page) != "Ara" and not scheduled


@pytest.mark.parametrize("role", ROLES)
def test_revert_and_publish(as_user, role, page_of):
    page = page_of(role)
    old = page.get_latest_revision()
    page.title = "Versió nova"
    page.save_revision().publish()
    client = as_user(role)
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old.pk])
    assert client.get(revert).status_code in (200, 302, 403)
    client.post(edit_url(page), page_form(page, title=old.as_object().title, **{"action-publish": "action-publish"}))
    assert (live_title(page) == old.as_object().title) == (role == "moderator")


@pytest.mark.parametrize("role", ROLES)
def test_unpublish(as_user, role, page_of):
    page = page_of(role)
    response = as_user(role).post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert Page.objects.get(pk=page.pk).live == (role != "moderator")
    if role != "moderator":
        assert denied(response)


@pytest.mark.parametrize("role", ROLES)
def test_delete_page(as_user, users, role, homes):
    """Even a draft of their own: Wagtail would let anyone who may edit it delete it."""
    draft = StandardPage(title="Esborrany", slug="esborrany", intro="Esborrany", owner=users[role], live=False)
    homes["ca"].add_child(instance=draft)
    roles.grant_municipality_page_permissions(draft, Municipality.objects.get(slug="sabadell"))
    url = reverse("wagtailadmin_pages:delete", args=[draft.pk])
    client = as_user(role)
    api = client.post(
        reverse("wagtailadmin_api:pages:action", args=[draft.pk, "delete"]), content_type="application/json"
    )
    response = client.post(url)
    exists = Page.objects.filter(pk=draft.pk).exists()
    if role == "moderator":
        assert not exists
    else:
        assert exists and denied(response) and api.status_code == 403
        assert denied(client.get(url))


@pytest.mark.parametrize("role", ROLES)
def test_move_live_page(as_user, role, page_of, homes):
    page = page_of(role)
    destination = StandardPage.objects.child_of(homes["ca"]).live().exclude(pk=page.pk).first()
    url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    as_user(role).post(url)
    moved = Page.objects.get(pk=page.pk).get_parent().pk == destination.pk
    assert moved == (role == "moderator")


@pytest.mark.parametrize("role", ROLES)
def test_move_live_page_through_the_admin_api(as_user, role, page_of, homes):
    """The admin API's move (what the explorer's drag-and-drop uses) asks for the same right as the move screen."""
    page = page_of(role)
    destination = StandardPage.objects.child_of(homes["ca"]).live().exclude(pk=page.pk).first()
    url = reverse("wagtailadmin_api:pages:action", args=[page.pk, "move"])
    data = {"destination_page_id": destination.pk, "position": "last-child"}

    response = as_user(role).post(url, data, content_type="application/json")

    moved = Page.objects.get(pk=page.pk).get_parent().pk == destination.pk
    assert moved == (role == "moderator")
    # 404 for someone who cannot even see the page in the admin (a translator in the Catalan tree).
    assert response.status_code == 200 if role == "moderator" else response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("how", ["publish_copies", "alias"])
def test_copy_published_or_as_alias(as_user, role, how, page_of, homes):
    page = page_of(role)
    data = {
        "new_title": "Còpia",
        "new_slug": f"copia-{how}",
        "new_parent_page": homes["ca"].pk,
        how: "on",
    }
    as_user(role).post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)
    live_copies = Page.objects.filter(slug=f"copia-{how}", live=True)
    assert live_copies.exists() == (role == "moderator")


BULK = "wagtail_bulk_action"


def bulk_url(action, page, **extra):
    url = reverse(BULK, args=["wagtailcore", "page", action])
    query = "&".join(f"{key}={value}" for key, value in extra.items())
    return f"{url}?id={page.pk}" + (f"&{query}" if query else "")


@pytest.mark.parametrize("role", ROLES)
def test_bulk_actions(as_user, role, page_of, homes, users):
    page = page_of(role)
    client = as_user(role)
    moderator = role == "moderator"
    # Publish a newer draft in bulk.
    page.title = "Esborrany nou"
    page.save_revision(user=users[role])
    client.post(bulk_url("publish", page), {"include_descendants": ""})
    assert (live_title(page) == "Esborrany nou") == moderator
    # Move in bulk.
    destination = StandardPage.objects.child_of(homes["ca"]).live().exclude(pk=page.pk).first()
    client.post(bulk_url("move", page), {"chooser": destination.pk})
    assert (Page.objects.get(pk=page.pk).get_parent().pk == destination.pk) == moderator
    # Unpublish, then delete in bulk.
    client.post(bulk_url("unpublish", page), {"include_descendants": ""})
    assert Page.objects.get(pk=page.pk).live != moderator
    draft = StandardPage(title="Esborrany", slug="esborrany-bulk", intro="x", owner=users[role], live=False)
    homes["ca"].add_child(instance=draft)
    roles.grant_municipality_page_permissions(draft, Municipality.objects.get(slug="sabadell"))
    response = client.post(bulk_url("delete", draft))
    assert Page.objects.filter(pk=draft.pk).exists() != moderator
    if not moderator:
        assert denied(response) or response.status_code == 302


# --- wagtail-localize ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_convert_to_alias(as_user, role, page_of):
    page = page_of(role, "es")
    live_revision = Page.objects.get(pk=page.pk).live_revision_id
    client = as_user(role)
    response = client.post(reverse("wagtail_localize:convert_to_alias", args=[page.pk]))
    converted = Page.objects.get(pk=page.pk).alias_of_id is not None
    assert converted == (role == "moderator")
    if role != "moderator":
        assert denied(response)
        assert is_live_revision_unchanged(page, live_revision)


@pytest.mark.parametrize("role", ["moderator", "translator"])
def test_convert_to_alias_is_offered_only_to_moderators(as_user, role, page_of):
    page = page_of(role, "es")
    # Wagtail's own edit view (the translation editor is bypassed once the translation is stopped).
    Translation.objects.filter(source__object_id=page.translation_key, target_locale=page.locale).update(enabled=False)
    response = as_user(role).get(edit_url(page))
    assert response.status_code == 200
    offered = b"localize-convert-to-alias" in response.content
    assert offered == (role == "moderator")


@pytest.mark.parametrize("role", ROLES)
def test_sync_and_publish(as_user, role, page_of):
    page = page_of(role)
    source = TranslationSource.objects.get_for_instance(page) if role != "sabadell" else None
    if source is None:
        source, _created = TranslationSource.get_or_create_from_instance(page)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    response = as_user(role).post(url, {"publish_translations": "on"})
    if role == "moderator":
        assert response.status_code == 302
    else:
        assert denied(response)


@pytest.mark.parametrize("role", ROLES)
def test_localize_editor(as_user, role, page_of):
    """Translators write translations but do not publish them; council staff do not touch translations at all, not
    even of their own programme."""
    page = page_of(role, "es")
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=page.locale)
    client = as_user(role)
    opened = client.get(edit_url(page))
    live_revision = Page.objects.get(pk=page.pk).live_revision_id
    published = client.post(edit_url(page), {"action": "publish"})
    segment = StringSegment.objects.filter(source=translation.source).first()
    saved = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        "value=Texto",
        content_type="application/x-www-form-urlencoded",
    )
    written = StringTranslation.objects.filter(translation_of_id=segment.string_id, locale=page.locale, data="Texto")
    if role == "sabadell":
        assert denied(opened) and denied(published) and saved.status_code == 403
        assert not written.exists()
    else:
        assert opened.status_code == 200 and saved.status_code == 200 and written.exists()
    if role == "moderator":
        assert published.status_code == 302
    else:
        assert denied(published)
        assert is_live_revision_unchanged(page, live_revision)


# --- Images and documents --------------------------------------------------------------------------------------------


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def new_image(owner, collection=None):
    return get_image_model().objects.create(
        title="Una imatge",
        file=SimpleUploadedFile("imatge.png", png()),
        uploaded_by_user=owner,
        collection=collection or Collection.get_first_root_node(),
    )


def new_document(owner, collection=None):
    return get_document_model().objects.create(
        title="Un document",
        file=SimpleUploadedFile("document.txt", b"text"),
        uploaded_by_user=owner,
        collection=collection or Collection.get_first_root_node(),
    )


def own_collection(role):
    if role != "sabadell":
        return None
    return Collection.objects.get(
        name=f"{roles.MUNICIPAL_COLLECTION_PREFIX}{Municipality.objects.get(slug='sabadell').name}"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["image", "document"])
def test_only_moderators_delete_images_and_documents(as_user, users, role, kind):
    """Even their own upload, in a collection where they may change files."""
    make, app = (new_image, "wagtailimages") if kind == "image" else (new_document, "wagtaildocs")
    item = make(users[role], own_collection(role))
    client = as_user(role)
    response = client.post(reverse(f"{app}:delete", args=[item.pk]))
    model = type(item)
    bulk = make(users[role], own_collection(role))
    client.post(f"{reverse(BULK, args=[app, model._meta.model_name, 'delete'])}?id={bulk.pk}")
    if role == "moderator":
        assert not model.objects.filter(pk__in=[item.pk, bulk.pk]).exists()
    else:
        assert model.objects.filter(pk=item.pk).exists() and denied(response)
        assert model.objects.filter(pk=bulk.pk).exists()


def test_deleting_a_used_image_warns_and_is_logged(as_user, users):
    image = new_image(users["moderator"])
    page = publish_new_page(
        Page.objects.get(depth=2, locale__language_code="ca"),
        StandardPage(
            title="Amb imatge",
            slug="amb-imatge",
            intro="x",
            body=[{"type": "figure", "value": {"image": {"image": image.pk, "alt_text": "Una", "decorative": False}}}],
        ),
    )
    client = as_user("moderator")
    confirm = client.get(reverse("wagtailimages:delete", args=[image.pk]))
    assert confirm.status_code == 200
    assert reverse("wagtailimages:image_usage", args=[image.pk]).encode() in confirm.content
    client.post(reverse("wagtailimages:delete", args=[image.pk]))
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete", object_id=str(image.pk), user=users["moderator"])
    assert PageLogEntry.objects.filter(page=page).exists()


# --- The list above is complete ----------------------------------------------------------------------------------

# Views of those namespaces that change no live page by themselves (reading, drafts, locks, the translation's own
# strings, the workflow's own approval which only moderators hold), so a new view in an upgrade fails here.
CHANGES_NO_LIVE_PAGE = {
    "wagtailadmin_pages:add",  # a new page; publishing it is `action-publish`, checked like edit
    "wagtailadmin_pages:add_subpage",
    "wagtailadmin_pages:choose_parent",
    "wagtailadmin_pages:collect_workflow_action_data",
    "wagtailadmin_pages:confirm_workflow_cancellation",
    "wagtailadmin_pages:convert_alias",  # an alias becomes an ordinary page with the same content
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:history_results",
    "wagtailadmin_pages:lock",
    "wagtailadmin_pages:unlock",
    "wagtailadmin_pages:move_confirm",  # the move itself: test_move_live_page
    "wagtailadmin_pages:preview_on_add",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_pages:revisions_unschedule",  # takes a scheduled publication back
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:search",
    "wagtailadmin_pages:search_results",
    "wagtailadmin_pages:set_page_position",
    "wagtailadmin_pages:set_privacy",  # Wagtail asks for `publish` (can_set_view_restrictions)
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
    "wagtailadmin_pages:usage",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:workflow_action",  # approval: task permissions, tests/test_workflow_matrix.py
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:workflow_history_detail",
    "wagtailadmin_pages:workflow_preview",
    "wagtail_localize:download_pofile",
    "wagtail_localize:edit_override",  # like edit_string_translation
    "wagtail_localize:upload_pofile",  # like edit_string_translation
    "wagtail_localize:machine_translate",  # like edit_string_translation
    "wagtail_localize:stop_translation",
    "wagtail_localize:javascript_catalog",
    "wagtail_localize:preview_translation",
    "wagtail_localize:snippets_api_detail",
    "wagtail_localize:snippets_api_listing",
    "wagtail_localize:submit_page_translation",  # creates drafts in the target language
    "wagtail_localize:submit_snippet_translation",
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_api:pages:detail",
    "wagtailadmin_api:pages:find",
}


def url_names(patterns, namespace=""):
    from django.urls.resolvers import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_page_changing_path_is_tested():
    from django.urls import get_resolver

    namespaces = ("wagtailadmin_pages:", "wagtail_localize:", "wagtailadmin_api:pages:", "wagtail_bulk_action")
    found = {name for name in url_names(get_resolver().url_patterns) if name.startswith(namespaces)}
    tested = {key.split(" ")[0] for key in PATHS}
    assert found - tested - CHANGES_NO_LIVE_PAGE == set()
    assert set(PATHS.values()) <= set(globals())


@pytest.mark.parametrize("role", ROLES)
def test_admin_api_actions(as_user, role, page_of, homes, users):
    """The admin API's page actions run the same checks (Wagtail's, and ours for delete in test_delete_page)."""
    page = page_of(role)
    client = as_user(role)
    moderator = role == "moderator"

    def action(name, **data):
        url = reverse("wagtailadmin_api:pages:action", args=[page.pk, name])
        return client.post(url, data, content_type="application/json")

    page.title = "Esborrany nou"
    page.save_revision(user=users[role])
    action("publish")
    assert (live_title(page) == "Esborrany nou") == moderator
    action("create_alias", destination_page_id=homes["es"].pk, update_slug="alias-api")
    assert Page.objects.filter(slug="alias-api").exists() == moderator
    action("copy", destination_page_id=homes["ca"].pk, slug="copia-api", keep_live=True)
    assert Page.objects.filter(slug="copia-api", live=True).exists() == moderator
    action("unpublish")
    assert Page.objects.get(pk=page.pk).live != moderator
