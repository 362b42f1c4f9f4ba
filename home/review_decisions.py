"""A review decision (approve, approve with a comment, reject, as a workflow task offers them) is taken once.

Sent twice — a double click, two moderators at once, the form sent again after the page was published — the second
reached Wagtail's edit view after the task had ended: answered with a server error (`None has no on_action`), the
decision recorded twice in the history, or, the task gone, the form saved as a plain edit with a new revision.
Through Wagtail's `before_edit_page` and `before_edit_snippet` hooks (home/wagtail_hooks.py) a decision on an object
no longer in review, or that its task does not offer the user, is answered with a message and nothing changes; while
one decision on an object runs, another on the same object is refused the same way.
"""

import json

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cdhr_cms.middleware import bad_request

# Long enough for a decision to be carried out (its publish included); released as soon as it is.
LOCK_SECONDS = 10
LOCK_ATTRIBUTE = "_review_decision_lock"


def is_a_decision(request):
    return request.method == "POST" and bool(request.POST.get("action-workflow-action"))


def refuse_a_second_decision(request, obj):
    if not is_a_decision(request):
        return None
    try:
        json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return bad_request(request, "A review decision's extra data is JSON.")
    task = getattr(obj, "current_workflow_task", None)  # a snippet without a workflow has none
    offered = [name for name, _label, _modal in task.get_actions(obj, request.user)] if task else []
    if request.POST.get("workflow-action-name") not in offered:
        messages.error(request, _("This review has already been decided: nothing was changed."))
        return redirect(request.get_full_path())
    key = f"review-decision:{obj._meta.label_lower}:{obj.pk}"
    if not cache.add(key, request.user.pk, timeout=LOCK_SECONDS):
        messages.error(
            request,
            _("Someone is deciding this review at this moment: nothing was changed. Reload to see the decision."),
        )
        return redirect(request.get_full_path())
    setattr(request, LOCK_ATTRIBUTE, key)
    return None


def release(request, obj):
    key = getattr(request, LOCK_ATTRIBUTE, None)
    if key:
        cache.delete(key)
