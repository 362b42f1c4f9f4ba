"""A tour's press room (`<tour>/press/`) and its photo archive (`<tour>/press-photos.zip`).

What a journalist gets: the tour's press releases, the press office's contact, and the portraits of the tour's
defenders who are public, each with caption, credit and licence. Limited and protected defenders take part under a
chosen name or a pseudonym: no photo of them exists here, in the page or in the archive (defenders/safety.py). A
tour without a public photo has no archive (404), as its press room offers none.
"""

import functools
import io
import os
import zipfile
from dataclasses import dataclass
from typing import NamedTuple

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import formats, translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Site

from defenders.models import with_portrait_texts
from defenders.safety import public_view
from home import formatting, pictures
from home.catalogues import CATALOGUE_SETTINGS
from home.markup import text_escape as text
from home.models import PressOffice
from home.queries import remember_until_content_changes

from .agenda import localised_defenders
from .cards import profile_address

# The largest archive built: a tour has a dozen defenders at most, so this is never reached in practice; it bounds
# memory if an editor ever uploads huge originals.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class PressPhoto:
    defender: object  # PublicDefender
    image: object

    @property
    def filename(self):
        extension = os.path.splitext(self.image.file.name)[1].lower() or ".jpg"
        return f"{slugify(self.defender.name) or 'defender'}{extension}"

    def credits_line(self):
        defender = self.defender
        parts = [defender.name, defender.portrait_caption, _("Photo: %s") % defender.portrait_credit]
        licence = defender.portrait_licence
        if defender.portrait_licence_url:
            licence += f" ({defender.portrait_licence_url})"
        return f"{self.filename}: " + " — ".join(part for part in parts + [licence] if part)


def photographed_defenders(tour):
    """The tour's public defenders who have a portrait, as PublicDefenders in the tour's language, read afresh: not as
    remembered for the tour's page, so that a photo the press may see or download follows a raised safety level by
    what the database says, whatever became of the cache's generations at the change's commit."""
    participants = tour.public_defenders(remembered=False)
    defenders = [public_view(page) for page in localised_defenders(participants, tour.locale_id)]
    return [defender for defender in defenders if defender.portrait_id]


def with_images(defenders):
    """PressPhotos for PublicDefenders with a portrait: their captions and alt texts in one query, their images and
    renditions in another."""
    with_portrait_texts([defender.person for defender in defenders])
    images = pictures.load_renditions([defender.portrait_id for defender in defenders], pictures.CARD)
    return [PressPhoto(defender, images[defender.portrait_id]) for defender in defenders]


def press_photos(tour):
    """The portraits the press may use: those of the tour's public defenders, in the tour's language."""
    return with_images(photographed_defenders(tour))


def press_photo_cards(request, tour):
    """The press room's photo cards (`photo_card`). Whose photos they are, and each one's name, profile, portrait (its
    id), credit and licence, are read afresh at every request (`photographed_defenders`); the rest of each card (its
    caption and alt text, its image's file and rendition, its markup) is remembered until content changes, under a
    key made of what was read afresh: whatever became of the cache's generations, a card is never given for a
    defender, under a name or with a portrait other than the database's. A change of an image or of a portrait's
    texts is a hard change (cdhr_cms/cache.py), after which the cards are written again."""
    defenders = photographed_defenders(tour)

    def written():
        return tuple(photo_card(photo, request) for photo in with_images(defenders))

    if not defenders or getattr(request, "is_preview", False):
        return written()
    site = Site.find_for_request(request)
    read_afresh = tuple(
        (
            defender.page.pk,
            defender.page.url_path,
            defender.person.pk,
            defender.name,
            defender.portrait_id,
            defender.person.portrait_credit,
            defender.person.portrait_licence,
        )
        for defender in defenders
    )
    key = ("photo cards", translation.get_language(), site.pk if site else None, read_afresh)
    return remember_until_content_changes(key, written, store=_press_rooms_read, limit=MAX_PRESS_ROOMS_READ)


def press_office(request):
    """The site's PressOffice (a site setting): its fields read once until content changes (saving it is a change),
    a new unsaved instance made of them at every call, so that no request holds another's. Not
    `PressOffice.for_request`, which creates the row of a site that has none: a reader's visit would then be a change
    of content, and make every cached page stale."""
    site = Site.find_for_request(request)
    fields = remember_until_content_changes(
        ("press office", site.pk if site else None),
        lambda: PressOffice.objects.filter(site=site).values("name", "email", "phone").first() or {},
        store=_press_rooms_read,
        limit=MAX_PRESS_ROOMS_READ,
    )
    return PressOffice(site=site, **fields)


# What press rooms read lately, apart from the other stores: their photo cards by what was read afresh, by language
# and site, and each site's press office.
_press_rooms_read = {}
MAX_PRESS_ROOMS_READ = 256


def press_context(request, tour):
    """The press room's context. Press releases (news/) and the contact page (contact/) live in apps that depend on
    this one: they add their part through the `tour_press_room_context` hook, `fn(request, tour, press_office)`
    returning a dict."""
    office = press_office(request)
    context = {
        "page": tour,
        "self": tour,
        "page_route_name": "press",
        "photo_cards": press_photo_cards(request, tour),
        "releases": [],
        "press_office": office if office.is_set else None,
        "contact_page": None,
    }
    for hook in hooks.get_hooks("tour_press_room_context"):
        context.update(hook(request, tour, context["press_office"]) or {})
    return context


