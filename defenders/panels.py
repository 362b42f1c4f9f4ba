"""Admin panels that show a defender's safety facts where people edit them, with the actions that change them."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from .levels import can_lower, can_raise


class PersonSafetyPanel(Panel):
    """On the person's form: the current level, and the two ways to change it (it is not a form field)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "defenders/admin/person_safety_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            person = self.instance
            user = self.request.user if self.request else None
            context["person"] = person
            if person.pk and user is not None:
                context["raise_url"] = can_raise(user) and reverse("defenders_raise_level", args=[person.pk])
                context["consent_url"] = can_lower(user) and reverse("defenders_consent", args=[person.pk])
            return context


class ProfilePersonPanel(Panel):
    """On a profile page: the facts it shows, read from its person, with a link to edit them there."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "defenders/admin/profile_person_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            person = page.person if page.person_id else None
            context["person"] = person
            if person is not None:
                user = self.request.user if self.request else None
                if user is not None and user.has_perm("defenders.change_defender"):
                    context["edit_url"] = reverse(person.snippet_viewset.get_url_name("edit"), args=[person.pk])
                context["raise_url"] = (
                    user is not None and can_raise(user) and reverse("defenders_raise_level", args=[person.pk])
                )
            return context
