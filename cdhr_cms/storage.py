"""Where uploaded files live. Every media URL is `/media/<name>`, answered by Django (defenders/files.py), which
serves a file only while a public page shows it: an image of a defender who is not public is never one URL away.

Renditions (`images/…`) get a name made from their image and filter alone, and are written by an atomic rename:
two first visits at the same moment write the same one file, never a second copy that nothing would delete.
"""

import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri

RENDITIONS_FOLDER = "images/"


def is_rendition(name):
    return name.replace("\\", "/").startswith(RENDITIONS_FOLDER)


class MediaStorage(FileSystemStorage):
    """Local disk (one server, or a shared disk). Originals keep Django's never-overwrite rule."""

    def get_available_name(self, name, max_length=None):
        if is_rendition(name):
            # Same image + same filter = same name = same bytes: writing it twice must give one file, not two.
            return name
        return super().get_available_name(name, max_length=max_length)

    def _save(self, name, content):
        if not is_rendition(name):
            return super()._save(name, content)
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as output:
                for chunk in content.chunks():
                    output.write(chunk if isinstance(chunk, bytes) else chunk.encode())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            # Atomic: a reader sees the whole file or none, and a concurrent writer replaces it with the same bytes.
            os.replace(temporary, full_path)
        except BaseException:
            if os.path.exists(temporary):
                os.remove(temporary)
            raise
        return name.replace("\\", "/")


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover - django-storages is in requirements.txt
    S3Storage = None


if S3Storage is not None:

    class PrivateS3Storage(S3Storage):
        """A private bucket. Pages link to `/media/<name>`; Django checks the file may be seen and redirects to a
        link signed for one minute, so that a link copied from an old page stops working soon after a take-down."""

        def url(self, name, parameters=None, expire=None, http_method=None):
            if expire is not None:
                return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
            return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"

        def signed_url(self, name, seconds=60):
            return super().url(name, expire=seconds)

        def get_available_name(self, name, max_length=None):
            if is_rendition(name):
                return name
            return super().get_available_name(name, max_length=max_length)
