"""Who may edit a city programme: its municipality's editors group, on that page only.

Granted when the programme is created (any channel: admin, set-up, translation), so that the workflow issue only has
to attach a review step. The group gets `change_page` on the programme alone — not on the tour, not `publish_page`.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupPagePermission, Page

PROGRAMME_PERMISSIONS = ("change_page",)


def grant_programme_editing(programme):
    group = programme.municipality.editors_group if programme.municipality_id else None
    if group is None:
        return []
    page_type = ContentType.objects.get_for_model(Page)
    granted = []
    for codename in PROGRAMME_PERMISSIONS:
        permission = Permission.objects.get(content_type=page_type, codename=codename)
        _grant, created = GroupPagePermission.objects.get_or_create(group=group, page=programme, permission=permission)
        if created:
            granted.append(codename)
    return granted


def on_programme_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_programme_editing(instance)
