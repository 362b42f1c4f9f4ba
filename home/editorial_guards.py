"""Every path that changes a live page goes through moderation for anyone who is not a moderator.

Wagtail checks `publish_page` on its own publish, unpublish, schedule, revert, copy and move paths; these rules close
what it and wagtail-localize leave open, through their documented extension points (hooks and permission policies,
registered in home/wagtail_hooks.py):

- deleting pages, images and documents is for moderators only: Wagtail lets anyone with "change" delete a draft page,
  and anyone with "change" on a collection delete its images and documents;
- wagtail-localize's "Convert to alias" publishes the source's content over the translation at once, checking only
  the right to edit it: only those who may publish the page may do it;
- the translation editor is for people who translate: council staff editing their own programme may not write its
  Spanish or English text (wagtail-localize checks only the right to edit the page).

The paths and the role that may take each are listed (and asserted through HTTP) in tests/test_workflow_paths.py.
"""

from django.core.exceptions import PermissionDenied
from wagtail.models import Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail_localize.models import Translation

# The page action menu item wagtail-localize adds to a translation's edit view.
CONVERT_TO_ALIAS_MENU_ITEM = "localize-convert-to-alias"


def may_publish(user, page):
    return page.permissions_for_user(user).can_publish()


def may_delete_page(user, page):
    """Deleting takes a page (and its translations, through Wagtail's cascade) off the site: moderators only."""
    return user.is_superuser or may_publish(user, page)


def may_convert_to_alias(user, page):
    return user.is_superuser or may_publish(user, page)


def is_localize_translation(page):
    """Is `page` a translation kept by wagtail-localize (its text comes from the translation editor)?"""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .exclude(source__locale_id=page.locale_id)
        .exists()
    )


def may_write_translations(user):
    """Translating is the job of those granted `submit_translation` (moderators, editors, translators)."""
    return user.is_superuser or user.has_perm("wagtail_localize.submit_translation")


class DeleteNeedsDeletePermission(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents, except that "delete" needs the "delete" permission on the
    collection. Wagtail treats "delete" as "change" (and lets an uploader delete their own files); here editors and
    council staff change and add files but only moderators, who hold `delete_image`/`delete_document`, delete them."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = list(actions)
        if "delete" in actions:
            if self._check_perm(user, ["delete"], collection=instance.collection):
                return True
            actions.remove("delete")
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        actions = list(actions)
        if "delete" in actions:
            deletable = self.model._default_manager.filter(
                collection__in=list(self._collections_with_perm(user, ["delete"]))
            )
            actions.remove("delete")
            if not user.is_active or not user.is_authenticated:
                return self.model._default_manager.none()
            if user.is_superuser:
                return self.model._default_manager.all()
            if not actions:
                return deletable
            return (super().instances_user_has_any_permission_for(user, actions) | deletable).distinct()
        return super().instances_user_has_any_permission_for(user, actions)

    def users_with_any_permission_for_instance(self, actions, instance):
        actions = list(actions)
        if "delete" in actions:
            deleters = self._users_with_perm(["delete"], collection=instance.collection)
            actions.remove("delete")
            if not actions:
                return deleters
            return (super().users_with_any_permission_for_instance(actions, instance) | deleters).distinct()
        return super().users_with_any_permission_for_instance(actions, instance)


# --- Hook bodies (registered in home/wagtail_hooks.py) ----------------------------------------------------------


def refuse_page_deletion(request, page):
    if not may_delete_page(request.user, page):
        raise PermissionDenied


def refuse_bulk_page_changes(request, action_type, objects, action_class):
    """Bulk actions on pages: deleting needs moderation rights on every page (publishing and unpublishing are
    checked by Wagtail itself per page; moving a live page needs `publish` at the destination, Wagtail's rule)."""
    if action_type != "delete":
        return
    for item in objects:
        if isinstance(item, Page) and not may_delete_page(request.user, item):
            raise PermissionDenied


def refuse_translation_editor(request, page):
    """Before wagtail-localize's `before_edit_page` hook opens its editor for a translation."""
    if not may_write_translations(request.user) and is_localize_translation(page):
        raise PermissionDenied


def hide_convert_to_alias(menu_items, request, context):
    page = context.get("page")
    if page is None or may_convert_to_alias(request.user, page):
        return
    menu_items[:] = [item for item in menu_items if item.name != CONVERT_TO_ALIAS_MENU_ITEM]
