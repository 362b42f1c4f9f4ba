"""Media addresses (cdhr_cms/storage.py `MediaStorage.url`, issue 21): written without urljoin where urljoin cannot
change them, and in every case the address Django's own storage gives, so that a picture is found where the page
says it is."""

import pytest
from django.core.files.storage import FileSystemStorage

from cdhr_cms.storage import MediaStorage

NAMES = [
    "images/portrait.2e16d0ba.fill-400x400.jpg",
    "original_images/àgora ciutadana.JPG",
    "a b/c+d&e=f.png",
    "~x/!y*(z)'.jpg",
    "%41.jpg",
    "x:y.jpg",  # a colon would read as a scheme: the address quotes it
    "q?x=1#f",
    "a\\b.jpg",
    "a;b",
    # Where urljoin changes what it joins: "." segments, doubled and leading slashes, addresses of their own.
    "a//b.jpg",
    "./a.jpg",
    "../a.jpg",
    "a/../b.jpg",
    "a/./b",
    "a/.hidden",
    "..",
    "/abs/p.jpg",
    "//elsewhere.example/x",
    "http://elsewhere.example/x",
    "",
]
BASES = [
    *("/media/", "https://cdn.example.org/media/", "/media", "/m;x/", "/a/./media/", "https://h/m/?q=1"),
    # Bases urljoin rewrites: an empty segment, a scheme in capitals, a scheme it does not join.
    *("https://cdn.example.org//media/", "/media//", "HTTPS://h/m/", "s3://bucket/media/"),
]


@pytest.mark.parametrize("base_url", BASES)
def test_every_address_is_the_one_djangos_storage_gives(base_url):
    ours, djangos = MediaStorage(base_url=base_url), FileSystemStorage(base_url=base_url)
    assert [ours.url(name) for name in NAMES] == [djangos.url(name) for name in NAMES]


def test_the_address_follows_media_url_when_it_changes(settings):
    storage = MediaStorage()
    assert storage.url("images/x.jpg") == "/media/images/x.jpg"
    settings.MEDIA_URL = "https://cdn.example.org/files/"
    assert storage.url("images/x.jpg") == "https://cdn.example.org/files/images/x.jpg"
