"""The print kit (editions/printkit/): posters and leaflets read back as a reader, a screen reader, a phone camera and
a print shop would — text extracted with pypdf, images and structure with pikepdf, QR codes decoded with zbar from a
poppler rendering — and checked against the safety and visibility rules: no private event, no invitation address, no
photo of a limited or protected defender, nobody's legal name or region.
"""

import contextlib
import datetime
import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from django.utils import translation
from django.utils.formats import date_format
from PIL import Image as PILImage
from pypdf import PdfReader

from defenders.levels import raise_level
from editions.factories import (
    EventFactory,
    defender_directory,
    edition_index,
    madrid,
    make_defender,
    make_programme,
    make_tour,
)
from editions.models import EditionDefender, Event
from home.models import Institution, Municipality
from home.translation import publish_translation

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)
A5 = (419.53, 595.28)
BLEED_PT = 3 / 25.4 * 72
ADDRESS_PUBLIC = "Carrer de la Indústria 12"
ADDRESS_INVITATION = "Carrer Reservat 99"
ADDRESS_PRIVATE = "Carrer de l'Escola 7"
PRIVATE_TITLE = "Visita a l'Institut Ferran Casablancas"
# Catalan and Spanish letters the fonts must carry, in a public event's title.
GLYPHS_TITLE = "Música per la pau: col·lectius, façana, niñas, àvia, veïna"
SECRETS = ("Maria Secreta", "Olancho", "Secret Region", ADDRESS_INVITATION, ADDRESS_PRIVATE, PRIVATE_TITLE)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    from django.core.cache import caches

    settings.MEDIA_ROOT = tmp_path / "media"
    # Wagtail keeps renditions in the cache by image id; ids come back after each test's rollback, files do not.
    for name in settings.CACHES:
        caches[name].clear()


