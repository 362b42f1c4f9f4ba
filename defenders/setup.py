"""What `manage.py setup_site` does for the defenders app: the directory page in three languages and the themes;
with --demo, fictional defenders across every safety level. Looks before it creates: a second run changes nothing."""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale

from home.setup import SOURCE_LANGUAGE, TARGET_LANGUAGES, publish_new_page, stream
from home.translation import publish_translation

from .content import BIOGRAPHY, CONSENT_SCOPE, DEFENDERS, FICTIONAL, INDEX, PORTRAIT_ALT, PORTRAIT_CAPTION, THEMES
from .levels import clean_words
from .models import Defender, DefenderIndexPage, DefenderPage, PortraitText, Theme, remove_from_search
from .redaction import forget_hidden_words
from .safety import SafetyLevel

LANGUAGES = (SOURCE_LANGUAGE, *TARGET_LANGUAGES)
PALETTE = ["#8a1538", "#1d5c63", "#4a3b8f", "#a04b00", "#2f6b2f", "#00567a", "#6b2d5c", "#7a4a00"]


def ensure_index(context):
    home = context.homes[SOURCE_LANGUAGE]
    index = DefenderIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_new_page(
            home, DefenderIndexPage(slug=INDEX["slug"], show_in_menus=True, **INDEX[SOURCE_LANGUAGE])
        )
        context.log("defender directory (ca)")
    for code in TARGET_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        if not index.has_translation(locale):
            publish_translation(index, locale, INDEX[code])
            context.log(f"defender directory ({code})")
    return index


def ensure_themes(context):
    source_locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    for order, (slug, names) in enumerate(THEMES.items()):
        theme = Theme.objects.filter(locale=source_locale, slug=slug).first()
        if theme is None:
            theme = Theme(locale=source_locale, slug=slug, name=names[0], sort_order=order)
            theme.save()
            theme.save_revision().publish()
            context.log(f"theme {slug}")
        for code, name in zip(TARGET_LANGUAGES, names[1:], strict=True):
            locale = Locale.objects.get(language_code=code)
            if not theme.has_translation(locale):
                publish_translation(theme, locale, {"name": name})


def clean_profile_words(context):
    """Every profile's words cleaned again with the matcher of this code (defenders/redaction.py), as a raise cleans
    them: text stored under an earlier, narrower matcher could still name what a person's level hides (a name
    written as a handle, "grace_wanjiru"). Run at every deployment's `setup_site`; a second run changes nothing."""
    for person in Defender.objects.all():
        # Also what the admin keeps of them (revisions, log entries, translation memory), as a raise does.
        if clean_words(person, None) + forget_hidden_words(person, list(person.profiles.all())):
            context.log(f"words naming what {person.display_name}'s level hides, cleaned")
    # A search entry from when a profile was listed, which Wagtail's removal had left (`remove_from_search`).
    listed = DefenderPage.objects.in_open_data().values("pk")
    for page in DefenderPage.objects.exclude(pk__in=listed):
        remove_from_search(page)


def setup(context):
    ensure_index(context)
    ensure_themes(context)
    clean_profile_words(context)


def _portrait(name, number):
    """A generated portrait (initials on a colour): no download, no real person."""
    # 960 pixels: the largest portrait rendition, so that no two srcset candidates share a width.
    image = PILImage.new("RGB", (960, 960), PALETTE[number % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw.ellipse((180, 180, 780, 780), outline="white", width=24)
    draw.text((480, 480), initials, fill="white", anchor="mm", font_size=240)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    Image = get_image_model()
    title = f"Demo portrait {number + 1}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"demo-portrait-{number}.jpg"))


def _biography(name, quote, code, key):
    items = [("paragraph", BIOGRAPHY[code].format(name=name))]
    if quote:
        text, language = quote
        items.append(("quote", {"quote": text, "attribution": name, "language": language}))
    return stream(items, key)


def _person(row, number, context):
    """The demo person of `row`, found by legal name (a second run finds it), made and published otherwise."""
    _slug, name, legal_name, level, country, region, organisation, _themes, _summaries, _quote = row
    person = Defender.objects.filter(legal_name=legal_name).first()
    if person is not None:
        return person
    portrait = _portrait(name, number) if level == SafetyLevel.PUBLIC else None
    person = Defender(
        display_name=name,
        legal_name=legal_name,
        safety_level=level,
        country=country,
        region=region,
        organisation=organisation,
        portrait=portrait,
        portrait_credit="Ciutats Defensores" if portrait else "",
        consent_date=datetime.date(2026, 9, 1) if level != SafetyLevel.PROTECTED else None,
        consent_scope=CONSENT_SCOPE[level] if level != SafetyLevel.PROTECTED else "",
    )
    if portrait:
        person.portrait_texts = [
            PortraitText(
                language=code,
                alt_text=PORTRAIT_ALT[code].format(name=name),
                caption=PORTRAIT_CAPTION[code].format(name=name),
            )
            for code in LANGUAGES
        ]
    person.full_clean()
    person.save()
    person.save_revision().publish()
    context.log(f"defender {name} ({level})")
    return person


def create_demo(context):
    index = DefenderIndexPage.objects.get(locale__language_code=SOURCE_LANGUAGE)
    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=index.locale)}
    locales = {code: Locale.objects.get(language_code=code) for code in TARGET_LANGUAGES}
    for number, row in enumerate(DEFENDERS):
        _slug, name, _legal, _level, _country, _region, _organisation, theme_slugs, summaries, quote = row
        person = _person(row, number, context)
        page = DefenderPage.objects.child_of(index).filter(person=person).first()
        key = f"defender/{person.pk}"
        if page is None:
            page = DefenderPage(
                person=person,
                summary=f"{summaries[0]} {FICTIONAL['ca']}",
                biography=_biography(name, quote, "ca", key),
            )
            page.themes = [themes[theme_slug] for theme_slug in theme_slugs]
            publish_new_page(index, page)
        for position, code in enumerate(TARGET_LANGUAGES, start=1):
            if page.has_translation(locales[code]):
                continue
            values = {
                "summary": f"{summaries[position]} {FICTIONAL[code]}",
                "biography": _biography(name, quote, code, key),
            }
            publish_translation(page, locales[code], values)
