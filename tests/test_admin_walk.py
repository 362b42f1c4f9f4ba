"""No admin screen answers 500 for any role (issue 16, requirement 6).

Every GET route under /admin/ — Wagtail's, wagtail-localize's and ours — is read from Django's URL resolver, so a
screen added later is walked without touching this file. Its arguments are filled with one object of each kind from
the demo site (`setup_site --demo`: a page of every page type, defenders, themes, tours, programmes, resources,
statements, endorsements, contact messages, images, documents, translations) plus what the demo lacks (a page in
moderation, a snippet revision, a redirect). Each role then asks for every URL: refusals (403, 404, a redirect) are
fine, a 5xx is not.

The site is built once for the module, inside a transaction rolled back at the end; each role's walk runs in its own
nested transaction (pytest-django's `db`), so what one walk changes does not reach the next.
"""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Locale,
    Page,
    Revision,
    Task,
    TaskState,
    Workflow,
    WorkflowState,
    get_page_models,
)
from wagtail.snippets.models import get_snippet_models

from tests.sidebar import sidebar_items

ROLES = ["admin", "moderator", "editor", "translator", "muni-sabadell"]

# Routes a GET must not follow: signing out would end the walk.
SKIPPED = {"admin/logout/", "admin/failwhale/"}  # failwhale: Wagtail answers 500 there on purpose

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def admin_routes():
    """(route, view) for every URL pattern under admin/, the route with Django's `<converter:name>` placeholders.
    The few regular-expression routes (`^…$`, wagtail-localize and the page comparison) are turned into that form."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern.callback

    for route, view in walk(get_resolver().url_patterns, ""):
        if not route.startswith("admin/"):
            continue
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
        route = route.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\", "")
        if route not in SKIPPED and "(" not in route:
            yield route, view


def view_model(view):
    """The model a class-based admin view works on (Wagtail's model and snippet viewsets give it), or None."""
    initkwargs = getattr(view, "view_initkwargs", {}) or {}
    model = initkwargs.get("model")
    if model is None:
        model = getattr(getattr(view, "view_class", None), "__dict__", {}).get("model")
    return model if isinstance(model, type) else None


class Objects:
    """One object of each kind, found or made once for the module."""

    def __init__(self):
        self.pages = [
            model.objects.filter(locale__language_code="ca").order_by("-latest_revision_id").first()
            for model in get_page_models()
            if model is not Page
        ]
        self.pages = [page for page in self.pages if page is not None]
        self.page = self.pages[0]
        self.snippets = {model: model.objects.order_by("pk").first() for model in get_snippet_models()}
        self.image = get_image_model().objects.first()
        self.document = get_document_model().objects.first()
        self.collection = Collection.objects.exclude(depth=1).first() or Collection.get_first_root_node()
        self.user = get_user_model().objects.get(username="editor")
        self.group = Group.objects.first()
        self.workflow = Workflow.objects.first()
        self.task = Task.objects.first()
        self.locale = Locale.objects.get(language_code="es")
        from wagtail_localize.models import (
            OverridableSegment,
            StringSegment,
            Translation,
            TranslationSource,
        )

        self.translation = Translation.objects.filter(target_locale=self.locale).order_by("pk").first()
        self.translation_source = TranslationSource.objects.order_by("pk").first()
        self.string_segment = StringSegment.objects.order_by("pk").first()
        self.overridable_segment = OverridableSegment.objects.order_by("pk").first()
        self.redirect = apps.get_model("wagtailredirects", "Redirect").objects.first()
        self.contact_page = apps.get_model("contact", "ContactPage").objects.get(locale__language_code="ca")
        self.endorsement = apps.get_model("statements", "Endorsement").objects.order_by("pk").first()
        self.translated_page = self.translation.get_target_instance() if self.translation else self.page
        self.workflow_state = WorkflowState.objects.order_by("-pk").first()
        self.task_state = TaskState.objects.order_by("-pk").first()

    def revision_of(self, obj):
        return Revision.objects.for_instance(obj).order_by("-pk").values_list("pk", flat=True).first()


def build_objects():
    call_command("setup_site", demo=True, stdout=io.StringIO())
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/old-address", redirect_link="/ca/")
    home = Page.objects.get(depth=2, locale__language_code="ca")
    # A page waiting for a moderator: the workflow screens need a workflow state and a task state.
    page = Page.objects.child_of(home).live().specific().first()
    page.title = f"{page.title} (revised)"
    revision = page.save_revision(user=get_user_model().objects.get(username="editor"))
    workflow = page.get_workflow()
    if workflow:
        workflow.start(page, get_user_model().objects.get(username="editor"))
    assert revision
    # Every revisionable snippet gets a revision (the snippet history and revision screens need one).
    for model in get_snippet_models():
        instance = model.objects.order_by("pk").first()
        if instance is not None and hasattr(instance, "save_revision"):
            instance.save_revision()
    return Objects()


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_objects()
        transaction.set_rollback(True)


def argument_values(route, view, objects, page):
    """The value of every placeholder in `route`, for the page `page` where the route takes one."""
    model = view_model(view)
    instance = objects.snippets.get(model) if model else None
    values = {
        "page_id": page.pk,
        "page_pk": page.pk,
        "parent_page_id": page.pk,
        "page_to_move_id": page.pk,
        "destination_id": objects.page.get_parent().pk,
        "image_id": objects.image.pk,
        "document_id": objects.document.pk,
        "doc_id": objects.document.pk,
        "collection_id": objects.collection.pk,
        "task_id": objects.task.pk,
        "workflow_pk": objects.workflow.pk,
        "workflow_state_id": objects.workflow_state.pk if objects.workflow_state else 1,
        "task_state_id": objects.task_state.pk if objects.task_state else 1,
        "translation_id": objects.translation.pk,
        "translation_source_id": objects.translation_source.pk,
        "string_segment_id": objects.string_segment.pk,
        "overridable_segment_id": objects.overridable_segment.pk,
        "redirect_id": objects.redirect.pk,
        "person_id": objects.snippets[apps.get_model("defenders", "Defender")].pk,
        "uploaded_file_id": 1,
        "session_id": 1,
        "filter_spec": "original",
        "content_type_app_name": page._meta.app_label,
        "content_type_model_name": page._meta.model_name,
        "app_label": (model or type(page))._meta.app_label,
        "model_name": (model or type(page))._meta.model_name,
        "app_name": "wagtailimages",
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "action": "delete",
        "action_name": "approve",
        "mode": "form",
        "kind": "page",
        "extension": "html",
        "uidb64": "MQ",
        "token": "not-a-token",
    }
    values.update(route_specific(route, objects))
    if route.startswith("admin/pages/"):
        values["pk"] = page.pk
        values["revision_id"] = objects.revision_of(page) or 1
    elif instance is not None:
        values["pk"] = values["object_id"] = instance.pk
        values["revision_id"] = objects.revision_of(instance) or 1
    else:
        values["pk"] = values["object_id"] = by_prefix(route, objects, model)
        values["revision_id"] = objects.revision_of(page) or 1
    return values


def route_specific(route, objects):
    """Arguments whose meaning the route, not the view's model, tells: the walk should reach the screen, not a 404."""
    Defender = apps.get_model("defenders", "Defender")
    Theme = apps.get_model("defenders", "Theme")
    if route.startswith("admin/forms/submissions/"):
        return {"page_id": objects.contact_page.pk}
    if route.startswith("admin/defenders/"):
        return {"pk": objects.snippets[Defender].pk}
    if route.startswith("admin/endorsement/"):
        return {"pk": objects.endorsement.pk}
    if route.startswith("admin/localize/submit/snippet/"):
        return {"app_label": "defenders", "model_name": "theme", "pk": objects.snippets[Theme].pk}
    if route.startswith("admin/localize/page/"):
        return {"page_id": objects.translated_page.pk}
    if route.startswith("admin/workflows/tasks/add/"):
        return {"app_label": "wagtailcore", "model_name": "groupapprovaltask"}
    if route.startswith("admin/tag-autocomplete/"):
        return {"app_name": "wagtailimages", "model_name": "image"}
    return {}


def by_prefix(route, objects, model):
    """The object a `pk` means where the view does not name its model."""
    if model is not None:
        found = model._default_manager.order_by("pk").first()
        if found is not None:
            return found.pk
    for prefix, obj in [
        ("admin/images/", objects.image),
        ("admin/documents/", objects.document),
        ("admin/collections/", objects.collection),
        ("admin/users/", objects.user),
        ("admin/groups/", objects.group),
        ("admin/workflows/", objects.workflow),
        ("admin/locales/", objects.locale),
        ("admin/redirects/", objects.redirect),
        ("admin/api/main/pages/", objects.page),
        ("admin/api/main/images/", objects.image),
        ("admin/api/main/documents/", objects.document),
    ]:
        if route.startswith(prefix):
            return obj.pk
    if "task" in route:
        return objects.task.pk
    return objects.page.pk


def urls_to_walk(objects):
    """Every admin URL once; a route that takes a page, once for a page of each page type."""
    urls = set()
    for route, view in admin_routes():
        names = {match["name"] for match in ARGUMENT.finditer(route)}
        takes_page = route.startswith("admin/pages/") and names & {"page_id", "pk", "parent_page_id", "page_to_move_id"}
        takes_page = takes_page or "content_type_model_name" in names
        for page in objects.pages if takes_page else [objects.page]:
            values = argument_values(route, view, objects, page)
            url = "/" + ARGUMENT.sub(lambda match, values=values: str(values[match["name"]]), route)
            urls.add(url)
    return sorted(urls)


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_screen_answers_500(objects, db, client, role):
    client.raise_request_exception = False
    client.force_login(get_user_model().objects.get(username=role))
    urls = urls_to_walk(objects)
    assert len(urls) > 300, "the walk must cover every admin route"
    failures = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url}")
    assert failures == [], f"{role}: " + "\n".join(failures)


