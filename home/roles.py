"""Who may do what: the editorial roles, their groups and permissions, and the moderation workflows.

Everything here is data in the repository, applied by `manage.py setup_site` (through `home.setup.setup`), never
clicked together in the admin. Applying it twice changes nothing. The matrix in home/PERMISSIONS.md describes the
result and tests/test_workflow_*.py asserts it through the admin's own views.

Other apps plug in without editing this module's logic:
- permissions of apps that are not installed yet (defenders' take-down, statements' endorsements) are listed in
  `MODEL_PERMISSIONS` already; codenames that do not exist are skipped and picked up by the next `setup_site`;
- the editions app calls `attach_municipal_review(page)` and `grant_municipality_page_permissions(page, municipality)`
  when it creates a city programme; `sync_city_programmes()` (run by setup_site) and `on_page_saved` (connected in
  wagtail_hooks.py) catch up on translations and anything created elsewhere.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permissions import policy_registry

# Groups and the municipal collections are named in Catalan, the consortium's working language and the admin's
# default (accounts/language.py). Workflows and their tasks are named in the three languages at once: Wagtail keeps
# one name for each and prints it in dozens of its own screens and e-mails (translating it for the reader would mean
# overriding those templates), and translators who read Spanish or English meet them at every hand-over. Sites set up
# with earlier names are renamed by setup_site (`rename_earlier_names`). Code refers to these constants, never to the
# names themselves.
MODERATORS = "Moderació del consorci"
EDITORS_PREFIX = "Redacció del consorci: "  # + a founding institution's acronym, e.g. "Redacció del consorci: FCCD"
TRANSLATORS = "Traducció"
MUNICIPALITY_PREFIX = "Municipi: "  # + the municipality's name; also the name of its collection

CONSORTIUM_REVIEW = "Revisió del consorci · Revisión del consorcio · Consortium review"
CONSORTIUM_APPROVAL_TASK = "Aprovació de la moderació · Aprobación de la moderación · Moderators' approval"
MUNICIPAL_REVIEW = "Revisió de programa municipal · Revisión de programa municipal · Municipal programme review"
MUNICIPAL_APPROVAL_TASK = (
    "Aprovació de programa municipal · Aprobación de programa municipal · Municipal programme approval"
)
MUNICIPAL_COLLECTION_PREFIX = MUNICIPALITY_PREFIX
# Earlier names -> today's: workflows and tasks by name (English, then Catalan only), groups and collections by name
# or prefix.
EARLIER_NAMES = {
    "Consortium review": CONSORTIUM_REVIEW,
    "Consortium moderators approval": CONSORTIUM_APPROVAL_TASK,
    "Municipal programme review": MUNICIPAL_REVIEW,
    "Municipal programme approval": MUNICIPAL_APPROVAL_TASK,
    "Revisió del consorci": CONSORTIUM_REVIEW,
    "Aprovació per la moderació del consorci": CONSORTIUM_APPROVAL_TASK,
    "Revisió de programa municipal": MUNICIPAL_REVIEW,
    "Aprovació de programa municipal": MUNICIPAL_APPROVAL_TASK,
}
EARLIER_GROUP_NAMES = {"Consortium moderators": MODERATORS, "Translators": TRANSLATORS}
EARLIER_PREFIXES = {"Consortium editors: ": EDITORS_PREFIX, "Municipality: ": MUNICIPALITY_PREFIX}

# What Wagtail's own migrations create; replaced by ours (see `replace_wagtail_defaults`).
WAGTAIL_DEFAULT_MODERATORS = "Moderators"
WAGTAIL_DEFAULT_EDITORS = "Editors"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

# The page model whose pages municipal groups edit, and the languages translators work in.
CITY_PROGRAMME_MODEL = "editions.CityProgrammePage"
# Snippets whose changes moderators review through the "Consortium review" workflow.
REVIEWED_SNIPPETS = ("defenders.Defender",)
SOURCE_LANGUAGE = "ca"
TRANSLATION_LANGUAGES = ("es", "en")
ALL_LANGUAGES = (SOURCE_LANGUAGE, *TRANSLATION_LANGUAGES)

# Global ("model") permissions per role, as "app_label.codename". A codename that does not exist yet (its app is
# not merged or not migrated) is skipped without error: the next `setup_site` grants it.
MODEL_PERMISSIONS = {
    "moderator": [
        "wagtailadmin.access_admin",
        "wagtail_localize.submit_translation",
        # Consortium data (snippets); only moderators publish snippets or touch municipalities (they link groups).
        "home.add_institution",
        "home.change_institution",
        "home.delete_institution",
        "home.publish_institution",
        "home.add_municipality",
        "home.change_municipality",
        "home.delete_municipality",
        "defenders.add_theme",
        "defenders.change_theme",
        "defenders.delete_theme",
        "defenders.take_down_defender",
        "defenders.erase_defender",
        # The people behind the profiles (defenders.Defender): moderators publish their facts, raise their safety
        # level at once, and are the only ones who may record consent and show more of someone.
        "defenders.add_defender",
        "defenders.change_defender",
        "defenders.publish_defender",
        "defenders.raise_safety_level",
        "defenders.lower_safety_level",
        "statements.change_endorsement",
        "statements.verify_endorsement",
        # Managing users (Wagtail's Users area). Groups and their permissions stay with superusers and setup_site.
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        # The press office shown in every tour's press room (a site setting).
        "home.change_pressoffice",
        # Contact messages (personal data): read and delete them. Nobody else may (contact/wagtail_hooks.py).
        "wagtailforms.view_formsubmission",
        "wagtailforms.delete_formsubmission",
    ],
    "editor": [
        "wagtailadmin.access_admin",
        "wagtail_localize.submit_translation",
        "home.add_institution",
        "home.change_institution",
        "defenders.add_theme",
        "defenders.change_theme",
        # Editors write people's facts as drafts (moderators publish them) and may raise a level in an emergency.
        "defenders.add_defender",
        "defenders.change_defender",
        "defenders.raise_safety_level",
    ],
    "translator": [
        "wagtailadmin.access_admin",
        # Needed to start and sync translations; publishing them stays with moderators (see TranslationPublishGuard).
        "wagtail_localize.submit_translation",
        # Translatable snippets; the Catalan source is refused by the `before_edit_snippet` hook in wagtail_hooks.py.
        "home.change_institution",
        "defenders.change_theme",
    ],
    "municipality": [
        "wagtailadmin.access_admin",
        # Their own council's endorsement only: the statements app checks the municipality of the user's group.
        "statements.add_endorsement",
        "statements.withdraw_endorsement",
    ],
}

# Permissions a role must never hold, removed if someone adds them by hand: `setup_site` repairs the role.
# wagtail-localize 1.14 checks only the global `submit_translation` permission (not rights on the page) before
# creating or updating translations, so municipal groups must not have it.
FORBIDDEN_PERMISSIONS = {
    "editor": [
        "home.publish_institution",
        "defenders.publish_defender",
        "defenders.lower_safety_level",
        "defenders.take_down_defender",
        "defenders.erase_defender",
        "statements.verify_endorsement",
        "wagtailforms.view_formsubmission",
        "wagtailforms.delete_formsubmission",
    ],
    "translator": [
        "home.publish_institution",
        "defenders.add_defender",
        "defenders.change_defender",
        "defenders.delete_defender",
        "defenders.publish_defender",
        "defenders.raise_safety_level",
        "defenders.lower_safety_level",
        "defenders.take_down_defender",
        "defenders.erase_defender",
        "statements.verify_endorsement",
        "wagtailforms.view_formsubmission",
        "wagtailforms.delete_formsubmission",
    ],
    "municipality": [
        "wagtail_localize.submit_translation",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        "home.publish_institution",
        "defenders.add_defender",
        "defenders.change_defender",
        "defenders.delete_defender",
        "defenders.publish_defender",
        "defenders.raise_safety_level",
        "defenders.lower_safety_level",
        "defenders.take_down_defender",
        "defenders.erase_defender",
        "statements.verify_endorsement",
        "wagtailforms.view_formsubmission",
        "wagtailforms.delete_formsubmission",
    ],
}

# Page permissions, granted on the home page of each listed language (each locale is its own tree).
PAGE_PERMISSIONS = {
    "moderator": (ALL_LANGUAGES, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
    "editor": (ALL_LANGUAGES, ["add_page", "change_page"]),
    "translator": (TRANSLATION_LANGUAGES, ["change_page"]),
    # Municipal groups get `change_page` on their own city programmes only (grant_municipality_page_permissions).
}

IMAGE_AND_DOCUMENT = ["image", "document"]
# Permissions on the root collection (and so on every collection below it).
ROOT_COLLECTION_PERMISSIONS = {
    "moderator": [
        f"{action}_{model}" for model in IMAGE_AND_DOCUMENT for action in ("add", "change", "delete", "choose")
    ],
    "editor": [f"{action}_{model}" for model in IMAGE_AND_DOCUMENT for action in ("add", "change", "choose")],
    "translator": [f"choose_{model}" for model in IMAGE_AND_DOCUMENT],
}
# A municipal group's permissions on its own collection, "Municipality: <name>"; it has none anywhere else.
MUNICIPAL_COLLECTION_PERMISSIONS = [
    f"{action}_{model}" for model in IMAGE_AND_DOCUMENT for action in ("add", "change", "choose")
]


def _founding_institution_acronyms():
    from .setup import _read_csv

    return [row["acronym"] for row in _read_csv("institutions.csv") if row["role"] == "founder" and row["acronym"]]


def editor_group_names():
    return [f"{EDITORS_PREFIX}{acronym}" for acronym in _founding_institution_acronyms()]


def _permissions(labels):
    """The Permission objects for "app_label.codename" labels that exist; the others are skipped (see above)."""
    found = []
    for label in labels:
        app_label, codename = label.split(".", 1)
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _collection_permission(codename):
    app_label = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group(context, name):
    group, created = Group.objects.get_or_create(name=name)
    if created:
        context.log(f"group {name}")
    return group


def apply_model_permissions(group, role):
    group.permissions.add(*_permissions(MODEL_PERMISSIONS[role]))
    forbidden = _permissions(FORBIDDEN_PERMISSIONS.get(role, []))
    if forbidden:
        group.permissions.remove(*forbidden)


def apply_page_permissions(group, role, homes):
    """Grant the role's page permissions on the listed languages' home pages, and take back anything else granted
    to this group on a home page or the root (pages deeper down, like city programmes, are other apps' business)."""
    languages, codenames = PAGE_PERMISSIONS.get(role, ((), []))
    wanted = set()
    for code in languages:
        home = homes.get(code)
        if home is None:
            continue
        for codename in codenames:
            permission = _page_permission(codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
            wanted.add((home.pk, permission.pk))
    managed_pages = [page.pk for page in homes.values()] + [Page.get_first_root_node().pk]
    for grant in GroupPagePermission.objects.filter(group=group, page_id__in=managed_pages):
        if (grant.page_id, grant.permission_id) not in wanted:
            grant.delete()


def apply_collection_permissions(group, collection, codenames):
    wanted = set()
    for codename in codenames:
        permission = _collection_permission(codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
        wanted.add(permission.pk)
    GroupCollectionPermission.objects.filter(group=group, collection=collection).exclude(
        permission_id__in=wanted
    ).delete()


def replace_wagtail_defaults(context):
    """Wagtail's migrations create "Moderators" and "Editors" groups and a "Moderators approval" workflow on the root.
    Ours replace them: the default moderators group is renamed (its members keep their access), the default editors
    group is removed when nobody is in it, and the default workflow and task are renamed and reused below."""
    rename_earlier_names(context)
    default_moderators = Group.objects.filter(name=WAGTAIL_DEFAULT_MODERATORS).first()
    if default_moderators and not Group.objects.filter(name=MODERATORS).exists():
        default_moderators.name = MODERATORS
        default_moderators.save()
        context.log(f"group {WAGTAIL_DEFAULT_MODERATORS} renamed {MODERATORS}")
    default_editors = Group.objects.filter(name=WAGTAIL_DEFAULT_EDITORS).first()
    if default_editors and not default_editors.user_set.exists():
        default_editors.delete()
        context.log(f"group {WAGTAIL_DEFAULT_EDITORS} (Wagtail's default) removed")
    default_workflow = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if default_workflow and not Workflow.objects.filter(name=CONSORTIUM_REVIEW).exists():
        default_workflow.name = CONSORTIUM_REVIEW
        default_workflow.save()
        context.log(f"workflow {WAGTAIL_DEFAULT_WORKFLOW} renamed {CONSORTIUM_REVIEW}")
    default_task = GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if default_task and not GroupApprovalTask.objects.filter(name=CONSORTIUM_APPROVAL_TASK).exists():
        default_task.name = CONSORTIUM_APPROVAL_TASK
        default_task.save()


def rename_earlier_names(context):
    """Groups, workflows, tasks and municipal collections named in English by earlier versions get their Catalan
    names; members, permissions and pages stay as they are (they hang on the objects, not on the names)."""
    for model in (Workflow, Task):
        for earlier, name in EARLIER_NAMES.items():
            if not model.objects.filter(name=name).exists() and model.objects.filter(name=earlier).update(name=name):
                context.log(f"{model._meta.verbose_name} {earlier} renamed {name}")
    renames = dict(EARLIER_GROUP_NAMES)
    for earlier_prefix, prefix in EARLIER_PREFIXES.items():
        for name in Group.objects.filter(name__startswith=earlier_prefix).values_list("name", flat=True):
            renames[name] = prefix + name[len(earlier_prefix) :]
    for earlier, name in renames.items():
        if not Group.objects.filter(name=name).exists() and Group.objects.filter(name=earlier).update(name=name):
            context.log(f"group {earlier} renamed {name}")
    root = Collection.get_first_root_node()
    for earlier_prefix, prefix in EARLIER_PREFIXES.items():
        for collection in root.get_children().filter(name__startswith=earlier_prefix):
            name = prefix + collection.name[len(earlier_prefix) :]
            if not root.get_children().filter(name=name).exists():
                collection.name = name
                collection.save()
                context.log(f"collection {collection.name}")


def ensure_roles(context):
    homes = context.homes
    moderators = _group(context, MODERATORS)
    apply_model_permissions(moderators, "moderator")
    apply_page_permissions(moderators, "moderator", homes)
    root_collection = Collection.get_first_root_node()
    apply_collection_permissions(moderators, root_collection, ROOT_COLLECTION_PERMISSIONS["moderator"])

    for name in editor_group_names():
        editors = _group(context, name)
        apply_model_permissions(editors, "editor")
        apply_page_permissions(editors, "editor", homes)
        apply_collection_permissions(editors, root_collection, ROOT_COLLECTION_PERMISSIONS["editor"])

    translators = _group(context, TRANSLATORS)
    apply_model_permissions(translators, "translator")
    apply_page_permissions(translators, "translator", homes)
    apply_collection_permissions(translators, root_collection, ROOT_COLLECTION_PERMISSIONS["translator"])

    ensure_municipal_groups(context, homes, root_collection)


def municipal_collection(municipality):
    root = Collection.get_first_root_node()
    name = f"{MUNICIPAL_COLLECTION_PREFIX}{municipality.name}"
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=name))
    return collection


def ensure_municipal_groups(context, homes, root_collection):
    from .models import Municipality

    for municipality in Municipality.objects.select_related("editors_group"):
        group = municipality.editors_group
        if group is None:
            group = _group(context, f"{MUNICIPALITY_PREFIX}{municipality.name}")
            municipality.editors_group = group
            municipality.save(update_fields=["editors_group"])
        apply_model_permissions(group, "municipality")
        apply_page_permissions(group, "municipality", homes)
        GroupCollectionPermission.objects.filter(group=group, collection=root_collection).delete()
        collection_count = Collection.objects.count()
        collection = municipal_collection(municipality)
        if Collection.objects.count() > collection_count:
            context.log(f"collection {collection.name}")
        apply_collection_permissions(group, collection, MUNICIPAL_COLLECTION_PERMISSIONS)


def _approval_task(context, name, moderators):
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
        context.log(f"workflow task {name}")
    task.groups.set([moderators])
    if not task.active:
        task.active = True
        task.save()
    return task


def _workflow(context, name, task):
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name)
        context.log(f"workflow {name}")
    if list(workflow.workflow_tasks.values_list("task_id", flat=True)) != [task.pk]:
        workflow.workflow_tasks.all().delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if not workflow.active:
        workflow.active = True
        workflow.save()
    return workflow