def pattern(title, kind, colour):
    """A portrait no other could be mistaken for: stripes or a checkerboard in its own colour."""
    image = PILImage.new("RGB", (240, 240), "white")
    pixels = image.load()
    for x in range(240):
        for y in range(240):
            on = {"vertical": x // 30 % 2, "horizontal": y // 30 % 2, "checker": (x // 40 + y // 40) % 2}[kind]
            if on:
                pixels[x, y] = colour
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def defender(directory, slug, name, level, portrait, credit, **names):
    """A published defender whose editor attached a portrait, whatever the level: the rule must still hold."""
    return make_defender(
        directory,
        slug,
        name,
        level,
        portrait=portrait,
        portrait_alt=f"Portrait of {name}",
        portrait_credit=credit,
        **names,
    )


@pytest.fixture
def kit(homes, locales):
    directory = defender_directory(homes["ca"])
    portraits = {
        "public": pattern("public-face", "vertical", (200, 30, 30)),
        "limited": pattern("limited-face", "horizontal", (30, 160, 30)),
        "protected": pattern("protected-face", "checker", (30, 30, 200)),
    }
    public = defender(directory, "amara", "Amara Quispe", "public", portraits["public"], "Foto Pública")
    limited = defender(directory, "kemal", "Kemal", "limited", portraits["limited"], "Limited Credit")
    protected = defender(
        directory,
        "roure",
        "Roure",
        "protected",
        portraits["protected"],
        "Protected Credit",
        legal_name="Maria Secreta",
        region="Olancho",
    )
    tour = make_tour(edition_index(homes["ca"]), title="Gira de primavera 2027", slogan="Ciutats que escolten")
    for page in (public, limited, protected):
        tour.participating_defenders.add(EditionDefender(defender=page))
    tour.save_revision().publish()
    events = [
        EventFactory(
            title="Xerrada: defensar la terra",
            start=madrid(2027, 4, 13, 18),
            venue_name="Biblioteca Vapor Badia",
            venue_address=ADDRESS_PUBLIC,
        ),
        EventFactory(
            title="Taula rodona amb entitats",
            event_type="round_table",
            audience="invitation",
            start=madrid(2027, 4, 14, 17),
            venue_name="Casal cívic",
            venue_address=ADDRESS_INVITATION,
        ),
        EventFactory(
            title=PRIVATE_TITLE,
            event_type="school_visit",
            start=madrid(2027, 4, 15, 10),
            venue_name="Institut",
            venue_address=ADDRESS_PRIVATE,
        ),
        EventFactory(title=GLYPHS_TITLE, event_type="cultural", start=madrid(2027, 4, 16, 20), venue_name="Plaça"),
    ]
    sabadell = Municipality.objects.get(slug="sabadell")
    sabadell.coat_of_arms = pattern("sabadell-arms", "checker", (250, 200, 0))
    sabadell.save()
    programme = make_programme(tour, sabadell, events, defenders=[public, limited, protected])
    founder = Institution.objects.filter(role="founder", locale__language_code="ca").first()
    founder.logo = pattern("founder-logo", "vertical", (0, 120, 120))
    founder.save()
    founder.save_revision().publish()
    spanish_tour = publish_translation(tour, locales["es"], {"title": "Gira de primavera 2027 (es)"})
    spanish = publish_translation(programme, locales["es"], {"title": "Sabadell"})
    return {
        "tour": tour,
        "programme": programme,
        "spanish": spanish,
        "spanish_tour": spanish_tour,
        "public": public,
        "limited": limited,
        "protected": protected,
        "portraits": portraits,
        "founder": founder,
    }


def get_pdf(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    if status != 200:
        return response
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def text_of(data):
    """The PDF's text, its lines joined by single spaces (where a line breaks depends on the paper size)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def embedded_images(data):
    """Every image stream in the PDF, decoded."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                images.append(pikepdf.PdfImage(obj).as_pil_image().convert("RGB"))
        return images


def average_hash(image):
    grey = image.convert("L").resize((8, 8), PILImage.Resampling.BILINEAR)
    pixels = list(grey.tobytes())
    mean = sum(pixels) / len(pixels)
    return [pixel > mean for pixel in pixels]


def mean_colour(image):
    small = image.convert("RGB").resize((1, 1), PILImage.Resampling.BOX)
    return small.getpixel((0, 0))


def looks_like(candidate, original):
    """The same picture, whatever its size or compression: same pattern (average hash) and same colour."""
    distance = sum(a != b for a, b in zip(average_hash(candidate), average_hash(original), strict=True))
    colour = sum(abs(a - b) for a, b in zip(mean_colour(candidate), mean_colour(original), strict=True))
    return distance <= 6 and colour < 60


def pixel_hash(image):
    return hashlib.sha256(image.convert("RGB").tobytes()).hexdigest()


def original(image):
    with image.open_file() as handle:
        return PILImage.open(io.BytesIO(handle.read())).convert("RGB")


def qr_codes(data, dpi=150):
    """The addresses of every QR code on every page, read from poppler's rendering as a phone camera would."""
    from pyzbar import pyzbar

    found = set()
    for number in range(1, len(PdfReader(io.BytesIO(data)).pages) + 1):
        png = subprocess.run(
            [
                shutil.which("pdftoppm"),
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                "-",
            ],
            input=data,
            capture_output=True,
            check=True,
        ).stdout
        found |= {symbol.data.decode() for symbol in pyzbar.decode(PILImage.open(io.BytesIO(png)))}
    return found


def page_boxes(data):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0].obj
        return [float(v) for v in page.MediaBox], [float(v) for v in page.get("/TrimBox", page.MediaBox)]


def close(a, b, tolerance=1.0):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


# --- What the poster says ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_the_programme_poster_prints_every_public_event_and_nothing_private(client, kit, size):
    text = text_of(get_pdf(client, f"{kit['programme'].url}poster.pdf?size={size}"))
    assert "Sabadell" in text
    assert "Gira de primavera 2027" in text
    for title in ("Xerrada: defensar la terra", "Taula rodona amb entitats", GLYPHS_TITLE):
        assert title in text, title
    assert ADDRESS_PUBLIC in text and "Biblioteca Vapor Badia" in text
    # The invitation event is there, as such, at its venue but without its address.
    assert "Casal cívic" in text and "Amb invitació" in text
    for secret in SECRETS:
        assert secret not in text, secret
    # Defenders as the safety rule shows them: the protected one by pseudonym, nobody by legal name.
    assert "Amara Quispe" in text and "Kemal" in text and "Roure" in text
    assert "Foto Pública" in text
    assert "Limited Credit" not in text and "Protected Credit" not in text


def test_dates_are_written_in_each_language_s_own_format(client, kit):
    day = datetime.date(2027, 4, 13)
    for language, page, weekday, month in (
        ("ca", kit["programme"], "dimarts", "abril"),
        ("es", kit["spanish"], "martes", "abril"),
    ):
        text = text_of(get_pdf(client, f"{page.url}poster.pdf")).lower()
        with translation.override(language):
            expected = date_format(day, "DATE_FORMAT").lower()
        assert expected in text, (language, expected)
        assert weekday in text and month in text
    text = text_of(get_pdf(client, f"{kit['spanish'].url}poster.pdf"))
    assert "13 de abril de 2027" in text
    assert "Programa" in text and "Con invitación" in text


def test_the_leaflet_is_a5_with_events_grouped_by_day_in_order(client, kit):
    data = get_pdf(client, f"{kit['programme'].url}leaflet.pdf")
    media, _trim = page_boxes(data)
    assert close(media[2:], A5)
    text = text_of(data)
    programme = text.index("Programa")  # after the band, whose dates line names the first and last days
    with translation.override("ca"):
        days = [date_format(datetime.date(2027, 4, day), "DATE_FORMAT") for day in (13, 14, 16)]
    positions = [text.index(day, programme) for day in days]
    assert positions == sorted(positions)
    # Each event sits under its own day.
    assert positions[0] < text.index("Xerrada: defensar la terra") < positions[1]
    assert positions[1] < text.index("Taula rodona amb entitats") < positions[2]
    assert positions[2] < text.index(GLYPHS_TITLE)
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_tour_poster_lists_every_city_with_its_dates_and_a_code_to_the_tour(client, kit, homes):
    terrassa = Municipality.objects.get(slug="terrassa")
    make_programme(kit["tour"], terrassa, [EventFactory(title="Cinefòrum", start=madrid(2027, 4, 19, 19))])
    data = get_pdf(client, f"{kit['tour'].url}poster.pdf")
    text = text_of(data)
    assert "Sabadell" in text and "Terrassa" in text
    with translation.override("ca"):
        assert date_format(datetime.date(2027, 4, 19), "DATE_FORMAT") in text
        # Sabadell's public events run from the 13th to the 16th: the private visit on the 15th changes nothing.
        assert date_format(datetime.date(2027, 4, 13), "DATE_FORMAT") in text
    assert qr_codes(data) == {kit["tour"].get_full_url()}
    for secret in SECRETS:
        assert secret not in text


# --- Pictures: only public defenders' portraits --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["poster.pdf", "poster.pdf?size=a3&bleed=1", "leaflet.pdf"])
def test_no_portrait_of_a_limited_or_protected_defender_is_inside_the_pdf(client, kit, path):
    images = embedded_images(get_pdf(client, f"{kit['programme'].url}{path}"))
    assert images, "the public portrait and the logos are there"
    hidden = [original(kit["portraits"]["limited"]), original(kit["portraits"]["protected"])]
    hidden_hashes = {pixel_hash(image) for image in hidden}
    for image in images:
        assert pixel_hash(image) not in hidden_hashes
        for portrait in hidden:
            assert not looks_like(image, portrait)
    # The check can fail: the public defender's portrait is found, and so are the logos.
    assert any(looks_like(image, original(kit["portraits"]["public"])) for image in images)
    assert any(looks_like(image, original(kit["founder"].logo)) for image in images)
    assert any(looks_like(image, original(Municipality.objects.get(slug="sabadell").coat_of_arms)) for image in images)


def test_the_tour_poster_shows_only_the_public_defender_s_portrait(client, kit):
    images = embedded_images(get_pdf(client, f"{kit['tour'].url}poster.pdf"))
    assert any(looks_like(image, original(kit["portraits"]["public"])) for image in images)
    for level in ("limited", "protected"):
        assert not any(looks_like(image, original(kit["portraits"][level])) for image in images), level


def test_a_defender_made_protected_disappears_from_the_next_poster(client, kit):
    url = f"{kit['programme'].url}poster.pdf"
    assert any(
        looks_like(image, original(kit["portraits"]["public"])) for image in embedded_images(get_pdf(client, url))
    )
    raise_level(kit["public"].person, None, "protected", "Quiet Heron", "Threats after the tour")
    data = get_pdf(client, url)
    assert not any(looks_like(image, original(kit["portraits"]["public"])) for image in embedded_images(data))
    assert "Foto Pública" not in text_of(data)


# --- Codes, structure, fonts ---------------------------------------------------------------------------------------


def test_qr_codes_lead_to_the_programme_and_its_calendar(client, kit):
    url = kit["programme"].get_full_url()
    assert url.startswith("http")
    for path in ("poster.pdf", "poster.pdf?size=a3", "leaflet.pdf"):
        # The calendar's own address in the page's language (home/routes.py).
        assert qr_codes(get_pdf(client, f"{kit['programme'].url}{path}")) == {url, f"{url}calendari.ics"}, path
    spanish = kit["spanish"].get_full_url()
    assert qr_codes(get_pdf(client, f"{kit['spanish'].url}poster.pdf")) == {spanish, f"{spanish}calendario.ics"}


def test_the_pdf_is_tagged_with_language_and_title_and_embeds_its_fonts(client, kit):
    for page, language in ((kit["programme"], "ca"), (kit["spanish"], "es")):
        data = get_pdf(client, f"{page.url}poster.pdf")
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert str(pdf.Root.Lang) == language
            assert pdf.Root.MarkInfo.Marked is True
            assert "/StructTreeRoot" in pdf.Root
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            title = str(pdf.docinfo.Title)
            assert "Sabadell" in title and "Gira de primavera 2027" in title
            fonts = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"]
            descriptors = [font.FontDescriptor for font in fonts if "/FontDescriptor" in font]
            assert descriptors
            for descriptor in descriptors:
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, descriptor.FontName
                assert "DejaVu" in str(descriptor.FontName)
    structure = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in structure


def test_catalan_and_spanish_letters_are_real_text_in_a_font_that_has_them(client, kit):
    from fontTools.ttLib import TTFont

    from editions.printkit.render import FONT_DIR, FONT_FILES

    text = text_of(get_pdf(client, f"{kit['programme'].url}poster.pdf"))
    assert GLYPHS_TITLE in text
    for name in FONT_FILES.values():
        cmap = TTFont(FONT_DIR / name).getBestCmap()
        missing = {char for char in "l·lçÇñÑàÀèéíïÏòóúüÜ€«»’" if ord(char) not in cmap}
        assert not missing, (name, missing)


def test_reading_order_follows_the_printed_order(client, kit):
    text = text_of(get_pdf(client, f"{kit['programme'].url}poster.pdf"))
    order = ["Gira de primavera 2027", "Sabadell", "Programa", "Xerrada: defensar la terra"]
    order += ["Taula rodona amb entitats", GLYPHS_TITLE, "Hi participen", "Amara Quispe", "Organitzen"]
    position = 0
    for part in order:  # each after the one before: ValueError if the order differs
        position = text.index(part, position) + len(part)
    # The footer (links and logos) comes last, after every event and the people taking part.
    assert text.index("Organitzen") > text.index("Hi participen") > text.index(GLYPHS_TITLE)


@pytest.mark.parametrize(("size", "paper"), [("a4", A4), ("a3", A3)])
def test_sizes_and_the_print_shop_bleed(client, kit, size, paper):
    media, trim = page_boxes(get_pdf(client, f"{kit['programme'].url}poster.pdf?size={size}"))
    assert close(media[2:], paper) and close(trim, media)
    media, trim = page_boxes(get_pdf(client, f"{kit['programme'].url}poster.pdf?size={size}&bleed=1"))
    assert close(trim, [0, 0, *paper])
    assert close(media, [-BLEED_PT, -BLEED_PT, paper[0] + BLEED_PT, paper[1] + BLEED_PT])


def test_a_programme_of_twenty_events_fits_one_poster(client, kit):
    programme = kit["programme"]
    for number in range(16):
        day = 12 + number % 8
        programme.events.add(
            EventFactory(
                title=f"Activitat {number + 1}: drets humans a la ciutat",
                start=madrid(2027, 4, day, 9 + number % 10),
                venue_name="Centre cívic",
                venue_address=f"Carrer Llarg {number + 1}",
            )
        )
    programme.save_revision().publish()
    assert Event.objects.public().filter(page=programme).count() == 19  # and the private visit: 20 in all
    for size in ("a4", "a3"):
        data = get_pdf(client, f"{programme.url}poster.pdf?size={size}")
        assert len(PdfReader(io.BytesIO(data)).pages) == 1, size
        assert "Activitat 16" in text_of(data)


# --- Which pages have files, and bad requests ----------------------------------------------------------------------


def test_bad_sizes_get_a_clear_answer(client, kit):
    url = kit["programme"].url
    for query in ("poster.pdf?size=a2", "leaflet.pdf?size=a3", "poster.pdf?bleed=yes", "poster.pdf?size=" + "x" * 500):
        response = get_pdf(client, url + query, status=400)
        assert response["Content-Type"].startswith("text/plain")
        assert len(response.content) < 300
    assert get_pdf(client, f"{kit['tour'].url}leaflet.pdf", status=404)
    assert get_pdf(client, f"{kit['public'].url}poster.pdf", status=404)
    assert get_pdf(client, "/ca/no-such-page/poster.pdf", status=404)


def test_only_live_public_pages_have_public_files(client, kit):
    programme = kit["programme"]
    url = f"{programme.url}poster.pdf"
    get_pdf(client, url)
    programme.unpublish()
    get_pdf(client, url, status=404)
    programme.save_revision().publish()
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=programme, restriction_type=PageViewRestriction.LOGIN)
    get_pdf(client, url, status=404)


