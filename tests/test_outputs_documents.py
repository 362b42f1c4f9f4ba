"""Uploaded PDFs lose their active content — JavaScript run on opening (/OpenAction) or from the name tree
(/Names/JavaScript), embedded files, launch actions, event actions (/AA) — with their metadata, through the admin's
own upload view; a PDF that cannot be cleaned is refused with a form error and nothing is stored."""

import io

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db

ACTIVE = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/OpenAction", "/AA", "/Filespec"}


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("pdfadmin", "p@example.org", "a-long-password-123"))
    return client


def action(pdf, kind, **values):
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name(kind), **values))


def booby_trapped_pdf():
    """A one-page PDF with every kind of active content a reader would run or extract."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.Root.OpenAction = action(pdf, "/JavaScript", JS=pikepdf.String("app.alert('opened')"))
    attachment = pdf.make_stream(b"MZ not a real program", Type=pikepdf.Name.EmbeddedFile)
    filespec = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec, F=pikepdf.String("invoice.exe"), EF=pikepdf.Dictionary(F=attachment)
        )
    )
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(
            Names=pikepdf.Array([pikepdf.String("init"), action(pdf, "/JavaScript", JS=pikepdf.String("this.x=1"))])
        ),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("invoice.exe"), filespec])),
    )
    page = pdf.pages[0].obj
    page.AA = pikepdf.Dictionary(O=action(pdf, "/Launch", F=pikepdf.String("cmd.exe")))
    page.Annots = pikepdf.Array(
        [
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[10, 10, 100, 30],
                    A=action(pdf, "/JavaScript", JS=pikepdf.String("app.launchURL('x')")),
                )
            ),
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[0, 0, 5, 5], FS=filespec
                )
            ),
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[10, 40, 100, 60],
                    A=action(pdf, "/URI", URI=pikepdf.String("https://ciutatsdefensores.cat/")),
                )
            ),
        ]
    )
    pdf.docinfo["/Author"] = "Secret Author"
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def dictionaries(value, seen):
    """Every dictionary reachable from `value`, following indirect references (each object once)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        if value.objgen in seen:
            return
        seen.add(value.objgen)
    if isinstance(value, pikepdf.Stream):
        yield value.stream_dict
        yield from dictionaries(value.stream_dict, seen)
    elif isinstance(value, pikepdf.Dictionary):
        yield value
        for child in value.values():
            yield from dictionaries(child, seen)
    elif isinstance(value, pikepdf.Array):
        for child in value:
            yield from dictionaries(child, seen)


def active_content(pdf):
    """Every marker of active content reachable from the document's trailer (what a reader would find)."""
    found = set()
    for dictionary in dictionaries(pdf.trailer, set()):
        found |= set(dictionary.keys()) & ACTIVE
        for key in ("/S", "/Type", "/Subtype"):
            if str(dictionary.get(key, "")) in ACTIVE:
                found.add(str(dictionary[key]))
    return found


def upload(client, name, data):
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post("/admin/documents/add/", {"title": name, "file": file, "collection": 1})


def test_the_test_pdf_really_is_booby_trapped():
    with pikepdf.open(io.BytesIO(booby_trapped_pdf())) as pdf:
        assert {"/OpenAction", "/JavaScript", "/EmbeddedFiles", "/Launch", "/AA", "/JS"} <= active_content(pdf)


def test_active_content_is_removed_and_links_kept(admin_client):
    response = upload(admin_client, "dossier.pdf", booby_trapped_pdf())
    assert response.status_code == 302
    document = get_document_model().objects.get(title="dossier.pdf")
    with document.open_file() as handle:
        data = handle.read()
    assert b"MZ not a real program" not in data and b"Secret Author" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert active_content(pdf) == set()
        assert len(pdf.pages) == 1
        annotations = pdf.pages[0].Annots
        # The attachment is gone; the script link lost its action and keeps its place; the web link is intact.
        assert [str(annotation.Subtype) for annotation in annotations] == ["/Link", "/Link"]
        assert [str(annotation.A.URI) for annotation in annotations if "/A" in annotation] == [
            "https://ciutatsdefensores.cat/"
        ]
        assert "/Author" not in pdf.docinfo


def test_a_pdf_that_cannot_be_cleaned_is_refused_with_a_form_error(admin_client):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    # An action hidden under a key no reader should run: the cleaner cannot know it, the final check finds it.
    pdf.pages[0].obj["/Hidden"] = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("x"))
    buffer = io.BytesIO()
    pdf.save(buffer)
    response = upload(admin_client, "hidden.pdf", buffer.getvalue())
    assert response.status_code == 200
    assert "Aquest PDF conté scripts" in response.content.decode()  # the admin speaks Catalan by default
    assert not get_document_model().objects.filter(title="hidden.pdf").exists()