def ensure_workflows(context):
    moderators = Group.objects.get(name=MODERATORS)
    consortium = _workflow(context, CONSORTIUM_REVIEW, _approval_task(context, CONSORTIUM_APPROVAL_TASK, moderators))
    # On the root, so every locale's tree (and every page type without a workflow of its own) goes through it.
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": consortium})
    _workflow(context, MUNICIPAL_REVIEW, _approval_task(context, MUNICIPAL_APPROVAL_TASK, moderators))
    # A defender's facts (the person record) go through the same review as pages: editors submit, moderators publish.
    for model_label in REVIEWED_SNIPPETS:
        model = apps.get_model(model_label)
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model), defaults={"workflow": consortium}
        )


def municipal_review_workflow():
    return Workflow.objects.get(name=MUNICIPAL_REVIEW)


def attach_municipal_review(page):
    """Put `page` (a city programme, in any locale) under the "Municipal programme review" workflow.

    Moderators approve; Wagtail e-mails the municipal editor who submitted when the moderation is approved or
    rejected, with the moderator's comment. For the editions app to call when it creates a city programme."""
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": municipal_review_workflow()})


def grant_municipality_page_permissions(page, municipality):
    """Let `municipality`'s group edit `page` (and submit it for moderation); never publish it."""
    if municipality is None or municipality.editors_group_id is None:
        return
    GroupPagePermission.objects.get_or_create(
        group_id=municipality.editors_group_id, page=page, permission=_page_permission("change_page")
    )


