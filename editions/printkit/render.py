"""From a Sheet (facts.py) to a PDF with WeasyPrint, and from a PDF to a PNG preview with poppler's pdftoppm.

- The PDF is tagged (structure tree, /MarkInfo, document language and title), its text is real text in DejaVu fonts
  embedded from Debian's fonts-dejavu packages (every Catalan and Spanish letter: l·l, ç, ñ, à, ï).
- WeasyPrint loads nothing by itself: SheetFetcher hands it the sheet's pictures and the fonts from memory and refuses
  every other address, so a rendering never reads a file or reaches a server it was not given.
- Files are cached per content generation (cdhr_cms/cache.py): any change to public content makes them again.
"""

import functools
import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from PIL import ImageFile

from cdhr_cms.cache import content_generation

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# (resource name, file): fonts-dejavu-core has the first two, fonts-dejavu-extra the condensed faces for headings.
FONT_FILES = {
    "font-sans": "DejaVuSans.ttf",
    "font-sans-bold": "DejaVuSans-Bold.ttf",
    "font-condensed-bold": "DejaVuSansCondensed-Bold.ttf",
}
# The safe margin (mm) inside the trimmed sheet: text never comes closer to the edge, so that office printers, which
# cannot print to the edge, lose nothing. The print shop's version adds 3 mm of bleed on every side.
MARGIN_MM = {"a3": 16, "a4": 12, "a5": 10}
BLEED_MM = 3
PDFTOPPM = "pdftoppm"
PREVIEW_WIDTH = 360


@dataclass(frozen=True)
class Format:
    """One file of the kit: a poster (A3 or A4) or a leaflet (A5), with or without the print shop's bleed."""

    kind: str
    size: str
    bleed: bool = False

    @property
    def page_size(self):
        return self.size.upper()

    @property
    def filename_suffix(self):
        return f"{self.kind}-{self.size}" + ("-bleed" if self.bleed else "")


@functools.cache
def font_resources():
    resources = {}
    for name, filename in FONT_FILES.items():
        path = FONT_DIR / filename
        try:
            resources[name] = (path.read_bytes(), "font/ttf")
        except OSError as error:
            raise ImproperlyConfigured(
                f"The print kit needs {path} (Debian packages fonts-dejavu-core and fonts-dejavu-extra)."
            ) from error
    return resources


def missing_fonts():
    return [str(FONT_DIR / filename) for filename in FONT_FILES.values() if not (FONT_DIR / filename).exists()]


def load_weasyprint():
    """WeasyPrint, imported late: it loads Pango, which only the print kit needs. Importing it turns on Pillow's
    process-wide LOAD_TRUNCATED_IMAGES, under which a truncated upload decodes without an error and was stored half
    blank, or not, depending on whether this process had made a poster yet. Pillow's default is put back: the print
    kit only draws images whose upload was read to the end (defenders/image_forms.py)."""
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


def sheet_fetcher(resources):
    """A WeasyPrint URL fetcher that serves `resources` ({name: (bytes, mime)}) at `cdhr-print:<name>` and refuses
    everything else."""
    load_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SheetFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            name = url.removeprefix("cdhr-print:")
            if url.startswith("cdhr-print:") and name in resources:
                body, mime = resources[name]
                return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise ValueError(f"the print kit loads nothing from outside: {url}")

    return SheetFetcher(fail_on_errors=True)


def render_html(sheet, fmt, fits_one_sheet=True):
    with translation.override(sheet.language):
        bleed = BLEED_MM if fmt.bleed else 0
        margin = MARGIN_MM[fmt.size]
        context = {
            **sheet.context,
            "title": sheet.title,
            "language": sheet.language,
            "format": fmt,
            "margin_mm": margin,
            "bleed_mm": bleed,
            # The coloured band runs to the sheet's edges, and into the bleed when there is one.
            "band_offset_mm": margin + bleed,
            # A poster dense with events gives its band less air.
            "band_top_mm": bleed + (round(margin * 0.6) if sheet.context.get("density") == "dense" else margin),
            "fits_one_sheet": fits_one_sheet,
        }
        return render_to_string(sheet.templates[fmt.kind], context)


def render_pdf(sheet, fmt):
    HTML = load_weasyprint().HTML

    resources = {**font_resources(), **sheet.resources()}
    # Tagged PDF (structure tree, language, title shown by viewers). Not declared PDF/UA: no validator checks it here.
    options = {"pdf_tags": True, "pdf_version": "1.7"}

    def layout(fits_one_sheet):
        html = render_html(sheet, fmt, fits_one_sheet)
        fetcher = sheet_fetcher(resources)
        return HTML(string=html, base_url="cdhr-print:", url_fetcher=fetcher).render(**options)

    document = layout(fits_one_sheet=True)
    if fmt.kind == "poster" and not fits_one_sheet(document):
        # Too much for one sheet with the links and logos pinned to its foot: let them follow the programme.
        document = layout(fits_one_sheet=False)
    return document.write_pdf(**options)


def fits_one_sheet(document, gap=4):
    """Does the poster's main part end (anchor `sheet-main-end`) above its footer (`sheet-footer`) on one page?"""
    if len(document.pages) != 1:
        return False
    anchors = document.pages[0].anchors
    if "sheet-main-end" not in anchors or "sheet-footer" not in anchors:
        return True
    return anchors["sheet-main-end"][1] + gap <= anchors["sheet-footer"][1]


class PreviewUnavailable(Exception):
    pass


def render_preview(pdf):
    """The first page of `pdf` as a small PNG, drawn by poppler's pdftoppm (Debian package poppler-utils)."""
    binary = shutil.which(PDFTOPPM)
    if binary is None:
        raise PreviewUnavailable("pdftoppm (poppler-utils) is not installed")
    width = ["-scale-to-x", str(PREVIEW_WIDTH), "-scale-to-y", "-1"]
    command = [binary, "-png", "-f", "1", "-l", "1", *width, "-singlefile", "-"]
    try:
        finished = subprocess.run(command, input=pdf, capture_output=True, timeout=30, check=True)  # noqa: S603
    except (OSError, subprocess.SubprocessError) as error:
        raise PreviewUnavailable(str(error)) from error
    return finished.stdout


def cached(parts, build):
    """(bytes, hit): the file named by `parts`, made by `build()` once per content generation."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"print-kit:{content_generation()}:{digest}"
    data = cache.get(key)
    if data is not None:
        return data, True
    data = build()
    cache.set(key, data, settings.CDHR_PRINT_KIT_CACHE_SECONDS)
    return data, False
