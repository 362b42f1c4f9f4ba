"""One rule for the slugs of every page in every language.

A page's slug is a synchronised field that translators may override (`SynchronizedField("slug")` in
BASE_PAGE_TRANSLATABLE_FIELDS, overridable by default): in wagtail-localize's editor the slug appears among the
synchronised values of the translation, and "Override" gives it its own (`/en/tours/`, not `/en/edicions/`). The
override is stored by wagtail-localize per language (SegmentOverride) and applied on every later sync, so a change
of the Catalan slug never replaces a translated one; a translation without an override follows the source.

The pages that `setup_site` creates get their translated slugs from TRANSLATED_SLUGS below, through the same
overrides, so a translator finds them in the editor like their own. Addresses that carried the Catalan slug in
another language keep working: see home/moved.py (301 to the translated address).

Defender profiles are not listed: their slug is derived from the person's display name, the same in every language.
City programmes use the municipality's slug, a proper noun; statements their year.
"""

import json
import re

from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page
from wagtail_localize.models import OverridableSegment, SegmentOverride, TranslationSource

SOURCE_LANGUAGE = "ca"

# Catalan slug -> the slug in each other language.
TRANSLATED_SLUGS = {
    # Pages of every site (setup_site)
    "el-projecte": {"es": "el-proyecto", "en": "the-project"},
    "qui-som": {"es": "quienes-somos", "en": "who-we-are"},
    "accessibilitat": {"es": "accesibilidad", "en": "accessibility"},
    "privacitat": {"es": "privacidad", "en": "privacy"},
    "noticies": {"es": "noticias", "en": "news"},
    "dades-obertes": {"es": "datos-abiertos", "en": "open-data"},
    "recursos-educatius": {"es": "recursos-educativos", "en": "teaching-resources"},
    "contacte": {"es": "contacto", "en": "contact"},
    "defensors": {"es": "defensores", "en": "defenders"},
    "edicions": {"es": "ediciones", "en": "editions"},
    "declaracio": {"es": "declaracion", "en": "statement"},
    # Demo news
    "comenca-la-gira-de-tardor-2026": {"es": "empieza-la-gira-de-otono-2026", "en": "the-autumn-2026-tour-begins"},
    "la-gira-de-primavera-2027-ja-te-ciutats": {
        "es": "la-gira-de-primavera-2027-ya-tiene-ciudades",
        "en": "the-spring-2027-tour-has-its-cities",
    },
    "balanc-de-la-gira-de-tardor": {"es": "balance-de-la-gira-de-otono", "en": "the-autumn-tour-in-review"},
    "oberta-l-adhesio-a-la-declaracio-2026": {
        "es": "abierta-la-adhesion-a-la-declaracion-2026",
        "en": "endorsements-of-the-2026-statement-are-open",
    },
    # Demo teaching resources
    "la-terra-i-qui-la-defensa": {"es": "la-tierra-y-quien-la-defiende", "en": "the-land-and-those-who-defend-it"},
    "paraules-que-protegeixen": {"es": "palabras-que-protegen", "en": "words-that-protect"},
    "periodistes-en-perill": {"es": "periodistas-en-peligro", "en": "journalists-in-danger"},
    "dones-que-obren-cami": {"es": "mujeres-que-abren-camino", "en": "women-who-open-the-way"},
    "refugi-i-acollida": {"es": "refugio-y-acogida", "en": "refuge-and-welcome"},
    "la-pau-es-cosa-de-tots": {"es": "la-paz-es-cosa-de-todos", "en": "peace-is-everyones-business"},
    "la-meva-ciutat-defensora": {"es": "mi-ciudad-defensora", "en": "my-city-a-defender"},
    "drets-en-joc": {"es": "derechos-en-juego", "en": "rights-at-stake"},
}
# Tours: "primavera-2027", "tardor-2026" (editions.setup.tour_slug).
TOUR_SLUG = re.compile(r"^(primavera|tardor)-(\d{4})$")
SEASONS = {"primavera": {"es": "primavera", "en": "spring"}, "tardor": {"es": "otono", "en": "autumn"}}


def translated_slug(source_slug, language):
    """The slug of the page whose Catalan slug is `source_slug` in `language`, or None (then it follows Catalan)."""
    if language == SOURCE_LANGUAGE:
        return source_slug
    if source_slug in TRANSLATED_SLUGS:
        return TRANSLATED_SLUGS[source_slug].get(language)
    match = TOUR_SLUG.match(source_slug)
    if match:
        return f"{SEASONS[match.group(1)][language]}-{match.group(2)}"
    return None


def record_slug_override(source, locale, slug):
    """Store `slug` as the translation's own slug in wagtail-localize (as "Override" in its editor does), so every
    later sync keeps it. `source`: the page's TranslationSource."""
    segment = OverridableSegment.objects.filter(source=source, context__path="slug").select_related("context").first()
    if segment is None:
        return False
    SegmentOverride.objects.update_or_create(
        locale=locale, context=segment.context, defaults={"data_json": json.dumps(slug)}
    )
    return True


def slug_override(page, locale):
    """The slug a translator chose for `page` (a source page) in `locale`, or None."""
    override = (
        SegmentOverride.objects.filter(locale=locale, context__object_id=page.translation_key, context__path="slug")
        .order_by("-updated_at")
        .first()
    )
    return json.loads(override.data_json) if override else None


def set_translated_slug(source_page, locale, slug):
    """Give `source_page`'s translation into `locale` its own `slug`, now and after every sync. Publishes the
    translation again if it is live (Wagtail then redirects its old address: WAGTAILREDIRECTS_AUTO_CREATE).
    Returns True when something changed."""
    slug = slugify(slug)
    translation = source_page.get_translation_or_none(locale)
    changed = slug_override(source_page, locale) != slug
    if not changed and (translation is None or translation.slug == slug):
        return False  # the usual case on a second run: touch nothing
    if changed:
        # The source as wagtail-localize last read it: its segments carry the slug's context whatever the slug is.
        # Not re-read here (update_from_db), which would mark every translation as behind its source.
        source, _created = TranslationSource.get_or_create_from_instance(source_page)
        record_slug_override(source, locale, slug)
    if translation is None:
        return changed
    translation = translation.specific
    wanted = find_available_slug(translation.get_parent(), slug, ignore_page_id=translation.pk)
    if translation.slug == wanted:
        return changed
    with transaction.atomic():
        if translation.has_unpublished_changes:
            # Keep the pending draft: it gets the slug too, so publishing it later does not bring the old one back.
            draft = translation.get_latest_revision_as_object()
            draft.slug = wanted
            draft.save_revision(changed=False, clean=False)
            if translation.live:
                translation.slug = wanted
                translation.save(clean=False)
        else:
            translation.slug = wanted
            revision = translation.save_revision(changed=False, clean=False)
            if translation.live:
                revision.publish()
    return True


def apply_translated_slugs(context):
    """Every page setup_site made (TRANSLATED_SLUGS, tours) gets its translated slug in every language, on a new site
    and on one built before slugs were translated. Changes nothing the second time."""
    source_pages = Page.objects.filter(locale__language_code=SOURCE_LANGUAGE, depth__gt=2).order_by("path")
    locales = list(Locale.objects.exclude(language_code=SOURCE_LANGUAGE))
    for page in source_pages.specific().iterator():
        for locale in locales:
            slug = translated_slug(page.slug, locale.language_code)
            if slug and set_translated_slug(page, locale, slug):
                context.log(f"slug {page.slug} ({locale.language_code}): {slug}")