def city_programme_model():
    try:
        return apps.get_model(CITY_PROGRAMME_MODEL)
    except LookupError:
        return None  # the editions app is not merged yet


def _attach_city_programme(page):
    attach_municipal_review(page)
    grant_municipality_page_permissions(page, getattr(page, "municipality", None))


def sync_city_programmes(context=None):
    """Every city programme, in every locale, under the municipal workflow and editable by its municipality."""
    model = city_programme_model()
    if model is None:
        return
    for page in model.objects.all():
        _attach_city_programme(page)


def on_page_saved(sender, instance, created, raw=False, **kwargs):
    """post_save receiver: a new city programme (a translation made in wagtail-localize too) joins the municipal
    workflow and its municipality's group may edit it."""
    if raw or not created or sender._meta.label != CITY_PROGRAMME_MODEL:
        return
    _attach_city_programme(instance)


DEMO_USERS = [
    # (username, group name or a callable giving it, first name, last name)
    ("moderator", MODERATORS, "Mercè", "Moderadora"),
    ("editor", f"{EDITORS_PREFIX}FCCD", "Eduard", "Editor"),
    ("translator", TRANSLATORS, "Tània", "Traductora"),
]
DEMO_MUNICIPALITIES = ["sabadell", "terrassa", "sant-boi-de-llobregat"]


