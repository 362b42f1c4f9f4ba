"""A translated page can show words that are still in Catalan: publishing the source brings its facts to every
language at once (home/facts.py), and a new event, say, arrives with the Catalan title until translators catch up.
Readers of that page are told so, in their language (components/translation_notice.html).

A string counts as untranslated when the translated page shows exactly the source's text at the same place (same
field, same child by translation key, same block), the text reads as words rather than a name or a number, and no
translator has recorded a translation of it for that language (a translator may keep a word that is the same in
both languages). The answer is remembered per live revision: it changes only when the translation is published.
"""

from django.core.cache import cache
from wagtail.models import Page
from wagtail_localize.models import StringTranslation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from home.roles import SOURCE_LANGUAGE

from .untranslated import reads_as_words


def _strings(instance):
    return {
        segment.path: segment.string.data
        for segment in extract_segments(instance)
        if isinstance(segment, StringSegmentValue)
    }


def untranslated_strings(page):
    """The source-language strings that the live translation `page` still shows, in page order."""
    if page.locale.language_code == SOURCE_LANGUAGE or page.alias_of_id:
        return []
    source = (
        Page.objects.filter(translation_key=page.translation_key, locale__language_code=SOURCE_LANGUAGE, live=True)
        .select_related("live_revision")
        .first()
    )
    if source is None or source.live_revision is None:
        return []
    source_strings = _strings(source.live_revision.as_object())
    shown = _strings(page)
    same = [text for path, text in source_strings.items() if shown.get(path) == text and reads_as_words(text)]
    if not same:
        return []
    kept_on_purpose = set(
        StringTranslation.objects.filter(
            locale_id=page.locale_id, translation_of__locale_id=source.locale_id, translation_of__data__in=same
        ).values_list("translation_of__data", flat=True)
    )
    return [text for text in same if text not in kept_on_purpose]


def shows_untranslated_strings(page, is_preview=False):
    """Does the live translation `page` show words still in the source language? Previews are never remembered."""
    if page.locale.language_code == SOURCE_LANGUAGE or page.alias_of_id:
        return False
    if is_preview or not page.live_revision_id:
        return bool(untranslated_strings(page))
    key = f"untranslated-strings:{page.pk}:{page.live_revision_id}"
    answer = cache.get(key)
    if answer is None:
        answer = bool(untranslated_strings(page))
        cache.set(key, answer, None)
    return answer
