"""Hooks of the resources area (imported by home/wagtail_hooks.py): who reads contact messages, and the teaching
resources section of a defender's profile."""

from wagtail import hooks

# Contact messages hold personal data: only people with this permission (the consortium's moderators, and
# superusers) see them, even if they may edit the contact page itself.
CONTACT_SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"
MAX_RESOURCES_ON_A_PROFILE = 6


@hooks.register("filter_form_submissions_for_user")
def only_moderators_read_messages(user, editable_forms):
    if user.has_perm(CONTACT_SUBMISSIONS_PERMISSION):
        return editable_forms
    return editable_forms.none()


@hooks.register("defender_profile_sections")
def teaching_resources_on_a_profile(request, defender_page):
    """A listed defender's profile names the resources built around them (a protected one's never does: no resource
    shows a protected defender, so none may point back to one)."""
    from .related import resources_linking_to

    if not defender_page.public.listed:
        return None
    resources = list(resources_linking_to(defender_page, "related_defenders")[:MAX_RESOURCES_ON_A_PROFILE])
    return resources and {
        "template": "home/resources/sections/defender.html",
        "context": {"resources": resources},
        "order": 40,
    }