class PhotoCardFacts(NamedTuple):
    """What a press photo's card shows, and nothing else: the key under which its markup is remembered."""

    language: str  # its words and its numbers' format are this language's
    picture: str  # the <picture> element, as home/pictures.py writes it
    # "" for a profile outside every site (an editor's copy): the card names the person without a link, where the
    # template's `{% pageurl %}` had linked to "None".
    profile_url: str
    name: str
    caption: str
    credit: str
    licence: str
    licence_url: str
    original_url: str
    filename: str
    width: int
    height: int
    file_size: object  # bytes, or None when unknown


def photo_card(photo, request):
    """The card of a PressPhoto in the press room (`press_photo_cards`): its picture, the defender's name,
    caption, credit and licence, and the original to download. Written in Python, as the event cards are
    (editions/cards.py): through the template engine, a tour's eight cards were about a third of the press room's
    time."""
    defender, image = photo.defender, photo.image
    language = translation.get_language()
    picture = pictures.written_picture(
        image, pictures.CARD, {"sizes": "160px", "alt": defender.portrait_alt, "loading": "lazy"}
    )
    # Text, not lazy translations: the facts are a key.
    words = (defender.name, defender.portrait_caption, defender.portrait_credit, defender.portrait_licence)
    original = (image.file.url, photo.filename, image.width, image.height, image.file_size)
    facts = PhotoCardFacts(
        language,
        picture,
        profile_address(defender.page, request, language),
        *map(str, words),
        defender.portrait_licence_url,
        *original,
    )
    return written_photo_card(facts)


# Cards written lately, by what they show: keyed by the facts themselves, a card written before a change can never be
# given for a changed photo, credit or licence, nor in another language. Emptied when a test changes the catalogues
# or the formats.
@functools.lru_cache(maxsize=512)
def written_photo_card(facts):
    """The markup of a press photo's card showing `facts`, written in the active language (`facts.language`): the
    bytes the template wrote, every value escaped as `{{ value }}` escapes it."""
    name = text(facts.name)
    if facts.profile_url:
        name = f'<a href="{text(facts.profile_url)}">{name}</a>'
    caption = f"<br>{text(facts.caption)}" if facts.caption else ""
    credit = _("Photo: %(credit)s") % {"credit": text(facts.credit)}
    licence = text(facts.licence)
    if facts.licence_url:
        licence = f'<a href="{text(facts.licence_url)}" rel="license">{licence}</a>'
    download = _("Download the original (%(width)s × %(height)s pixels)") % {
        "width": text(formats.localize(facts.width)),
        "height": text(formats.localize(facts.height)),
    }
    size = f' <span class="muted">{text(filesizeformat(facts.file_size))}</span>' if facts.file_size else ""
    licence_label = _("Licence:")
    card = (
        '<li class="card">\n'
        "                <figure>\n"
        f"                    {facts.picture}\n"
        "                    <figcaption>\n"
        f"                        <strong>{name}</strong>\n"
        f"                        {caption}\n"
        f"                        <br>{credit}\n"
        f"                        <br>{licence_label} {licence}\n"
        "                    </figcaption>\n"
        "                </figure>\n"
        f'                <p><a href="{text(facts.original_url)}" download="{text(facts.filename)}">{download}</a>'
        f"{size}</p>\n"
        "            </li>"
    )
    return mark_safe(card)  # noqa: S308 - every value in it is escaped above, the picture by Wagtail


# What else changes how a card writes its numbers (Django's own formats: its sizes and dimensions).
NUMBER_SETTINGS = formats.FORMAT_SETTINGS | {"USE_THOUSAND_SEPARATOR"}


@receiver(setting_changed)
def _forget_written_photo_cards(*, setting, **kwargs):
    if setting in CATALOGUE_SETTINGS | formatting.FORMAT_SETTINGS | NUMBER_SETTINGS:
        written_photo_card.cache_clear()


def photo_archive(tour, photos):
    """A zip of the press photos (originals, metadata already stripped on upload) and a credits file."""
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        lines = [_("Press photos: %s") % tour.title, ""]
        for photo in photos:
            try:
                with photo.image.open_file() as handle:
                    data = handle.read()
            except OSError:
                continue  # an original missing from storage: leave it out rather than fail the whole archive
            total += len(data)
            if total > MAX_ARCHIVE_BYTES:
                break
            archive.writestr(photo.filename, data)
            lines.append(photo.credits_line())
        archive.writestr("CREDITS.txt", "\n".join(lines) + "\n")
    buffer.seek(0)
    return buffer


def archive_response(tour):
    photos = press_photos(tour)
    if not photos:
        # The press room offers no archive then ("No photos for this tour"): a zip of a credits file alone is none.
        raise Http404("No press photos for this tour.")
    # A FileResponse streams: the page cache leaves it alone, and browsers may keep it for a while.
    filename = f"{tour.slug}-press-photos.zip"
    response = FileResponse(
        photo_archive(tour, photos), as_attachment=True, filename=filename, content_type="application/zip"
    )
    # Made again on every request, and never kept by a proxy: a take-down or a raised safety level must take the
    # photo out of the next download at once.
    patch_cache_control(response, no_cache=True, private=True)
    return response
