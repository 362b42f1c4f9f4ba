"""No module of ours replaces an attribute of Wagtail, Django or wagtail-localize at run time (issue 18): after
Django has started (every app imported, every `ready()` run), every function and class found on their modules and
classes is their own. Upgrades then change what Wagtail does in one place only: Wagtail."""

import inspect
import sys
from pathlib import Path

from django.conf import settings
from wagtail import hooks
from wagtail.models import Locale, Page
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

THIRD_PARTY = ("wagtail", "django", "wagtail_localize", "modelcluster", "taggit", "treebeard")


def our_packages():
    base = Path(settings.BASE_DIR)
    return {path.parent.name for path in base.glob("*/__init__.py")} | {path.stem for path in base.glob("*.py")}


def defined_in(value):
    """The module a function, method or class was written in (None for plain values)."""
    for attribute in ("fget", "__func__", "func"):
        value = getattr(value, attribute, value)
    module = getattr(value, "__module__", None)
    return module if isinstance(module, str) else None


# Wagtail modules that run a hook while they are imported keep its last function in their loop variable
# (`for fn in hooks.get_hooks("construct_admin_api"): fn(api_router)`): that is Wagtail calling a hook we registered
# through `hooks.register`, its documented way in, not our code writing onto Wagtail. {(module, variable): hook}
HOOK_LOOP_VARIABLES = {("wagtail.admin.api.urls", "fn"): "construct_admin_api"}


def left_by_a_hook_loop(module_name, attribute, value):
    hook = HOOK_LOOP_VARIABLES.get((module_name, attribute))
    return hook is not None and value in hooks.get_hooks(hook)


def is_ours(module, ours):
    return module is not None and module.split(".")[0] in ours


def written_by_wagtail(cls, name):
    """`cls.name` is the function Wagtail wrote on one of `cls`'s classes, in that class's own module."""
    value = inspect.getattr_static(cls, name)
    function = getattr(value, "__func__", value)
    owner_name, _, method = function.__qualname__.partition(".")
    owner = getattr(sys.modules[function.__module__], owner_name)
    return function.__module__.split(".")[0] == "wagtail" and method == name and owner in cls.__mro__


def test_wagtails_routing_privacy_and_locale_lookup_are_wagtails_own():
    assert written_by_wagtail(Page, "route_for_request")
    assert written_by_wagtail(Page, "find_for_request")
    assert written_by_wagtail(Page, "get_view_restrictions")
    assert written_by_wagtail(PageQuerySet, "private_q")
    assert written_by_wagtail(PageQuerySet, "public")
    assert written_by_wagtail(LocaleManager, "get_for_language")
    assert type(Locale.objects).get_for_language is LocaleManager.get_for_language
    assert written_by_wagtail(Locale, "get_active")


def test_no_attribute_of_wagtail_django_or_wagtail_localize_is_ours():
    ours = our_packages()
    assert {"home", "defenders", "editions", "statements"} <= ours
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in THIRD_PARTY:
            continue
        for attribute, value in list(vars(module).items()):
            if is_ours(defined_in(value), ours) and not left_by_a_hook_loop(name, attribute, value):
                found.append(f"{name}.{attribute}")
            # Classes written in this module: their own attributes (methods, properties, managers' methods).
            if isinstance(value, type) and value.__module__ == name:
                for member, inner in vars(value).items():
                    if is_ours(defined_in(inner), ours):
                        found.append(f"{name}.{attribute}.{member}")
    assert found == []


def test_the_check_would_see_a_patch(monkeypatch):
    """The test above is not blind: a replaced method is reported."""
    from home.queries import restricted_q

    monkeypatch.setattr(PageQuerySet, "private_q", lambda self: restricted_q())
    assert not written_by_wagtail(PageQuerySet, "private_q")
    ours = our_packages()
    assert is_ours(defined_in(vars(PageQuerySet)["private_q"]), ours)


def test_only_a_registered_hook_is_excused(monkeypatch):
    """The hook loop's variable is excused only while it holds a function registered for that hook."""
    import wagtail.admin.api.urls as admin_api_urls

    from home.queries import restricted_q

    monkeypatch.setattr(admin_api_urls, "fn", restricted_q)
    assert not left_by_a_hook_loop("wagtail.admin.api.urls", "fn", restricted_q)
    registered = hooks.get_hooks("construct_admin_api")[-1]
    assert left_by_a_hook_loop("wagtail.admin.api.urls", "fn", registered)
