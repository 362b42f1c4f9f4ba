"""Who reads contact messages."""

from wagtail import hooks

from .models import ContactPage

# Contact messages hold personal data: only people with this permission (the consortium's moderators, and
# superusers) see them, even if they may edit the contact page itself.
CONTACT_SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


@hooks.register("filter_form_submissions_for_user")
def only_moderators_read_messages(user, editable_forms):
    if user.has_perm(CONTACT_SUBMISSIONS_PERMISSION):
        return editable_forms
    return editable_forms.none()


@hooks.register("tour_press_room_context")
def contact_form_for_the_press(request, tour, press_office):
    """Without a press office, journalists are sent to the contact form (subject "Press")."""
    if press_office is not None:
        return {}
    return {"contact_page": ContactPage.objects.live().filter(locale_id=tour.locale_id).first()}
