"""The moderators' queue of translations handed over for review (dashboard panel).

A translator's "Save translation as draft and submit for review" (translations/translation_status.py) starts the page's
workflow; this panel lists every translated page whose workflow is in progress, with its language, how much of it is
translated, who handed it over, and links to compare the draft with the live version (Wagtail's revision compare)
and to review it (the edit view, where Approve and "Request changes" with a comment are).
"""

from dataclasses import dataclass

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState
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
        if task is None or not task.get_actions(page, user):
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
            )
        )
    return rows


class PendingTranslationsPanel(Component):
    name = "pending_translations"
    order = 55
    template_name = "translations/pending_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows}


def add_pending_translations_panel(request, panels):
    rows = pending_translations(request.user)
    if rows or request.user.has_perm("wagtailcore.publish_page") or request.user.is_superuser:
        panels.append(PendingTranslationsPanel(rows))