def test_files_are_cached_per_content_generation_and_made_again_after_a_change(client, kit):
    url = f"{kit['programme'].url}poster.pdf"
    assert client.get(url)["X-Print-Cache"] == "miss"
    assert client.get(url)["X-Print-Cache"] == "hit"
    assert client.get(url + "?size=a3")["X-Print-Cache"] == "miss"
    programme = kit["programme"].get_latest_revision_as_object()
    first = programme.events.all()[0]
    first.title = "Xerrada canviada: defensar l'aigua"
    programme.save_revision().publish()
    response = client.get(url)
    assert response["X-Print-Cache"] == "miss"
    text = text_of(b"".join(response.streaming_content))
    assert "Xerrada canviada" in text and "Xerrada: defensar la terra" not in text


def test_the_public_programme_page_offers_posters_and_leaflets(client, kit):
    from bs4 import BeautifulSoup

    html = BeautifulSoup(client.get(kit["programme"].url).content, "html.parser")
    line = html.select_one(".print-links")
    assert "Cartells i fullets" in line.get_text()
    links = [link["href"] for link in line.find_all("a")]
    assert links == [
        f"{kit['programme'].url}{path}" for path in ("poster.pdf?size=a4", "poster.pdf?size=a3", "leaflet.pdf")
    ]
    for link in links:
        assert client.get(link).status_code == 200
    tour_links = BeautifulSoup(client.get(kit["tour"].url).content, "html.parser").select(".print-links a")
    assert [link["href"] for link in tour_links] == [f"{kit['tour'].url}poster.pdf?size={s}" for s in ("a4", "a3")]


