"""Files stored before every path cleaned them: an image or document completed after a refused multiple upload was
stored by Wagtail under its uploaded name with its metadata (EXIF, GPS, author). Those still carrying a name that is
not random are cleaned, then renamed as 0008 renamed the files of its time (their renditions deleted, made again on
the next visit). Files with a random name were cleaned when stored and are left alone."""

import importlib
import os

from django.core.files.base import ContentFile
from django.db import migrations

earlier = importlib.import_module("defenders.migrations.0008_random_file_names")


def _clean_in_place(obj, clean):
    name = obj.file.name
    if not name or earlier.RANDOM_STEM.match(os.path.splitext(os.path.basename(name))[0]):
        return
    storage = obj.file.storage
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return  # a missing original stays as it is: nothing to clean, nothing served
    try:
        cleaned = clean(name, data)
    except Exception:  # noqa: BLE001 - one that cannot be read (never shown as an image) is still renamed below
        return
    storage.delete(name)
    new_name = storage.save(name, ContentFile(cleaned))
    type(obj).objects.filter(pk=obj.pk).update(file=new_name, file_size=len(cleaned))


def clean_files(apps, schema_editor):
    from defenders.images import strip_metadata
    from home.scrub import scrub_document

    for image in apps.get_model("wagtailimages", "Image").objects.all():
        _clean_in_place(image, lambda _name, data: strip_metadata(data))
    for document in apps.get_model("wagtaildocs", "Document").objects.all():
        _clean_in_place(document, scrub_document)
    earlier.rename_files(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("defenders", "0008_random_file_names")]

    operations = [migrations.RunPython(clean_files, migrations.RunPython.noop)]
