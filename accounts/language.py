"""The admin's language, chosen per user (Account → Preferences → Language, Wagtail's own setting).

Until someone chooses, Wagtail follows the browser's Accept-Language. For municipal staff that meant an English admin
on many council computers: an account that joins a municipality's group gets Catalan, the councils' working language,
as its chosen language (they can change it). Everything we show outside Wagtail's own views speaks the same language:
the two-factor screens (`in_admin_language`) and the e-mails we send (`admin_language`).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from wagtail.admin.localization import get_localized_response
from wagtail.users.models import UserProfile

from home.models import Municipality

MUNICIPAL_DEFAULT_LANGUAGE = "ca"


def admin_language(user):
    """The language `user` reads the admin in: their choice, else the site's source language."""
    profile = UserProfile.get_for_user(user)
    return profile.preferred_language or settings.LANGUAGE_CODE


def default_to_catalan(user):
    """Give a municipal account Catalan as its admin language, unless its user has chosen one."""
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = MUNICIPAL_DEFAULT_LANGUAGE
        profile.save(update_fields=["preferred_language"])


def _is_municipal(groups):
    return Municipality.objects.filter(editors_group__in=groups).exists()


def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed receiver for User.groups: a user added to a municipality's group (from either side)."""
    if action != "post_add" or not pk_set:
        return
    User = get_user_model()
    if reverse:  # group.user_set.add(...): `instance` is the group
        if _is_municipal([instance]):
            for user in User.objects.filter(pk__in=pk_set):
                default_to_catalan(user)
    elif _is_municipal(list(pk_set)):
        default_to_catalan(instance)


def connect():
    m2m_changed.connect(on_groups_changed, sender=get_user_model().groups.through, dispatch_uid="municipal-language")


def municipal_accounts_default_to_catalan():
    """For setup_site: municipal accounts made before this rule, or while it was not connected."""
    groups = Municipality.objects.exclude(editors_group=None).values("editors_group")
    for user in get_user_model().objects.filter(groups__in=groups).distinct():
        default_to_catalan(user)


def in_admin_language(view):
    """Render `view` in the signed-in user's admin language and time zone, as Wagtail's own views are."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return get_localized_response(view, request, *args, **kwargs)

    return wrapped