def test_the_print_kit_fetches_nothing_it_was_not_given(kit):
    from editions.printkit.render import sheet_fetcher

    fetcher = sheet_fetcher({"known": (b"x", "text/plain")})
    assert fetcher.fetch("cdhr-print:known").read() == b"x"
    for url in ("http://127.0.0.1/", "file:///etc/passwd", "cdhr-print:unknown", "data:text/plain,hi"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_fonts_are_debian_s(kit):
    from editions.printkit.render import FONT_DIR, missing_fonts

    assert missing_fonts() == []
    assert Path(FONT_DIR).is_dir()


def test_the_admin_s_draft_files_follow_the_same_rules(client, kit, django_user_model):
    """The admin prints a page's latest revision, held in memory rather than in the database: the same rules apply."""
    from django.urls import reverse

    client.force_login(django_user_model.objects.create_superuser("kit-admin", "kit@example.org", "x" * 16))
    programme = kit["programme"]
    for kind, query in (("poster", "?size=a3"), ("leaflet", "")):
        data = get_pdf(client, reverse("editions_print_kit", args=[programme.pk, kind, "pdf"]) + query)
        text = text_of(data)
        assert "Xerrada: defensar la terra" in text and "Casal cívic" in text and "Roure" in text
        for secret in SECRETS:
            assert secret not in text, secret
        images = embedded_images(data)
        assert any(looks_like(image, original(kit["portraits"]["public"])) for image in images)
        for level in ("limited", "protected"):
            assert not any(looks_like(image, original(kit["portraits"][level])) for image in images), level
        assert qr_codes(data) == {programme.get_full_url(), f"{programme.get_full_url()}calendari.ics"}


def test_photos_reach_the_pdf_without_their_metadata(client, kit):
    """Wagtail copies EXIF into renditions: the poster must not hand a photo's GPS or author to every reader."""
    from django.core.files.images import ImageFile

    photo = PILImage.new("RGB", (240, 240), (200, 30, 30))
    exif = PILImage.Exif()
    exif[0x010E] = "EXIF-MARKER-where-the-photo-was-taken"  # ImageDescription
    exif[0x013B] = "EXIF-MARKER-photographer"  # Artist
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif)
    image = kit["public"].person.portrait
    image.file.save("with-exif.jpg", ImageFile(buffer, name="with-exif.jpg"))
    image.renditions.all().delete()
    with image.open_file() as handle:
        assert b"EXIF-MARKER" in handle.read()  # the check can fail: the marker is in the stored file
    data = get_pdf(client, f"{kit['programme'].url}poster.pdf")
    streams = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                streams.append(obj.read_raw_bytes())
                with contextlib.suppress(pikepdf.PdfError):  # JPEG streams stay as they are
                    streams.append(obj.read_bytes())
    assert not any(b"EXIF-MARKER" in stream or b"Exif" in stream for stream in streams)
    assert any(looks_like(image, photo) for image in embedded_images(data))
    # What the poster was protected from: the rendition it was made from carries the metadata.
    from editions.printkit.facts import PORTRAIT_RENDITION

    with image.get_rendition(PORTRAIT_RENDITION).file.open("rb") as handle:
        assert b"EXIF-MARKER" in handle.read()
