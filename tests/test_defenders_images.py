"""Clean images: no EXIF, XMP or GPS survives an upload, in the original or any rendition; SVG and limits."""

import importlib
import io
import secrets

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

RENDITIONS = ["fill-160x160", "fill-400x400", "fill-1200x630", "width-480", "format-webp", "format-png"]


def image_with_gps(image_format):
    image = Image.new("RGB", (120, 80), "#aa3355")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.DateTime] = "2024:05:01 10:00:00"
    exif[ExifTags.Base.Orientation] = 6  # rotated: the stored image must come out upright (80x120)
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (41.0, 23.0, 12.0), 3: "E", 4: (2.0, 10.0, 5.0)}
    buffer = io.BytesIO()
    if image_format == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("XML:com.adobe.xmp", "<x:xmpmeta>GPSLatitude 41.38</x:xmpmeta>")
        info.add_text("Comment", "taken at the safe house")
        image.save(buffer, format="PNG", exif=exif, pnginfo=info)
    else:
        image.save(buffer, format="JPEG", exif=exif, xmp=b"<x:xmpmeta>GPSLatitude 41.38</x:xmpmeta>")
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries what we want to see removed
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def assert_clean(file_bytes):
    assert b"SpyCam" not in file_bytes and b"GPSLatitude" not in file_bytes and b"safe house" not in file_bytes
    with Image.open(io.BytesIO(file_bytes)) as image:
        exif = image.getexif()
        assert len(exif) == 0, dict(exif)
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info and "exif" not in image.info
        return image.size


def read(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def assert_image_and_renditions_clean(image):
    assert assert_clean(read(image.file)) == (80, 120)
    assert (image.width, image.height) == (80, 120)
    for spec in RENDITIONS:
        rendition = image.get_rendition(spec)
        assert_clean(read(rendition.file))


@pytest.mark.parametrize(("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png")])
def test_model_save_strips_metadata(image_format, extension):
    data = image_with_gps(image_format)
    image = get_image_model().objects.create(
        title="Field photo", file=ImageFile(io.BytesIO(data), name=f"f.{extension}")
    )
    image.refresh_from_db()
    assert_image_and_renditions_clean(image)
    assert image.file_size == image.file.size


def profile_saying(text):
    """An sRGB colour profile whose description says `text` (same length as Pillow's "sRGB built-in")."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    description = "sRGB built-in".encode("utf-16-be")
    assert len(text) == len("sRGB built-in") and description in profile
    return profile.replace(description, text.encode("utf-16-be"))


@pytest.mark.parametrize(("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png")])
def test_a_colour_profiles_text_is_not_kept_but_its_colours_are(image_format, extension):
    output = io.BytesIO()
    Image.new("RGB", (80, 120), "#8a1538").save(output, image_format, icc_profile=profile_saying("ZZLEAK Zzplac"))
    image = get_image_model().objects.create(
        title="Field photo", file=ImageFile(io.BytesIO(output.getvalue()), name=f"f.{extension}")
    )
    for data in (read(image.file), read(image.get_rendition("fill-40x40").file)):
        assert b"ZZLEAK" not in data and "ZZLEAK".encode("utf-16-be") not in data
        with Image.open(io.BytesIO(data)) as stored:
            assert "icc_profile" not in stored.info
            red, green, blue = stored.convert("RGB").getpixel((10, 10))
        assert abs(red - 0x8A) <= 3 and abs(green - 0x15) <= 3 and abs(blue - 0x38) <= 3


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("imgadmin", "a@example.com", "pw")
    client.force_login(user)
    return client


def root_collection():
    # With the municipalities' own collections, the upload form asks where the image goes.
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


@pytest.mark.parametrize(("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png")])
def test_admin_upload_strips_metadata(admin_client, image_format, extension):
    upload = SimpleUploadedFile(f"upload.{extension}", image_with_gps(image_format), content_type="image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Uploaded", "file": upload, "collection": root_collection()}
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Uploaded")
    assert_image_and_renditions_clean(image)


def test_admin_multiple_upload_strips_metadata(admin_client):
    upload = SimpleUploadedFile("multi.jpg", image_with_gps("JPEG"), content_type="image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload, "collection": root_collection()}
    )
    assert response.status_code == 200
    image = get_image_model().objects.order_by("-pk").first()
    assert_image_and_renditions_clean(image)


def test_an_image_completed_after_a_refused_multiple_upload_is_stored_clean_and_renamed(admin_client):
    # Without a collection the first form is refused: Wagtail keeps the upload aside, the editor completes it, and
    # Wagtail then stores the file itself, under its uploaded name, before saving the image.
    uploaded_name = f"Nom_Cognom_{secrets.token_hex(4)}"  # the test media folder outlives a run
    upload = SimpleUploadedFile(f"{uploaded_name}.jpg", image_with_gps("JPEG"), content_type="image/jpeg")
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    uploaded_id = response.json()["uploaded_file_id"]
    prefix = f"uploaded-image-{uploaded_id}"
    response = admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[uploaded_id]),
        {f"{prefix}-title": "Completed", f"{prefix}-collection": root_collection(), f"{prefix}-tags": ""},
    )
    assert response.status_code == 200 and response.json()["success"], response.content
    image = get_image_model().objects.get(title="Completed")
    assert_image_and_renditions_clean(image)
    assert "Cognom" not in image.file.name
    # Nor is the copy Wagtail stored under the uploaded name left in the media folder.
    _folders, stored = image.file.storage.listdir("original_images")
    assert not [name for name in stored if uploaded_name in name]


def test_a_file_stored_earlier_under_its_uploaded_name_is_cleaned_and_renamed_by_migration_0009():
    migration = importlib.import_module("defenders.migrations.0009_clean_files_kept_by_multiple_upload")
    image = get_image_model().objects.create(title="Kept", file=ImageFile(io.BytesIO(image_with_gps("PNG")), "k.png"))
    # As the multiple upload's path left such a file before it was cleaned: uploaded name, metadata and all.
    uploaded_name = f"Nom_Cognom_{secrets.token_hex(4)}"
    storage = image.file.storage
    stored = storage.save(f"original_images/{uploaded_name}.jpg", ContentFile(image_with_gps("JPEG")))
    get_image_model().objects.filter(pk=image.pk).update(file=stored)
    migration.clean_files(django_apps, None)
    image.refresh_from_db()
    assert uploaded_name not in image.file.name and not storage.exists(stored)
    assert_image_and_renditions_clean(image)


def test_svg_refused(admin_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    upload = SimpleUploadedFile("evil.svg", svg, content_type="image/svg+xml")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Evil", "file": upload})
    assert response.status_code == 200  # the form again, with its error
    assert not get_image_model().objects.filter(title="Evil").exists()
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_size_and_pixel_limits(admin_client, settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    upload = SimpleUploadedFile("big.jpg", image_with_gps("JPEG"), content_type="image/jpeg")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Too many pixels", "file": upload})
    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Too many pixels").exists()
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    upload = SimpleUploadedFile("heavy.jpg", image_with_gps("JPEG"), content_type="image/jpeg")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Too heavy", "file": upload})
    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Too heavy").exists()
