"""Share cards: the 1200×630 PNG that social networks and chat apps show when someone shares a page.

Every page has one at `<page url>share-card.png`, drawn with Pillow from the page's own facts in the page's own
language: what kind of page it is, its title, a few lines (a tour's dates, a programme's city and days, a news item's
date) and the site's name. A page type says what its card shows through `share_card_facts()`; a public defender's
card may carry the portrait, read through the safety rule (`public_view().portrait`), so a limited or protected
defender's card never has one. Cards are kept in the cache per content generation (cdhr_cms/cache.py), so a change
to any public content draws them again on their next request, and a deleted page's card is deleted with it.
"""

import io
import logging
from dataclasses import dataclass, field
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont, ImageOps

from cdhr_cms.cache import content_generation

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
FILE_NAME = "share-card.png"
MARGIN = 72
PORTRAIT_SIZE = 380
# The site's colours (static/css/site.css): ink on paper, the accent as a band.
INK, MUTED, PAPER, ACCENT, SOFT = "#1d1d1f", "#4a4a4a", "#ffffff", "#a4122c", "#f4f1ee"
# Debian's fonts-dejavu-core: full Latin coverage (l·l, ç, ñ, à, ï) in regular and bold. Pillow's own font stands in
# where it is missing, so a card is always drawn.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


@dataclass
class ShareCardFacts:
    """What one page's card shows. `lines` are short facts (dates, a city); `portrait` a Wagtail image the public
    may see, or None."""

    kind: str
    title: str
    lines: list = field(default_factory=list)
    portrait: object = None
    portrait_alt: str = ""

    @property
    def shown_lines(self):
        """The facts worth a line: not empty, not already in the title (a programme named after its city, a
        statement whose title gives its year)."""
        title = _single_line(self.title).casefold()
        lines = [_single_line(line) for line in self.lines]
        return [line for line in lines if line and line.casefold() not in title][:3]


def site_name():
    return gettext("Cities Defending Human Rights")


def card_alt_text(facts):
    """og:image:alt: the card's words, for people who cannot see it."""
    parts = [f"{facts.kind}: {_single_line(facts.title)}", *facts.shown_lines]
    if facts.portrait is not None and facts.portrait_alt:
        parts.append(facts.portrait_alt)
    parts.append(site_name())
    return ". ".join(part.strip().rstrip(".") for part in parts if part and part.strip()) + "."


@memoize
def font(weight, size):
    try:
        return ImageFont.truetype(str(FONT_DIR / FONT_FILES[weight]), size)
    except OSError:
        return ImageFont.load_default(size)


def _single_line(text):
    """Titles should never hold control characters (home/validators.py); older content still draws."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def _wrap(draw, text, typeface, width, max_lines):
    """`text` broken into at most `max_lines` lines that fit `width` pixels, the last one shortened with "…"."""
    words = _single_line(text).split()
    lines, current = [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=typeface) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        # A single word longer than the line (a long compound, a URL): cut it.
        while draw.textlength(current, font=typeface) > width and len(current) > 1:
            cut = max(1, int(len(current) * width / draw.textlength(current, font=typeface)) - 1)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=typeface) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines


def _title_lines(draw, title, width):
    """The largest title size (64 down to 40 pixels) that shows the whole title in at most three lines."""
    for size in (64, 56, 48, 40):
        typeface = font("bold", size)
        lines = _wrap(draw, title, typeface, width, max_lines=3)
        if not lines or not lines[-1].endswith("…"):
            return typeface, lines
    return typeface, lines


def _portrait(image):
    try:
        with image.open_file() as handle, Image.open(handle) as picture:
            picture = ImageOps.exif_transpose(picture).convert("RGB")
            return ImageOps.fit(picture, (PORTRAIT_SIZE, PORTRAIT_SIZE))
    except (OSError, ValueError) as error:
        # A missing or unreadable original: a card without the portrait beats an error.
        logger.warning("Share card drawn without its portrait (image %s): %s", image.pk, error.__class__.__name__)
        return None


def draw_card(facts):
    """The card as PNG bytes. Drawn from scratch, so no metadata of any uploaded image reaches it."""
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)
    portrait = _portrait(facts.portrait) if facts.portrait is not None else None
    text_right = WIDTH - MARGIN - (PORTRAIT_SIZE + 48 if portrait is not None else 0)
    text_width = text_right - MARGIN
    if portrait is not None:
        top = (HEIGHT - PORTRAIT_SIZE) // 2 - 20
        card.paste(portrait, (WIDTH - MARGIN - PORTRAIT_SIZE, top))

    y = MARGIN
    kind = _wrap(draw, facts.kind.upper(), font("bold", 28), text_width, max_lines=1)
    if kind:
        draw.text((MARGIN, y), kind[0], font=font("bold", 28), fill=ACCENT)
    y += 56
    title_font, title_lines = _title_lines(draw, facts.title, text_width)
    line_height = int(title_font.size * 1.2)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += line_height
    y += 20
    for fact in facts.shown_lines:
        for line in _wrap(draw, fact, font("regular", 32), text_width, max_lines=1):
            draw.text((MARGIN, y), line, font=font("regular", 32), fill=MUTED)
            y += 44

    draw.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=SOFT)
    draw.rectangle((0, HEIGHT - 96, 24, HEIGHT), fill=ACCENT)
    footer = _wrap(draw, site_name(), font("bold", 30), WIDTH - 2 * MARGIN, max_lines=1)
    if footer:
        draw.text((MARGIN, HEIGHT - 66), footer[0], font=font("bold", 30), fill=INK)
    output = io.BytesIO()
    card.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _kept(key, build):
    """`build()`, kept in the cache under one key per page and remade once content has changed (a new content
    generation). One key rather than one per generation, so that deleting a page deletes its card (forget_page)."""
    generation = content_generation()
    stored = cache.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = build()
    cache.set(key, (generation, value), settings.CDHR_PAGE_CACHE_SECONDS or 600)
    return value


def card_for_page(page):
    """PNG bytes of `page`'s card, in its language."""

    def draw():
        with translation.override(page.locale.language_code):
            return draw_card(page.share_card_facts())

    return _kept(f"share-card:{page.pk}", draw)


def alt_text_for_page(page):
    """og:image:alt of `page`'s card, in its language."""

    def describe():
        with translation.override(page.locale.language_code):
            return card_alt_text(page.share_card_facts())

    return _kept(f"share-card-alt:{page.pk}", describe)


def forget_page(sender, instance, **kwargs):
    """A deleted page (an erased defender, say) leaves no card and no alt text in the cache."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        cache.delete_many([f"share-card:{instance.pk}", f"share-card-alt:{instance.pk}"])


def card_url(page, request=None):
    """The absolute URL of `page`'s card (on SITE_URL, like the page's own), or None for a page outside every site
    (an editor's preview of a copy at the top of the tree), which has no address. With the `request`, Wagtail reads
    the sites' root paths from it rather than from the cache again."""
    address = page.get_full_url(request)
    return address + FILE_NAME if address else None


def date_range(start, end=None):
    """ "12 May 2027 – 22 May 2027" in the active language's date format; one date when they are the same day."""
    from django.utils.formats import date_format

    if start is None:
        return ""
    if end is None or end == start:
        return date_format(start, "DATE_FORMAT")
    return f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
