"""Publishing translations written by us (demo content, set-up pages) through wagtail-localize itself.

Going through TranslationSource/StringTranslation, rather than copying pages by hand, means the translations made
here look to wagtail-localize exactly like ones made in its editor: they show as up to date in the translation
status, a translator can continue them, and synchronised fields stay synchronised.
"""

import copy
from collections import defaultdict

from django.db import transaction
from wagtail.models import DraftStateMixin, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .slugs import record_slug_override, translated_slug


def _strings_by_path(instance):
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def _shadow(instance, values):
    shadow = copy.copy(instance)
    for field_name, value in values.items():
        setattr(shadow, field_name, value)
    return shadow


def one_per_translation(objects, locale_id):
    """One object per translation key: the one in `locale_id` if present, else any (for links that are synchronised
    across languages and so may point at another language's theme, tour or profile)."""
    chosen = {}
    for obj in objects:
        if obj.translation_key not in chosen or obj.locale_id == locale_id:
            chosen[obj.translation_key] = obj
    return list(chosen.values())


def publish_translation(instance, locale, values, user=None):
    """Create or update the translation of `instance` into `locale` and publish it.

    `values` holds the translated value of each translatable field, shaped like the source's (a StreamField with the
    same blocks, rich text with the same paragraphs); segments are paired by their position in the source.
    Returns the published translation.
    """
    values = dict(values)
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    if isinstance(instance, Page):
        # The translation's own slug (home/slugs.py): given with the values, or the one the site defines for it.
        slug = values.pop("slug", None) or translated_slug(instance.slug, locale.language_code)
        if slug:
            record_slug_override(source, locale, slug)
    source_strings = _strings_by_path(instance)
    target_strings = _strings_by_path(_shadow(instance, values))
    pairs = {}
    for path, originals in source_strings.items():
        translations = target_strings.get(path, [])
        if len(translations) != len(originals):
            raise ValueError(
                f"{instance!r}: translation of {path!r} has {len(translations)} segments, not {len(originals)}"
            )
        pairs.update(
            {(path, original): translated for original, translated in zip(originals, translations, strict=True)}
        )

    with transaction.atomic():
        for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
            translated = pairs.get((segment.context.path, segment.string.data))
            if translated is None:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": translated, "translation_type": "manual"},
            )
        translation, _created = source.translations.get_or_create(target_locale=locale)
        # A draft first: wagtail-localize publishes on commit, which never comes inside a test's transaction.
        is_draftable = isinstance(instance, (Page, DraftStateMixin))
        source.create_or_update_translation(locale, user=user, publish=not is_draftable, copy_parent_pages=True)
        target = source.get_translated_instance(locale)
        if is_draftable:
            target.get_latest_revision().publish(user=user)
            target.refresh_from_db()
    return target
