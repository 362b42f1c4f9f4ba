"""Where uploaded files live. Every media URL is `/media/<name>`, answered by Django (defenders/files.py), which
serves a file only while a public page shows it: an image of a defender who is not public is never one URL away.

Renditions (`images/…`) get a name made from their image and filter alone, and are written by an atomic rename:
two first visits at the same moment write the same one file, never a second copy that nothing would delete.
"""

import functools
import os
import tempfile
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri

RENDITIONS_FOLDER = "images/"


def is_rendition(name):
    return name.replace("\\", "/").startswith(RENDITIONS_FOLDER)


@functools.lru_cache(maxsize=8)
def is_plain_base(base_url):
    """Whether urljoin leaves `base_url` as it is before a relative path: it ends in "/", has no query, fragment,
    parameters or "." segments, and urljoin rewrites nothing of it (an empty segment, a scheme's capitals, a scheme
    it does not join)."""
    return (
        bool(base_url)
        and base_url.endswith("/")
        and not any(mark in base_url for mark in ("?", "#", ";", "/."))
        and urljoin(base_url, "a/b") == f"{base_url}a/b"
    )


class MediaStorage(FileSystemStorage):
    """Local disk (one server, or a shared disk). Originals keep Django's never-overwrite rule."""

    def url(self, name):
        """Django's address of `name`, `urljoin(base_url, name as a URI)`, written as the two joined where urljoin
        cannot change either: a plain base ending in "/" and a relative path without "." segments (the URI form
        quotes ":", "?" and "#"). A page of twenty portraits asks for fifty addresses, and urljoin had been a tenth
        of the defender directory's render."""
        path = filepath_to_uri(name) if name is not None else None
        base = self.base_url
        if path and is_plain_base(base) and not path.startswith(("/", ".")) and "/." not in path and "//" not in path:
            return base + path
        return super().url(name)

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
