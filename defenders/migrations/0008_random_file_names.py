"""Uploaded files get random names: originals and documents stored under the name they were uploaded with
("Name_Surname.jpg", which every URL of the file and of its renditions carried) are moved to a random one, and
their renditions are deleted (Wagtail makes them again, under the new name, on the next visit)."""

import os
import re

from django.core.files.base import ContentFile
from django.db import migrations

RANDOM_STEM = re.compile(r"^[0-9a-f]{16}$")


def _rename(obj, folder):
    from home.uploads import random_name

    name = obj.file.name
    if not name or RANDOM_STEM.match(os.path.splitext(os.path.basename(name))[0]):
        return False
    storage = obj.file.storage
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return False  # a missing original stays as it is: nothing to rename, nothing served
    new_name = storage.save(f"{folder}/{random_name(name)}", ContentFile(data))
    type(obj).objects.filter(pk=obj.pk).update(file=new_name)
    storage.delete(name)
    return True


def rename_files(apps, schema_editor):
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    Document = apps.get_model("wagtaildocs", "Document")
    for image in Image.objects.all():
        if _rename(image, "original_images"):
            for rendition in Rendition.objects.filter(image=image):
                if rendition.file.name and rendition.file.storage.exists(rendition.file.name):
                    rendition.file.storage.delete(rendition.file.name)
                rendition.delete()
    for document in Document.objects.all():
        _rename(document, "documents")


class Migration(migrations.Migration):

    dependencies = [
        ("defenders", "0007_remove_profile_facts"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(rename_files, migrations.RunPython.noop)]
