"""Where each translation stands, and which fields go to translators.

Both look at the models found at run time (every Page subclass, every translatable snippet), so page types and
snippets added by other apps are covered without being named here.

States of one object in one target locale:
- missing: no version of the object exists in that locale;
- in progress: a translation exists but not every string of the source is translated yet (with a percentage);
- stale: a translatable string of the source changed after its strings were last extracted for translators ("Sync
  translated pages"); a change of facts alone reaches the translations on publishing (home/facts.py);
- up to date: every string translated and the source unchanged since.
"""

import csv
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    DraftStateMixin,
    Locale,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.models import Translation, TranslationSource

from home.roles import EDITORS_PREFIX, MODERATORS, TRANSLATORS

# Apps whose models must declare their split (the project's own apps).
PROJECT_APPS = ("home", "defenders", "editions", "statements", "news", "resources", "contact")

MISSING = "missing"
IN_PROGRESS = "in_progress"
STALE = "stale"
UP_TO_DATE = "up_to_date"
STATES = {
    MISSING: _("Missing"),
    IN_PROGRESS: _("In progress"),
    STALE: _("Stale"),
    UP_TO_DATE: _("Up to date"),
}


# Groups whose members may read the status report, besides superusers and anyone allowed to submit translations
# (wagtail_localize.submit_translation): home/roles.py names them.
def _report_groups():
    return Q(name__in=(MODERATORS, TRANSLATORS)) | Q(name__startswith=EDITORS_PREFIX)


# --- The translatable / synchronised split ----------------------------------------------------------------------


def _field_names(model):
    if not hasattr(model, "_meta"):
        return set()
    return {field.name for field in model._meta.local_fields} | {
        field.attname for field in model._meta.local_fields if hasattr(field, "attname")
    }


# Fields Wagtail itself manages (tree, publishing state, revisions, locks, locale): never translator material, and
# kept by Wagtail / wagtail-localize. Everything else on a model must be declared in override_translatable_fields.
INTERNAL_FIELDS = frozenset(
    set().union(
        *(
            _field_names(mixin)
            for mixin in (
                Page,
                TranslatableMixin,
                DraftStateMixin,
                RevisionMixin,
                LockableMixin,
                WorkflowMixin,
                PreviewableMixin,
            )
        )
    )
    | {"id", "page_ptr", "page_ptr_id", COMMENTS_RELATION_NAME}
) - {"title", "seo_title", "search_description", "slug", "go_live_at", "expire_at"}

# Fields that hold prose (must go to translators) and fields that hold facts (must stay in step).
PROSE_FIELDS = (StreamField, RichTextField, models.TextField)
FACT_FIELDS = (
    models.ForeignKey,
    models.DateField,  # includes DateTimeField
    models.URLField,
    models.BooleanField,
    models.IntegerField,  # includes the small/positive variants
    models.DecimalField,
    models.FloatField,
    models.ManyToManyField,
)


def project_translatable_models():
    """Every concrete Page subclass and every translatable model of the project's apps."""
    from django.apps import apps

    found = []
    for app_label in PROJECT_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.abstract or model._meta.proxy:
                continue
            if issubclass(model, (Page, TranslatableMixin)):
                found.append(model)
    return found


