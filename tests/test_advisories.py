"""Regression corpus: Wagtail's security advisories of 2023–2026, each asked of OUR configuration (roles from
home/roles.py, our snippets, our page types, our API), through the admin's HTTP views and the public site.

Wagtail 8.0.1 carries the fixes; these tests make sure our own code and settings (hooks, custom API viewsets,
roles, templates) do not reopen any of them.

| advisory (year) | test |
|---|---|
| stored XSS in admin views (ModelAdmin, GHSA-5286-f2rf-35c2, 2023) and in titles shown in listings, choosers,
  breadcrumbs and history | test_page_title_is_escaped_*, test_snippet_names_are_escaped_* |
| TableBlock class attributes XSS (2025) | test_table_block_is_not_enabled |
| `javascript:` links in rich text | test_javascript_links_are_dropped_from_rich_text |
| compare revisions / page history / copy pages (GHSA-c6wj-9vcj-75pj, GHSA-c4mr-889m-vgf6, GHSA-67rv-mg8q-5pf3,
  2026), preview and revision views | test_municipal_editor_cannot_read_other_pages_through_* |
| deleting form submissions (GHSA-pwm3-7fv4-g6xx, 2026) | test_contact_messages_* |
| Documents and Images API restrictions (GHSA-p5gm-92h4-6pv6, 2026) | test_api_hides_restricted_collections |
| settings edit permission bypass (GHSA-xxfm-vmcf-g33f, 2024) | test_no_settings_models_are_registered |
| user names disclosed by bulk action views (GHSA-fc75-58r8-rm3h, 2023) | test_bulk_user_actions_refused |
| regular-expression DoS in search query parsing (CVE-2024-39317) | test_long_search_queries_* |
| large uploads / image filter specs | tests/test_upload_limits.py, test_dynamic_image_serve_is_off |
| submit translation without page permission (wagtail-localize) | test_municipal_editor_cannot_translate_* |
"""

import json
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail_localize.models import Translation

from contact.models import ContactPage
from defenders.factories import DefenderPageFactory, make_image, make_person
from defenders.models import DefenderIndexPage, DefenderPage, Theme
from defenders.safety import SafetyLevel
from editions.factories import edition_index, make_programme, make_tour
from home import roles
from home.models import HomePage, Institution, Municipality, StandardPage
from tests.helpers import client_for, denied

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"Title {SCRIPT} {ATTRIBUTE}"


def assert_escaped(html):
    assert '<script>alert("xss")' not in html
    assert "<img src=x onerror" not in html


def html_of(response):
    """What a browser would parse as HTML. Choosers answer JSON: its "html" part is markup; its "result" is data
    that the admin's scripts put into the page as text, never as markup (and JSON is never rendered as a page)."""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def not_found(client, url):
    """404, possibly after the language redirect that every unknown path gets (LanguagePrefixMiddleware)."""
    response = client.get(url, follow=True)
    return response.status_code == 404