def create_demo_users(context):
    """The demo users of DESIGN.md, sharing the demo password. Only reachable through `setup_site --demo`, which
    production settings refuse."""
    from django.contrib.auth import get_user_model

    from .models import Municipality

    users = [(username, group, first, last) for username, group, first, last in DEMO_USERS]
    for slug in DEMO_MUNICIPALITIES:
        municipality = Municipality.objects.filter(slug=slug).select_related("editors_group").first()
        if municipality and municipality.editors_group:
            users.append((f"muni-{slug}", municipality.editors_group.name, "Equip", municipality.name))
    User = get_user_model()
    for username, group_name, first_name, last_name in users:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username,
                f"{username}@example.org",
                context.demo_password,
                first_name=first_name,
                last_name=last_name,
            )
            context.log(f"demo user {username}")
        user.groups.add(Group.objects.get(name=group_name))


def setup(context):
    with transaction.atomic():
        replace_wagtail_defaults(context)
        ensure_roles(context)
        ensure_workflows(context)
        sync_city_programmes(context)


def may_edit_source_language(user):
    """Translators work in es/en only. Page trees enforce it through page permissions; snippets have no per-locale
    permission, so the `before_edit_snippet` hook asks this."""
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    if TRANSLATORS not in names:
        return True
    return MODERATORS in names or any(name.startswith(EDITORS_PREFIX) for name in names)


def is_municipal_staff_only(user):
    """Council staff with no consortium role: the admin shows them their own city's pages and nothing else."""
    if not user.is_authenticated or user.is_superuser:
        return False
    # Asked several times per admin request (the admin scope, the menus, the choosers, the programme form): kept on
    # the user object, as Django keeps its permissions (`_perm_cache`), which is loaded afresh for each request.
    if not hasattr(user, "_municipal_staff_only"):
        names = list(user.groups.values_list("name", flat=True))
        user._municipal_staff_only = bool(names) and all(name.startswith(MUNICIPALITY_PREFIX) for name in names)
    return user._municipal_staff_only


def own_page_ids(user):
    """The pages council staff may open in the admin: their programmes and the pages above them (to get there)."""
    return set(policy_registry.get_by_type(Page).explorable_instances(user).values_list("pk", flat=True))