def field_split_problems(model):
    """What is wrong with `model`'s translatable/synchronised split, as a list of sentences (empty when right)."""
    declared = {field.field_name: field for field in getattr(model, "override_translatable_fields", None) or []}
    problems = []
    if not declared:
        problems.append(f"{model.__name__} declares no override_translatable_fields")
    names = [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.auto_created
        and field.model is not Page
        # The key to the parent page is structure, not content: each translation's children point to it.
        and not isinstance(field, ParentalKey)
    ]
    names += [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    for name in names:
        if name in declared or name in INTERNAL_FIELDS:
            continue
        problems.append(f"{model.__name__}.{name} is neither translatable nor synchronised")
    for name, declaration in declared.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            problems.append(f"{model.__name__} declares {name!r}, which is no field")
            continue
        # A model may keep some text out of translators' hands on purpose (admin-only notes, contact details):
        # it says so by naming them in `synchronised_text_fields`.
        deliberate = name in getattr(model, "synchronised_text_fields", ())
        if isinstance(field, PROSE_FIELDS) and not isinstance(declaration, TranslatableField) and not deliberate:
            problems.append(f"{model.__name__}.{name} holds prose but is not a TranslatableField")
        elif (getattr(field, "choices", None) or isinstance(field, FACT_FIELDS)) and not isinstance(
            declaration, SynchronizedField
        ):
            problems.append(f"{model.__name__}.{name} holds a fact but is not a SynchronizedField")
    return problems


# --- Status of every translation -----------------------------------------------------------------------------------


@dataclass
class StatusRow:
    kind: str  # "page" or "snippet"
    model_label: str  # app_label.ModelName
    type_name: str  # verbose name
    title: str
    source: object
    locale: Locale
    state: str
    percent: int  # strings translated, 0-100
    live: bool  # the translation is published
    edit_url: str

    @property
    def state_label(self):
        return STATES[self.state]


def translatable_snippet_models():
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def _source_changed_at(instance):
    revision = getattr(instance, "latest_revision", None)
    if revision is not None:
        return revision.created_at
    return getattr(instance, "last_published_at", None)


def _state(instance, target, source, translation):
    """The state of `instance` in one locale. `target` is its version there (or None), `source` its
    TranslationSource (or None), `translation` the Translation into that locale (or None)."""
    if target is None:
        return MISSING, 0
    percent = 100
    if translation is not None and translation.enabled:
        total, done = translation.get_progress()
        percent = round(100 * done / total) if total else 100
        if done < total:
            return IN_PROGRESS, percent
    changed_at = _source_changed_at(instance)
    synced_at = source.last_updated_at if source is not None else _source_changed_at(target)
    if changed_at and synced_at and changed_at > synced_at and (source is None or strings_changed(instance, source)):
        return STALE, percent
    return UP_TO_DATE, percent


def strings_changed(instance, source):
    """Has a translatable string of `instance` changed since translators last received its strings? A change of
    facts only (dates, events' times, links, images) reaches the translations on publishing (home/facts.py) and
    gives translators nothing to do."""
    from wagtail_localize.models import StringSegment
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    try:
        current = {
            segment.string.data for segment in extract_segments(instance) if isinstance(segment, StringSegmentValue)
        }
    except Exception:  # noqa: BLE001 - content that cannot be read is better reported stale than not at all
        return True
    received = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    return current != received


def _rows_for(instances, kind, model_label, type_name, target_locales, edit_url):
    instances = list(instances)
    if not instances:
        return []
    model = type(instances[0])
    base_model = model.get_translation_model() if hasattr(model, "get_translation_model") else model
    keys = [instance.translation_key for instance in instances]
    targets = {
        (target.translation_key, target.locale_id): target
        for target in base_model.objects.filter(translation_key__in=keys, locale__in=target_locales)
    }
    sources = {
        (source.object_id, source.specific_content_type_id): source
        for source in TranslationSource.objects.filter(object_id__in=keys, locale=instances[0].locale)
    }
    translations = {
        (translation.source_id, translation.target_locale_id): translation
        for translation in Translation.objects.filter(source__in=sources.values())
    }
    content_type = ContentType.objects.get_for_model(model)
    rows = []
    for instance in instances:
        source = sources.get((instance.translation_key, content_type.pk))
        for locale in target_locales:
            target = targets.get((instance.translation_key, locale.pk))
            translation = translations.get((source.pk, locale.pk)) if source else None
            state, percent = _state(instance, target, source, translation)
            rows.append(
                StatusRow(
                    kind=kind,
                    model_label=model_label,
                    type_name=str(type_name),
                    title=str(instance),
                    source=instance,
                    locale=locale,
                    state=state,
                    percent=percent,
                    live=bool(target is not None and getattr(target, "live", True)),
                    edit_url=edit_url(target if target is not None else instance),
                )
            )
    return rows


def _page_edit_url(page):
    from django.urls import reverse

    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _snippet_edit_url(instance):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    return AdminURLFinder().get_edit_url(instance) or ""


def translation_status(source_locale=None, target_locales=None):
    """A StatusRow for every page and translatable snippet of the source locale, per target locale."""
    source_locale = source_locale or Locale.get_default()
    if target_locales is None:
        target_locales = list(Locale.objects.exclude(pk=source_locale.pk).order_by("language_code"))
    rows = []
    pages = Page.objects.filter(locale=source_locale, depth__gt=1).select_related("latest_revision")
    by_type = {}
    for page in pages.specific(defer=True):
        by_type.setdefault(type(page), []).append(page)
    for model, instances in sorted(by_type.items(), key=lambda item: item[0]._meta.label):
        instances.sort(key=lambda page: page.path)
        rows += _rows_for(
            instances, "page", model._meta.label, model._meta.verbose_name, target_locales, _page_edit_url
        )
    for model in translatable_snippet_models():
        instances = model.objects.filter(locale=source_locale)
        rows += _rows_for(
            instances, "snippet", model._meta.label, model._meta.verbose_name, target_locales, _snippet_edit_url
        )
    return rows


def status_counts(rows):
    counts = {locale: dict.fromkeys(STATES, 0) for locale in sorted({row.locale.language_code for row in rows})}
    for row in rows:
        counts[row.locale.language_code][row.state] += 1
    return counts


def status_csv(rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="translation-status.csv"'
    writer = csv.writer(response)
    writer.writerow(["kind", "type", "title", "locale", "state", "percent_translated", "live", "source_id"])
    for row in rows:
        writer.writerow(
            [row.kind, row.model_label, row.title, row.locale.language_code, row.state, row.percent, row.live,
             row.source.pk]
        )  # fmt: skip
    return response


# --- Admin views ---------------------------------------------------------------------------------------------------


def can_view_status(user):
    """Who reads the report: any admin user who is a superuser, may submit translations, or belongs to one of the
    editorial groups (moderators, editors, translators)."""
    if not user.is_active or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return (
        user.is_superuser
        or user.has_perm("wagtail_localize.submit_translation")
        or user.groups.filter(_report_groups()).exists()
    )


def filter_rows(rows, locale=None, model_label=None, state=None):
    return [
        row
        for row in rows
        if (not locale or row.locale.language_code == locale)
        and (not model_label or row.model_label == model_label)
        and (not state or row.state == state)
    ]


def status_report_view(request):
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import render

    if not can_view_status(request.user):
        raise PermissionDenied
    all_rows = translation_status()
    locale = request.GET.get("locale", "")
    model_label = request.GET.get("type", "")
    state = request.GET.get("state", "")
    rows = filter_rows(all_rows, locale, model_label, state if state in STATES else "")
    if request.GET.get("format") == "csv":
        return status_csv(rows)
    types = sorted({(row.model_label, row.type_name) for row in all_rows}, key=lambda item: item[1])
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "translations/report.html",
        {
            "rows": rows,
            "counts": status_counts(all_rows),
            "locales": sorted({row.locale.language_code for row in all_rows}),
            "types": types,
            "states": list(STATES.items()),
            "selected": {"locale": locale, "type": model_label, "state": state},
            "csv_query": query.urlencode(),
        },
    )


HAND_OVER_LABEL = _("Save translation as draft and submit for review")


def hand_over_url(user, translation, target):
    """Where `user` hands `translation` (whose page or snippet is `target`) to the moderators, or "" if they may not."""
    if translation is None or not translation.enabled or not may_hand_over(user, target):
        return ""
    return reverse("translation_submit_for_review", args=[translation.pk])


def may_hand_over(user, target):
    """May `user` save and submit the translation `target` (a page or snippet in a target language)?"""
    return _can_edit_target(user, target)


def _can_edit_target(user, target):
    # Only people who translate: editing rights on the page alone (council staff on their own programme) are not
    # enough to write its translation.
    if not user.has_perm("wagtail_localize.submit_translation"):
        return False
    if isinstance(target, Page):
        return target.permissions_for_user(user).can_edit()
    from wagtail.permission_policies import ModelPermissionPolicy

    return ModelPermissionPolicy(type(target)).user_has_permission(user, "change")


def keep_live_content(page, live_revision_id):
    """wagtail-localize saves a draft of a live page by writing the draft into the page's row (what readers get)
    before making the revision: put the live content back, keeping the draft as the latest revision for review."""
    from wagtail.models import Revision

    draft = Page.objects.get(pk=page.pk)
    live = Revision.objects.get(pk=live_revision_id).as_object()
    live.live_revision_id = live_revision_id
    live.latest_revision_id = draft.latest_revision_id
    live.draft_title = draft.draft_title
    live.has_unpublished_changes = True
    live.save(clean=False)


def submit_for_review_view(request, translation_id):
    """Turn the translator's strings into a DRAFT of the translated page and start its moderation workflow.

    wagtail-localize's editor only offers "Publish", which translators are not allowed; this is their way to hand a
    finished translation to the moderators, through the same workflow as the Catalan source.
    """
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404, redirect, render
    from django.utils.translation import gettext

    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    target = translation.get_target_instance()
    if not may_hand_over(request.user, target):
        raise PermissionDenied
    if request.method != "POST":
        return render(
            request,
            "translations/submit_for_review.html",
            {"translation": translation, "target": target, "source": translation.source.get_source_instance()},
        )
    is_page = isinstance(target, Page)
    with transaction.atomic():
        live_revision_id = target.live_revision_id if is_page and target.live else None
        translation.save_target(user=request.user, publish=not is_page and not isinstance(target, DraftStateMixin))
        if live_revision_id:
            keep_live_content(target, live_revision_id)
    target.refresh_from_db()
    workflow = target.get_workflow() if isinstance(target, WorkflowMixin) else None
    state = target.current_workflow_state if workflow is not None else None
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Sent back with a comment: hand it over again as Wagtail's "Resubmit" does (a second workflow state of the
        # same page is refused by Wagtail's constraint).
        state.resume(request.user)
        messages.success(request, gettext("Translation saved as a draft and submitted for review."))
    elif workflow is not None and not target.workflow_in_progress:
        workflow.start(target, request.user)
        messages.success(request, gettext("Translation saved as a draft and submitted for review."))
    else:
        messages.success(request, gettext("Translation saved as a draft."))
    if is_page:
        return redirect("wagtailadmin_pages:edit", target.pk)
    return redirect(_snippet_edit_url(target) or "wagtailadmin_home")
