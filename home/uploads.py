"""Uploaded files: which are new (`new_file`), and their names: random, so that no URL carries what an uploader
called a file ("Name_Surname.jpg")."""

import os
import secrets

# 16 hexadecimal characters (64 bits): unguessable, and short enough that Wagtail's rendition names (which keep at
# most 59 characters, the filter spec included) still start with all of it.
TOKEN_BYTES = 8


def random_name(uploaded_name):
    """A fresh random file name with the uploaded file's extension (lower case), e.g. "3f9c0a6be1d24e7a.jpg"."""
    extension = os.path.splitext(uploaded_name or "")[1].lower()
    return f"{secrets.token_hex(TOKEN_BYTES)}{extension}"


def new_file(instance):
    """(the bytes of the file `instance` is about to save for the first time, the name Wagtail already stored it
    under or None), or None when its file is not new. Usually a new file is not stored yet; Wagtail's multiple upload
    stores it itself, under its uploaded name and metadata and all, when the editor completes an upload whose first
    form was refused (CreateFromUploaded…View): such a copy is new too, read back from storage."""
    file = instance.file
    if not file:
        return None
    if not getattr(file, "_committed", True):
        file.seek(0)
        return file.read(), None
    if not instance._state.adding:
        return None
    with file.storage.open(file.name, "rb") as stored:
        return stored.read(), file.name


def forget_stored_copy(instance, stored_name, storage):
    """Delete the copy Wagtail stored under the uploaded name (see `new_file`), unless another row uses it."""
    if stored_name and not type(instance)._default_manager.filter(file=stored_name).exists():
        storage.delete(stored_name)
