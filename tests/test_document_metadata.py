"""Uploaded documents lose identifying metadata before storage: PDF info and XMP, photos' EXIF, office properties."""

import io
import secrets
import zipfile

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db
SECRET = "Jane Secret Author"


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    gps = {1: "N", 2: (41.0, 23.0, 0.0), 3: "E", 4: (2.0, 10.0, 0.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def pdf_with_metadata():
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    jpeg = jpeg_with_gps()
    image = pikepdf.Stream(pdf, jpeg)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 32, 32, 8
    image.ColorSpace, image.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.DCTDecode
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    pdf.docinfo["/Author"] = SECRET
    pdf.docinfo["/Producer"] = "SecretProducer 1.0"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [SECRET]
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def docx_with_metadata():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document>Hola</w:document>")
        package.writestr(
            "docProps/core.xml", f"<cp:coreProperties><dc:creator>{SECRET}</dc:creator></cp:coreProperties>"
        )
        package.writestr("docProps/app.xml", "<Properties><Company>Secret Council</Company></Properties>")
        package.writestr("word/media/photo.jpeg", jpeg_with_gps())
    return buffer.getvalue()


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("docadmin", "d@example.org", "a-long-password-123")
    client.force_login(user)
    return client


def upload(admin_client, name, data, content_type):
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, data, content_type=content_type), "collection": 1},
    )
    return response


def stored_bytes(title):
    document = get_document_model().objects.get(title=title)
    with document.open_file() as handle:
        return document, handle.read()


def test_pdf_uploaded_through_the_admin_loses_author_xmp_and_photo_exif(admin_client):
    original = pdf_with_metadata()
    assert SECRET.encode() in original or b"SecretCameraMaker" in original
    response = upload(admin_client, "statement.pdf", original, "application/pdf")
    assert response.status_code == 302
    document, data = stored_bytes("statement.pdf")
    assert SECRET.encode() not in data
    assert b"SecretProducer" not in data and b"SecretCameraMaker" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Author" not in pdf.docinfo
        assert "/Metadata" not in pdf.Root
        image = pdf.pages[0].Resources.XObject.Im0
        assert Image.open(io.BytesIO(image.read_raw_bytes())).getexif() == {}
    assert document.file_size == len(data)


def test_a_document_completed_after_a_refused_multiple_upload_is_stored_clean_and_renamed(admin_client):
    # Without a collection the first form is refused: Wagtail keeps the upload aside, the editor completes it, and
    # Wagtail then stores the file itself, under its uploaded name, before saving the document.
    uploaded_name = f"Informe_{secrets.token_hex(4)}"  # the test media folder outlives a run
    upload = SimpleUploadedFile(f"{uploaded_name}.pdf", pdf_with_metadata(), content_type="application/pdf")
    response = admin_client.post(reverse("wagtaildocs:add_multiple"), {"files[]": upload})
    uploaded_id = response.json()["uploaded_file_id"]
    prefix = f"uploaded-document-{uploaded_id}"
    response = admin_client.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[uploaded_id]),
        {f"{prefix}-title": "Completed", f"{prefix}-collection": 1, f"{prefix}-tags": ""},
    )
    assert response.status_code == 200 and response.json()["success"], response.content
    document, data = stored_bytes("Completed")
    assert SECRET.encode() not in data and b"SecretCameraMaker" not in data
    assert uploaded_name not in document.file.name
    _folders, stored = document.file.storage.listdir("documents")
    assert not [name for name in stored if uploaded_name in name]


def test_docx_loses_its_author_and_company(admin_client):
    response = upload(admin_client, "dossier.docx", docx_with_metadata(), "application/octet-stream")
    assert response.status_code == 302
    _document, data = stored_bytes("dossier.docx")
    package = zipfile.ZipFile(io.BytesIO(data))
    assert SECRET not in package.read("docProps/core.xml").decode()
    assert "Secret Council" not in package.read("docProps/app.xml").decode()
    assert package.read("word/document.xml") == b"<w:document>Hola</w:document>"
    assert b"SecretCameraMaker" not in package.read("word/media/photo.jpeg")


def test_a_damaged_pdf_is_refused_with_a_clear_message_and_nothing_stored(admin_client):
    response = upload(admin_client, "broken.pdf", b"%PDF-1.7 this is not really a pdf", "application/pdf")
    assert response.status_code == 200
    # The admin speaks the site's default language (Catalan) to a user with no preference.
    assert "No s&#x27;ha pogut llegir el fitxer" in response.content.decode()
    # That reason alone: not also an extension "" refused, which the model's check said of the file no longer there.
    assert len(response.context["form"].errors["file"]) == 1
    assert not get_document_model().objects.filter(title="broken.pdf").exists()


def test_an_oversized_document_is_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload(admin_client, "big.pdf", pdf_with_metadata() + b"0" * 2048, "application/pdf")
    assert response.status_code == 200
    assert not get_document_model().objects.filter(title="big.pdf").exists()
