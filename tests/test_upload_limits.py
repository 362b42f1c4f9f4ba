"""Upload limits, through the admin's own upload views with the limits of our settings (not overridden): what an
editor may upload, what is refused with a message, and that nothing a hostile file does ends in a server error.

Already covered elsewhere, not repeated here: metadata stripping and SVG on the single image view, the size and
pixel limits with lowered values (tests/test_defenders_images.py); a damaged or oversized PDF
(tests/test_document_metadata.py)."""

import io
import struct
import zlib

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from editions.printkit.render import load_weasyprint
from home import roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor_client(client):
    """A consortium editor: may add images and documents in every collection."""
    user = get_user_model().objects.create_user("upload-editor", "upload@example.org", "not-used-here-123")
    user.groups.add(Group.objects.get(name=roles.editor_group_names()[0]))
    client.force_login(user)
    return client


def root_collection():
    return Collection.get_first_root_node().pk


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb_png(width=20_000, height=20_000):
    """A valid black-and-white PNG of width×height pixels (400 million by default) that weighs a few tens of KB:
    written chunk by chunk, never held decoded in memory here."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + bytes((width + 7) // 8)  # filter byte + 1 bit per pixel
    compressed = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", compressed) + png_chunk(b"IEND", b"")


def small_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#336699").save(buffer, format="JPEG")
    return buffer.getvalue()


def add_image(client, name, data, content_type="image/png", title=None):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(
        reverse("wagtailimages:add"),
        {"title": title or name, "file": upload, "collection": root_collection()},
    )


def add_image_multiple(client, name, data, content_type="image/png"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload, "collection": root_collection()})


def add_document(client, name, data, content_type="application/pdf"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(reverse("wagtaildocs:add"), {"title": name, "file": upload, "collection": root_collection()})


def test_limits_are_stated_in_our_settings():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert set(settings.WAGTAILDOCS_EXTENSIONS) == {"pdf", "docx", "odt", "csv", "xlsx", "txt"}
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024


def test_a_decompression_bomb_is_refused_with_a_form_error(editor_client):
    bomb = decompression_bomb_png()
    assert len(bomb) < 200 * 1024  # small on the wire: only the pixel limit can stop it
    response = add_image(editor_client, "bomb.png", bomb)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_image_model().objects.filter(title="bomb.png").exists()


def test_a_decompression_bomb_is_refused_by_the_multiple_upload_view(editor_client):
    images_before = get_image_model().objects.count()
    response = add_image_multiple(editor_client, "bomb.png", decompression_bomb_png())
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == images_before


def test_just_over_the_pixel_limit_is_refused_and_just_under_is_accepted(editor_client):
    # 8000×5001 = 40,008,000 pixels: over 40 million; 8000×5000 exactly at the limit.
    response = add_image(editor_client, "over.png", decompression_bomb_png(8000, 5001))
    assert response.status_code == 200 and "file" in response.context["form"].errors
    response = add_image(editor_client, "at.png", decompression_bomb_png(8000, 5000))
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="at.png").exists()


def test_a_file_over_ten_megabytes_is_refused(editor_client):
    # A real JPEG with padding after its end marker: any decoder reads it, only its size is wrong.
    heavy = small_jpeg() + b"\x00" * (10 * 1024 * 1024)
    response = add_image(editor_client, "heavy.jpg", heavy, "image/jpeg")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_image_model().objects.filter(title="heavy.jpg").exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        # An SVG under an image extension: the content decides, not the name.
        ("evil.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_svg_is_refused_by_the_multiple_upload_view(editor_client, name, data):
    images_before = get_image_model().objects.count()
    response = add_image_multiple(editor_client, name, data, "image/svg+xml")
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == images_before


def damaged_images():
    """Files an image viewer would call damaged, each of which Wagtail took for an image by its first bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "#336699").save(buffer, format="PNG")
    png = buffer.getvalue()
    return {
        "header-only.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8,  # a JPEG's first bytes, then noise
        "truncated.png": png[: len(png) // 2],  # cut off in the middle of its pixels
        "truncated.jpg": small_jpeg()[:300],
    }


@pytest.mark.parametrize("name", sorted(damaged_images()))
def test_a_damaged_image_is_refused_with_a_form_error_not_a_server_error(editor_client, name):
    # Whether or not this process has made a poster: WeasyPrint's import had let truncated images through.
    load_weasyprint()
    data = damaged_images()[name]
    images_before = get_image_model().objects.count()
    response = add_image(editor_client, name, data, "image/jpeg" if name.endswith("jpg") else "image/png")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    response = add_image_multiple(editor_client, name, data)
    assert response.status_code == 200 and response.json()["success"] is False
    assert get_image_model().objects.count() == images_before
    # A whole image of the same kind is still taken.
    assert add_image(editor_client, "whole.jpg", small_jpeg(), "image/jpeg").status_code == 302


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "tool.exe", "macro.docm", "script.js"])
def test_documents_outside_the_allowed_extensions_are_refused(editor_client, name):
    response = add_document(editor_client, name, b"<script>alert(1)</script>", "application/octet-stream")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_document_model().objects.filter(title=name).exists()


def test_a_pdf_over_ten_megabytes_is_refused(editor_client):
    pdf = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    response = add_document(editor_client, "huge.pdf", pdf)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_document_model().objects.filter(title="huge.pdf").exists()


def test_too_much_form_data_is_a_bad_request_not_a_server_error(editor_client):
    # Form fields (not files) beyond DATA_UPLOAD_MAX_MEMORY_SIZE: Django answers 400 before any view runs.
    response = editor_client.post(
        reverse("wagtailimages:add"), {"title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400
