"""Wagtail's Users area for those who manage accounts without being administrators: moderators (home/roles.py).

They may neither make anyone an administrator nor change an administrator's account (password, groups, active or
not): either would hand them the whole site, the safety controls included. Wagtail's own views refuse them only the
deletion of an administrator; these views (registered by `accounts.apps.UsersConfig`, Wagtail's documented way to
customise its Users area) and the `before_bulk_action` hook (wagtail_hooks.py) refuse the rest.
"""

from wagtail.admin.auth import permission_denied
from wagtail.users.views import users


def may_manage(current_user, account):
    """Whether `current_user` may change `account` in the Users area: an administrator's only if an administrator."""
    return current_user.is_superuser or not account.is_superuser


class WithoutAdministratorChoice:
    """The user form without its "Administrator" box, for anyone who is not an administrator (a value posted for it
    anyway is not read: the form has no such field)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields.pop("is_superuser", None)
        return form


class CreateView(WithoutAdministratorChoice, users.CreateView):
    pass


class EditView(WithoutAdministratorChoice, users.EditView):
    def dispatch(self, request, *args, **kwargs):
        if not may_manage(request.user, self.object):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
