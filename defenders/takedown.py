"""Emergency take-down: a defender disappears from every public channel, in every language, at once. Their
portrait and pictures stop being served too, since no live profile shows them any more (defenders/files.py)."""

from django.db import transaction
from wagtail.log_actions import log

from cdhr_cms.cache import purge_hard

from .models import remove_from_search

TAKE_DOWN_PERMISSION = "defenders.take_down_defender"


def can_take_down(user):
    return user.is_authenticated and user.has_perm(TAKE_DOWN_PERMISSION)


@transaction.atomic
def take_down_everywhere(defender_page, user, reason):
    """Unpublish every translation, cancel anything that would put it back (scheduled publishing, workflows), take
    it out of the search index, and write who and why to the audit log. Returns the pages taken down."""
    pages = {page.pk: page.specific for page in defender_page.get_translations(inclusive=True)}
    if defender_page.person_id:
        # Every profile of the person, not only this page's translations: the person is what is taken down.
        pages.update({page.pk: page for page in type(defender_page).objects.filter(person_id=defender_page.person_id)})
    pages = list(pages.values())
    for page in pages:
        workflow_state = page.current_workflow_state
        if workflow_state:
            workflow_state.cancel(user=user)
        # A revision scheduled to go live would republish it later: unschedule them all.
        page.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
        if page.live:
            page.unpublish(user=user, set_expired=False, commit=True, log_action=True)
        remove_from_search(page)
        log(
            instance=page,
            action="defenders.take_down",
            user=user,
            data={"reason": reason, "locales": [p.locale.language_code for p in pages]},
        )
    purge_hard()  # unpublishing did already; said here, where a reader looks for it (cdhr_cms/cache.py)
    return pages
