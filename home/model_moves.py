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
        for model in models:
            content_type = ContentType.objects.filter(app_label=source, model=model).first()
            if content_type is None:  # a new database: the content types are made after migrating
                continue
            # Migrating one app at a time, Django's post_migrate may have made a second, empty content type under
            # the target label (the state held the model in both apps): the one with the rows wins.
            ContentType.objects.filter(app_label=target, model=model).delete()
            content_type.app_label = target
            content_type.save(update_fields=["app_label"])
        ContentType.objects.clear_cache()

    return migrations.RunPython(
        lambda apps, schema_editor: relabel(apps, old_app, new_app),
        lambda apps, schema_editor: relabel(apps, new_app, old_app),
    )


def forget_content_types(app, models):
    """For the last migration of a move: content types of `models` still under `app` are empty duplicates that
    post_migrate made while the models were in two apps' state (migrating one app at a time); the ones with the rows
    were relabelled by the move. Reversing needs nothing: the move's own reversal relabels them back."""

    def forget(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.filter(app_label=app, model__in=models).delete()
        ContentType.objects.clear_cache()

    return migrations.RunPython(forget, migrations.RunPython.noop)
