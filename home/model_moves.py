"""Moving models from one app to another without touching their rows (used by the apps' migrations).

A model that moves keeps its ContentType row: only its `app_label` changes, so everything that points at the content
type by id (pages' `content_type`, revisions, wagtail-localize's sources, permissions, log entries, workflows) stays
valid. Its table is renamed by the migration (`AlterModelTable`), never copied.
"""

from django.db import migrations


def rename_content_types(old_app, new_app, models):
    """A reversible operation that gives the content types of `models` the app label `new_app`."""

    def relabel(apps, source, target):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=source, model__in=models).update(app_label=target)
        ContentType.objects.clear_cache()

    return migrations.RunPython(
        lambda apps, schema_editor: relabel(apps, old_app, new_app),
        lambda apps, schema_editor: relabel(apps, new_app, old_app),
    )