def test_walk_covers_every_kind_of_object(objects, db):
    """The walk's objects are real: a page of each type (defender profile, resource, tour, programme, statement
    included), and a snippet of each registered snippet model, defenders included."""
    page_types = {type(page).__name__ for page in objects.pages}
    assert {"DefenderPage", "ResourcePage", "EditionPage", "CityProgrammePage", "StatementPage"} <= page_types
    assert all(objects.snippets.values()), objects.snippets
    assert ContentType.objects.get_for_model(apps.get_model("defenders", "Defender")) in {
        ContentType.objects.get_for_model(model) for model in objects.snippets
    }
    assert objects.translation and objects.workflow_state and objects.task_state and objects.endorsement


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_item_a_role_is_offered_opens(objects, db, client, role):
    """The sidebar offers each role only what it may open: a link answering 403 is a dead end in the menu (council
    staff were offered wagtail-localize's translations report, which the admin scope refuses them)."""
    client.force_login(get_user_model().objects.get(username=role))
    items = sidebar_items(client.get("/admin/").content.decode())
    urls = sorted({item["url"] for item in items if str(item["url"]).startswith("/admin/")})
    assert "/admin/account/" in urls  # every role has an account (a check of the reading)
    # A redirect counts by where it leads: the press office's settings redirect to the default site's.
    refused = [f"{status} {url}" for url in urls if (status := client.get(url, follow=True).status_code) != 200]
    assert refused == [], f"{role}: " + ", ".join(refused)
