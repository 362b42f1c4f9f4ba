"""Remove identifying metadata from uploaded documents before they are stored.

A PDF or office file can say who wrote it, on which machine, and (through the photos inside it) where. Documents
here include supporting documents of endorsements and teaching material; none of that metadata is ours to publish.
Images have their own cleaner (defenders app); this module handles PDF, DOCX and ODT.

PDFs also lose their active content — JavaScript (on opening, in the name tree, on links and form fields), embedded
files, launch actions — which a reader of a teaching dossier never needs and an attacker would use; a PDF still
holding any after cleaning is refused with a form error (home/forms.py).
"""

import io
import zipfile

import pikepdf

# JPEG segments that carry no picture: EXIF and XMP (APP1), IPTC/Photoshop (APP13), comments, and the other APPn.
# Kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform, needed to decode CMYK correctly).
_JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}


def strip_jpeg_metadata(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        return data
    out = bytearray(b"\xff\xd8")
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return data  # not a JPEG we understand: leave it as it is rather than break it
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the picture itself follows, up to the end
            out += data[position:]
            return bytes(out)
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segment = data[position : position + 2 + length]
        is_metadata = (0xE0 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP) or marker == 0xFE
        if not is_metadata:
            out += segment
        position += 2 + length
    return data


class ActiveContentError(ValueError):
    """A PDF that still holds scripts, embedded files or launch actions after cleaning: refused, not stored."""


# Actions that run something (scripts, programs, embedded files, media players) or send data out. Links (/URI) and
# jumps inside the document (/GoTo) stay.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/RichMediaExecute",
    "/Rendition",
    "/Sound",
    "/Movie",
}
# Keys that hold actions run on events (opening the file, a page, a field), scripts, or files to extract.
ACTIVE_KEYS = ("/OpenAction", "/AA", "/JS", "/EmbeddedFile", "/EF", "/RichMediaContent", "/XFA")
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"}
# What must be gone once the file is cleaned, looked for in every object (names of keys, types and actions).
ACTIVE_MARKERS = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/OpenAction", "/AA", "/XFA"}


def _is_active_action(value):
    return isinstance(value, pikepdf.Dictionary) and value.get("/S") in ACTIVE_ACTIONS


def _dictionaries(pdf):
    """Every dictionary of the file, direct ones nested inside others included (each once): an action can sit
    inside a page or an annotation without being an object of its own."""
    seen = set()

    def walk(value):
        if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
            yield value
            children = value.values() if isinstance(value, pikepdf.Dictionary) else value.stream_dict.values()
        elif isinstance(value, pikepdf.Array):
            children = list(value)
        else:
            return
        for child in children:
            # Indirect objects are visited from pdf.objects, once.
            if isinstance(child, pikepdf.Object) and not child.is_indirect:
                yield from walk(child)

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array) and obj.objgen not in seen:
            seen.add(obj.objgen)
            yield from walk(obj)


def _remove_active_content(pdf):
    root = pdf.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
    for key in ("/OpenAction", "/AA", "/Collection"):  # /Collection: a portfolio of embedded files
        if key in root:
            del root[key]
    acro_form = root.get("/AcroForm")
    if isinstance(acro_form, pikepdf.Dictionary) and "/XFA" in acro_form:
        del acro_form["/XFA"]  # XFA forms carry their own scripts
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if isinstance(annotations, pikepdf.Array):
            kept = [annot for annot in annotations if not (
                isinstance(annot, pikepdf.Dictionary) and annot.get("/Subtype") in ACTIVE_ANNOTATIONS
            )]  # fmt: skip
            if len(kept) != len(annotations):
                page.obj["/Annots"] = pikepdf.Array(kept)
    for dictionary in list(_dictionaries(pdf)):
        for key in ACTIVE_KEYS:
            if key in dictionary:
                del dictionary[key]
        # A link or a bookmark whose action runs something loses the action (and keeps its place).
        for key in ("/A", "/Next"):
            if key in dictionary and _is_active_action(dictionary[key]):
                del dictionary[key]


def _remaining_active_content(pdf):
    """The markers of active content still found anywhere in `pdf` (empty when it is clean)."""
    found = set()
    for dictionary in _dictionaries(pdf):
        found |= set(dictionary.keys()) & ACTIVE_MARKERS
        for key in ("/S", "/Type", "/Subtype"):
            value = dictionary.get(key)
            if isinstance(value, pikepdf.Name) and str(value) in ACTIVE_MARKERS | ACTIVE_ACTIONS:
                found.add(str(value))
    return found


def scrub_pdf(data: bytes) -> bytes:
    """The PDF without its metadata (document info, XMP, photos' EXIF) and without active content (JavaScript,
    embedded files, launch and other actions run on opening or on a click). Raises ActiveContentError when active
    content is still there after cleaning, so that the upload is refused rather than stored."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        _remove_active_content(pdf)
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                continue
            for key in ("/Metadata", "/PieceInfo"):
                if key in obj and obj is not pdf.Root:
                    del obj[key]
            if (
                isinstance(obj, pikepdf.Stream)
                and obj.get("/Subtype") == "/Image"
                and obj.get("/Filter") == "/DCTDecode"
            ):
                raw = obj.read_raw_bytes()
                cleaned = strip_jpeg_metadata(raw)
                if cleaned != raw:
                    obj.write(cleaned, filter=pikepdf.Name.DCTDecode)
        output = io.BytesIO()
        # Objects no longer referenced (the removed scripts and files) are not written (qpdf's default).
        pdf.save(output, fix_metadata_version=False)
    with pikepdf.open(io.BytesIO(output.getvalue())) as cleaned_pdf:
        remaining = _remaining_active_content(cleaned_pdf)
    if remaining:
        raise ActiveContentError(", ".join(sorted(remaining)))
    return output.getvalue()


_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
_EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
_EMPTY_ODF_META = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2">'
    b"<office:meta/></office:document-meta>"
)
_OFFICE_REPLACEMENTS = {
    "docProps/core.xml": _EMPTY_CORE,
    "docProps/app.xml": _EMPTY_APP,
    "meta.xml": _EMPTY_ODF_META,
}
_OFFICE_DROPPED = {"docProps/custom.xml", "docProps/thumbnail.jpeg", "Thumbnails/thumbnail.png"}


def scrub_office(data: bytes) -> bytes:
    """DOCX and ODT are zip packages: replace their metadata parts with empty ones, clean embedded JPEGs."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            if item.filename in _OFFICE_DROPPED:
                continue
            content = _OFFICE_REPLACEMENTS.get(item.filename) or source.read(item.filename)
            if item.filename.lower().endswith((".jpg", ".jpeg")):
                content = strip_jpeg_metadata(content)
            # ODF requires its "mimetype" entry first and uncompressed; keep each entry's compression as it was.
            target.writestr(item, content, compress_type=item.compress_type)
    return output.getvalue()


SCRUBBERS = {"pdf": scrub_pdf, "docx": scrub_office, "odt": scrub_office}


def scrub_document(filename: str, data: bytes) -> bytes:
    """Return the file's bytes without identifying metadata (unchanged for kinds we do not clean)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    scrubber = SCRUBBERS.get(extension)
    return scrubber(data) if scrubber else data