def member(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "not-used-here-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def users(db):
    return {
        "moderator": member("adv-moderator", roles.MODERATORS),
        "editor": member("adv-editor", roles.editor_group_names()[0]),
        "translator": member("adv-translator", roles.TRANSLATORS),
        "sabadell": member("adv-sabadell", Municipality.objects.get(slug="sabadell").editors_group.name),
    }


# --- Stored XSS -------------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_page(homes):
    page = StandardPage(title=PAYLOAD, slug="hostile-title", intro=f"Intro {SCRIPT}", seo_title=PAYLOAD)
    homes["ca"].add_child(instance=page)
    page.save_revision().publish()
    page.intro = f"Second {ATTRIBUTE}"
    page.save_revision()
    child = StandardPage(title="A child page", slug="hostile-child")
    page.add_child(instance=child)
    child.save_revision().publish()
    return page, child


def test_page_title_is_escaped_in_admin_listings_choosers_breadcrumbs_and_history(users, homes, hostile_page):
    page, child = hostile_page
    client = client_for(users["editor"])
    urls = [
        reverse("wagtailadmin_explore", args=[homes["ca"].pk]),
        reverse("wagtailadmin_explore", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[child.pk]),  # breadcrumbs through the hostile parent
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:search") + "?q=hostile",
        reverse("wagtailadmin_choose_page_child", args=[homes["ca"].pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=Title",
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        reverse("wagtailadmin_reports:site_history"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(html_of(response))


def test_page_title_is_escaped_on_the_public_site(client, hostile_page):
    page, child = hostile_page
    for url in (page.url, child.url):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response.content.decode())
    with translation.override("ca"):
        search = reverse("search")
    response = client.get(search, {"q": "Title"})
    assert response.status_code == 200
    assert_escaped(response.content.decode())


@pytest.fixture
def hostile_snippets(locales):
    theme = Theme.objects.create(name=PAYLOAD, slug="hostile-theme", locale=locales["ca"], live=True)
    theme.save_revision()
    institution = Institution.objects.filter(locale=locales["ca"]).first()
    institution.name = PAYLOAD
    institution.save()
    institution.save_revision()
    return theme, institution


def test_snippet_names_are_escaped_in_listings_choosers_and_history(users, hostile_snippets):
    theme, institution = hostile_snippets
    client = client_for(users["editor"])
    urls = [
        reverse("wagtailsnippets_defenders_theme:list"),
        reverse("wagtailsnippets_defenders_theme:edit", args=[theme.pk]),
        reverse("wagtailsnippets_defenders_theme:history", args=[theme.pk]),
        reverse("wagtailsnippets_defenders_theme:usage", args=[theme.pk]),
        reverse("wagtailsnippetchoosers_defenders_theme:choose"),
        reverse("wagtailsnippetchoosers_defenders_theme:chosen", args=[theme.pk]),
        reverse("wagtailsnippets_home_institution:list"),
        reverse("wagtailsnippets_home_institution:edit", args=[institution.pk]),
        reverse("wagtailsnippets_home_institution:history", args=[institution.pk]),
        reverse("wagtailsnippetchoosers_home_institution:choose"),
        reverse("wagtailsnippetchoosers_home_institution:chosen", args=[institution.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(html_of(response))


def test_snippet_names_are_escaped_on_public_pages(client, homes, hostile_snippets):
    theme, _institution = hostile_snippets
    index = DefenderIndexPage.objects.get(locale__language_code="ca")
    person = make_person(display_name="Hostile Theme Person", country="CO", safety_level=SafetyLevel.PUBLIC)
    page = DefenderPage(slug="htp", person=person)
    index.add_child(instance=page)
    page.themes.add(theme)
    page.save_revision().publish()
    for url in (page.url, index.url, homes["ca"].url):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response.content.decode())


def test_table_block_is_not_enabled():
    """The 2025 TableBlock advisory (class attributes of cells) cannot reach us: no table block anywhere."""
    from django.apps import apps
    from wagtail.fields import StreamField

    assert "wagtail.contrib.table_block" not in settings.INSTALLED_APPS
    assert "wagtail.contrib.typed_table_block" not in settings.INSTALLED_APPS

    def block_classes(block):
        yield type(block).__name__
        for child in getattr(block, "child_blocks", {}).values():
            yield from block_classes(child)
        if hasattr(block, "child_block"):
            yield from block_classes(block.child_block)

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                names = set(block_classes(field.stream_block))
                assert not {"TableBlock", "TypedTableBlock"} & names, f"{model.__name__}.{field.name}"


def test_javascript_links_are_dropped_from_rich_text(client, users):
    """A `javascript:` link typed into the rich-text editor must not reach the page; the public CSP would also
    refuse to run it (no 'unsafe-inline')."""
    index = DefenderIndexPage.objects.get(locale__language_code="ca")
    person = make_person(display_name="Link Person", country="CO", safety_level=SafetyLevel.PUBLIC)
    page = DefenderPage(slug="link-person", person=person)
    index.add_child(instance=page)
    page.save_revision().publish()
    contentstate = {
        "blocks": [
            {
                "key": "a1b2c",
                "text": "click me",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 8, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}},
    }
    data = {
        "person": person.pk,
        "summary": "",
        "biography-count": "1",
        "biography-0-type": "paragraph",
        "biography-0-value": json.dumps(contentstate),
        "biography-0-deleted": "",
        "biography-0-order": "0",
        "biography-0-id": "",
        "links-count": "0",
    }
    admin = client_for(users["moderator"])
    response = admin.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = DefenderPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stored = json.dumps(draft.biography.get_prep_value())
    assert "click me" in stored
    assert "javascript:" not in stored
    preview = admin.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).content.decode()
    assert "click me" in preview and "javascript:" not in preview
    csp = client.get(page.url)["Content-Security-Policy"]
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]


# --- Permission bypass ------------------------------------------------------------------------------------------


SECRET_DRAFT = "Draft-only secret location Qv9"


@pytest.fixture
def consortium_defender():
    """A protected defender with a draft that says more than the published version."""
    index = DefenderIndexPage.objects.get(locale__language_code="ca")
    person = make_person(
        display_name="Roure",
        country="HN",
        region="Olancho",
        safety_level=SafetyLevel.PROTECTED,
        legal_name="Maria Secreta Adv",
    )
    page = DefenderPage(slug="roure-adv", person=person)
    index.add_child(instance=page)
    page.save_revision().publish()
    page.summary = SECRET_DRAFT
    page.save_revision()
    return page


def test_municipal_editor_cannot_read_other_pages_through_history_compare_preview_or_revisions(
    users, consortium_defender
):
    page = consortium_defender
    revision = page.get_latest_revision()
    client = client_for(users["sabadell"])
    urls = [
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:history_results", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", "latest"]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert denied(response), (url, response.status_code)
        body = response.content.decode()
        assert SECRET_DRAFT not in body and "Maria Secreta" not in body


def test_municipal_editor_cannot_copy_a_page_they_cannot_edit(users, consortium_defender):
    page = consortium_defender
    client = client_for(users["sabadell"])
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    assert denied(client.get(url))
    before = Page.objects.count()
    response = client.post(
        url, {"new_title": "Copied", "new_slug": "copied-roure", "new_parent_page": page.get_parent().pk}
    )
    assert denied(response)
    assert Page.objects.count() == before


def test_page_chooser_does_not_reveal_drafts_to_municipal_editors(users, consortium_defender):
    """The chooser lists titles (public names) for linking; never a draft's text or the legal name."""
    index = consortium_defender.get_parent()
    client = client_for(users["sabadell"])
    for url in (
        reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=Roure",
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 302, 403)
        assert SECRET_DRAFT not in body and "Maria Secreta" not in body and "Olancho" not in body


@pytest.fixture
def contact_message(homes):
    page = ContactPage.objects.get(locale__language_code="ca")
    submission = FormSubmission.objects.create(
        page=page, form_data={"name": "Marta", "email": "marta-adv@example.org", "message": "Help"}
    )
    return page, submission


@pytest.mark.parametrize("role", ["editor", "translator", "sabadell"])
def test_contact_messages_are_hidden_and_undeletable_for_non_moderators(users, role, contact_message):
    page, submission = contact_message
    client = client_for(users[role])
    listing = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert listing.status_code in (302, 403, 404)
    assert "marta-adv@example.org" not in listing.content.decode()
    assert client.get(reverse("wagtailforms:list_submissions", args=[page.pk]) + "?export=csv").status_code in (
        302,
        403,
        404,
    )
    delete_url = reverse("wagtailforms:delete_submissions", args=[page.pk]) + f"?selected-submissions={submission.pk}"
    assert client.get(delete_url).status_code in (302, 403, 404)
    assert client.post(delete_url).status_code in (302, 403, 404)
    assert FormSubmission.objects.filter(pk=submission.pk).exists()
    forms_index = client.get(reverse("wagtailforms:index")).content.decode()
    assert "marta-adv@example.org" not in forms_index


def test_contact_messages_are_read_by_moderators(users, contact_message):
    page, _submission = contact_message
    client = client_for(users["moderator"])
    response = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert response.status_code == 200
    assert "marta-adv@example.org" in response.content.decode()


def test_api_hides_restricted_collections(client):
    root = Collection.get_first_root_node()
    private = root.add_child(instance=Collection(name="Private adv"))
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    image = make_image(title="Private adv image")
    image.collection = private
    image.save()
    document = get_document_model().objects.create(
        title="Private adv document",
        collection=private,
        file=SimpleUploadedFile("private-adv.txt", b"private"),
    )
    # An image is listed while a public page shows it: here, a public defender's portrait.
    public_image = make_image(title="Public adv image")
    DefenderPageFactory(
        parent=DefenderIndexPage.objects.get(locale__language_code="ca"),
        safety_level=SafetyLevel.PUBLIC,
        portrait=public_image,
    )

    listing = client.get("/api/v2/images/", {"limit": 100}).json()
    ids = {item["id"] for item in listing["items"]}
    assert public_image.pk in ids
    assert image.pk not in ids
    assert not_found(client, f"/api/v2/images/{image.pk}/")
    documents = client.get("/api/v2/documents/", {"limit": 100}).json()
    assert document.pk not in {item["id"] for item in documents["items"]}
    assert not_found(client, f"/api/v2/documents/{document.pk}/")
    # Nor through the document's own URL, for an anonymous visitor.
    assert client.get(document.url).status_code in (302, 403, 404)


def test_api_hides_protected_defenders_portraits(client):
    index = DefenderIndexPage.objects.get(locale__language_code="ca")
    portrait = make_image(title="Protected adv portrait")
    person = make_person(
        display_name="Hidden",
        country="HN",
        portrait=portrait,
        safety_level=SafetyLevel.PROTECTED,
        portrait_alt="A person",
    )
    page = DefenderPage(slug="hidden-adv", person=person)
    index.add_child(instance=page)
    page.save_revision().publish()
    ids = {item["id"] for item in client.get("/api/v2/images/", {"limit": 100}).json()["items"]}
    assert portrait.pk not in ids
    assert not_found(client, f"/api/v2/images/{portrait.pk}/")


def test_only_moderators_edit_the_press_office_setting_and_its_text_is_escaped_in_public(users, client):
    from wagtail.contrib.settings.registry import registry
    from wagtail.models import Site

    from editions.models import EditionPage
    from home.models import PressOffice

    # The 2024 advisory concerned settings models' edit views (permission checks): the press office is the only one.
    assert list(registry) == [PressOffice]
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "pressoffice", site.pk])
    for role in ("editor", "translator", "sabadell"):
        client_of_role = client_for(users[role])
        assert denied(client_of_role.get(url)), role
        assert denied(client_of_role.post(url, {"name": "Hijacked", "email": "x@example.org", "phone": ""})), role
    assert not PressOffice.objects.filter(name="Hijacked").exists()
    moderator = client_for(users["moderator"])
    assert moderator.get(url).status_code == 200
    response = moderator.post(url, {"name": PAYLOAD, "email": "premsa@example.org", "phone": "+34 900 000 000"})
    assert response.status_code == 302
    assert PressOffice.for_site(site).name == PAYLOAD
    tour = EditionPage.objects.live().filter(locale__language_code="ca").first()
    html = client.get(tour.url + "premsa/").content.decode()
    assert "premsa@example.org" in html and SCRIPT not in html and ATTRIBUTE not in html


def test_bulk_user_actions_refused(users):
    target = users["moderator"]
    client = client_for(users["editor"])
    for action in ("delete", "set_active_state", "assign_role"):
        url = reverse("wagtail_bulk_action", args=["auth", "user", action]) + f"?id={target.pk}"
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (action, response.status_code)
        assert target.username not in response.content.decode()
    assert get_user_model().objects.filter(pk=target.pk, is_active=True).exists()


# --- Denial of service ------------------------------------------------------------------------------------------

HOSTILE_QUERIES = [
    "a" * 10_000,
    '"' * 10_000,
    "\\" * 5_000 + '"',
    'title:"' + "a:" * 5_000,
    "(" * 5_000 + ")" * 5_000,
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=["letters", "quotes", "escapes", "fields", "parens"])
def test_long_search_queries_answer_quickly_on_the_public_site(client, query):
    with translation.override("ca"):
        url = reverse("search")
    start = time.monotonic()
    response = client.get(url, {"q": query})
    elapsed = time.monotonic() - start
    assert response.status_code in (200, 400)
    assert elapsed < 2, elapsed
    # The public search clamps the query: a 10,000-character one is refused with a message, not run.
    if len(query) > 200:
        assert "at most 200" in response.content.decode() or "200" in response.content.decode()


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=["letters", "quotes", "escapes", "fields", "parens"])
def test_long_search_queries_answer_quickly_in_the_admin(users, query):
    client = client_for(users["editor"])
    for url in (
        reverse("wagtailadmin_pages:search"),
        reverse("wagtailsnippets_defenders_theme:list"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
    ):
        start = time.monotonic()
        response = client.get(url, {"q": query})
        elapsed = time.monotonic() - start
        assert response.status_code in (200, 400), (url, response.status_code)
        assert elapsed < 5, (url, elapsed)


def test_dynamic_image_serve_is_off(client):
    """Wagtail's dynamic image serve view would let anyone with a signature ask for any filter spec; it is not
    mounted, so absurd specs cannot cost us anything. Renditions come only from our templates' fixed specs."""
    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=["sig", 1, "fill-10x10"])
    image = make_image(title="Serve adv")
    for spec in ("fill-100000x100000", "width-999999999", "fill-1x1|" * 200):
        assert not_found(client, f"/images/abcdef/{image.pk}/{spec}/")
    # The admin preview view, which does take a spec, is for signed-in staff only.
    assert client.get(reverse("wagtailimages:preview", args=[image.pk, "fill-100000x100000"])).status_code == 302


def test_admin_image_preview_refuses_absurd_filter_specs(users):
    image = make_image(title="Preview adv")
    client = client_for(users["editor"])
    for spec in ("fill-100000x100000", "width-999999999", "nonsense-spec"):
        response = client.get(reverse("wagtailimages:preview", args=[image.pk, spec]))
        assert response.status_code in (200, 400, 404), (spec, response.status_code)


# --- wagtail-localize: municipal editors never create translations ----------------------------------------------


@pytest.fixture
def terrassa_programme(homes):
    tour = make_tour(edition_index(homes["ca"]), slug="tardor-2029", year=2029)
    return make_programme(tour, Municipality.objects.get(slug="terrassa"))


def test_municipal_groups_do_not_hold_submit_translation():
    for municipality in Municipality.objects.exclude(editors_group=None).select_related("editors_group"):
        permissions = set(municipality.editors_group.permissions.values_list("content_type__app_label", "codename"))
        assert ("wagtail_localize", "submit_translation") not in permissions, municipality.name


@pytest.mark.parametrize("which", ["another municipality's", "its own"])
def test_municipal_editor_cannot_translate_city_programmes(users, locales, terrassa_programme, which):
    programme = terrassa_programme
    user = users["sabadell"]
    if which == "its own":
        user = member("adv-terrassa", Municipality.objects.get(slug="terrassa").editors_group.name)
    client = client_for(user)
    url = reverse("wagtail_localize:submit_page_translation", args=[programme.pk])
    assert denied(client.get(url))
    response = client.post(url, {"locales": [locales["es"].pk, locales["en"].pk], "include_subtree": "on"})
    assert denied(response)
    assert not Page.objects.filter(translation_key=programme.translation_key).exclude(pk=programme.pk).exists()
    assert not Translation.objects.filter(source__object_id=programme.translation_key).exists()


def test_a_moderator_can_translate_a_city_programme(users, locales, terrassa_programme):
    """The same view works for those allowed: the refusal above is about the role, not a broken view."""
    client = client_for(users["moderator"])
    url = reverse("wagtail_localize:submit_page_translation", args=[terrassa_programme.pk])
    response = client.post(url, {"locales": [locales["es"].pk]})
    assert response.status_code == 302
    assert Page.objects.filter(translation_key=terrassa_programme.translation_key, locale=locales["es"]).exists()


def test_home_pages_exist(homes):
    # Guards the fixtures above: they rely on setup_site's tree.
    assert set(homes) == {"ca", "es", "en"} and all(isinstance(home, HomePage) for home in homes.values())
