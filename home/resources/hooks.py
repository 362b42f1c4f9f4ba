"""Admin hooks of the resources area (imported by home/wagtail_hooks.py)."""

from wagtail import hooks

# Contact messages hold personal data: only people with this permission (the consortium's moderators, and
# superusers) see them, even if they may edit the contact page itself.
CONTACT_SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


@hooks.register("filter_form_submissions_for_user")
def only_moderators_read_messages(user, editable_forms):
    if user.has_perm(CONTACT_SUBMISSIONS_PERMISSION):
        return editable_forms
    return editable_forms.none()
