"""The moderators' queue of translations handed over for review (dashboard panel).

A translator's "Save translation as draft and submit for review" (translations/translation_status.py) starts the page's
workflow; this panel lists every translated page whose workflow is in progress, with its language, how much of it is
translated, who handed it over, a link to compare the draft with the live version (Wagtail's revision compare) and
one to preview the draft, and the moderator's decision in place: "Approve and publish" or "Request changes", with a
comment that Wagtail e-mails to the translator (both post to Wagtail's own workflow action view, which checks the
moderator's right to act on the task).
"""

from dataclasses import dataclass

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import GroupApprovalTask, Page, WorkflowState
from wagtail_localize.models import Translation

from home.roles import SOURCE_LANGUAGE


@dataclass
class PendingTranslation:
    page: Page
    language: str
    percent: int
    submitted_by: object
    submitted_at: object
    compare_url: str
    review_url: str
    preview_url: str
    approve_url: str
    request_changes_url: str


def pending_translations(user):
    """Translations in a workflow whose current task `user` may act on (moderators), newest first."""
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
        .select_related("requested_by", "current_task_state__task")
    )
    rows = []
    for state in states.order_by("-created_at")[:50]:
        page = Page.objects.filter(pk=state.object_id).select_related("locale").first()
        if page is None or page.locale.language_code == SOURCE_LANGUAGE:
            continue
        task = state.current_task_state.task.specific if state.current_task_state else None
        actions = {name for name, _label, _modal in task.get_actions(page, user)} if task is not None else set()
        if not actions:
            continue
        translation = (
            Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
            .exclude(source__locale_id=page.locale_id)
            .first()
        )
        if translation is None:
            continue
        total, done = translation.get_progress()
        rows.append(
            PendingTranslation(
                page=page,
                language=page.locale.get_display_name(),
                percent=round(100 * done / total) if total else 100,
                submitted_by=state.requested_by,
                submitted_at=state.created_at,
                compare_url=reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", "latest"])
                if page.live
                else "",
                review_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                preview_url=reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk]),
                approve_url=_action_url(page, "approve", state, actions),
                request_changes_url=_action_url(page, "reject", state, actions),
            )
        )
    return rows


def _action_url(page, action, state, allowed):
    if action not in allowed:
        return ""
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])


def may_review_translations(user):
    """Moderators (members of a group that approves a workflow task) see the queue, even when it is empty."""
    return user.is_superuser or GroupApprovalTask.objects.filter(groups__user=user, active=True).exists()


class PendingTranslationsPanel(Component):
    name = "pending_translations"
    order = 55
    template_name = "translations/pending_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        # A component renders without the request: its decision form needs the page's CSRF token passed on, as
        # Wagtail's own moderation panel does (without it, "Approve" and "Request changes" answered 403).
        return {"rows": self.rows, "csrf_token": (parent_context or {}).get("csrf_token")}


def add_pending_translations_panel(request, panels):
    rows = pending_translations(request.user)
    if rows or may_review_translations(request.user):
        panels.append(PendingTranslationsPanel(rows))
