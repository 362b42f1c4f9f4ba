"""Keeping a profile's words from naming what the person's safety level hides.

The facts (level, names, region, organisation, portrait) live on the person and every channel reads them through
`public_view()`. The words of a profile — summary, biography, links, written per language by editors and
translators — can still name the person: "Grace Wanjiru founded Kibera Voices in Nairobi". After a raise, or when a
hidden fact is typed into the text, those words would tie the pseudonym to the identity on the page, in search, the
API, feeds and exports at once. So the words are cleaned where they are stored, not where they are shown:

- `DefenderPage.with_content_json` cleans every revision as it becomes the page (publish, revert, scheduled
  publishing, wagtail-localize's translation publishing all go through it), so no path publishes a hidden fact;
- `levels.raise_level` cleans the live text and the latest draft of every language at once;
- `DefenderPage.clean` tells an editor which field names a hidden fact before they submit it.

Names become the name the person is shown under; places and organisations become "[…]".
"""

import json
import re
import unicodedata
from functools import lru_cache

from django.utils.translation import gettext_lazy

from .safety import SafetyLevel, shows_organisation, shows_region, split_organisations

PLACEHOLDER = "[…]"
# Parts of names shorter than this are ordinary words too often ("Paz", "Ali", "de"): only whole names are looked for.
MIN_NAME_PART = 4


def _name_parts(name):
    return [part for part in re.split(r"[\s,;]+", name or "") if len(part) >= MIN_NAME_PART]


def hidden_words(person):
    """{hidden word: what replaces it} for `person`, longest first (a full name before its parts)."""
    if person is None:
        return {}
    shown = (person.display_name or "").strip()
    names = [name.strip() for name in [person.legal_name, *person.former_names] if name and name.strip()]
    # Compared as the matcher compares (any case, any accents): a name part the shown name also carries, written
    # otherwise ("limited" in "Riu Limited", "María" for "Maria"), is shown anyway, and hiding it would replace the
    # shown name itself at every cleaning.
    words = {name: shown for name in names if _compact(name) != _compact(shown)}
    if person.safety_level != SafetyLevel.PUBLIC:
        # Someone who is not fully public can be recognised by a first name or a surname alone.
        shown_parts = {_compact(part) for part in _name_parts(shown)}
        for name in names:
            for part in _name_parts(name):
                if _compact(part) not in shown_parts:
                    words.setdefault(part, shown)
        if person.region and not shows_region(person.safety_level):
            words.setdefault(person.region.strip(), PLACEHOLDER)
        if not shows_organisation(person.safety_level):
            for organisation in split_organisations(person.organisation):
                words.setdefault(organisation, PLACEHOLDER)
        # The region and organisations in the site's other languages ("Moscú" for Moscow), nicknames, handles.
        for spelling in person.spellings:
            if _compact(spelling) != _compact(shown):
                words.setdefault(spelling, PLACEHOLDER)
    return dict(sorted(words.items(), key=lambda item: -len(item[0])))


# Letters of other scripts drawn like Latin ones ("Оkafor" with a Cyrillic О), folded to the Latin letter they pass
# for, so that a hidden name written with them is still found (Unicode's confusables, Cyrillic and Greek; keyed by
# the character as written, since a capital and its small letter may pass for different Latin letters: Greek Ν, ν).
LOOK_ALIKES = dict(
    zip(
        "АВЕЅІЈКМНОРСТХУаеіјоѕрсхуԁһԛԝӏвнмткΑΒΕΖΗΙΚΜΝΟΡΤΥΧαιοκρυνχ",
        "abesijkmhopctxyaeijospcxydhqwlbhmtkabezhikmnoptyxaiokpuvx",
        strict=True,
    )
)
# Characters that show nothing (zero-width spaces and joiners, soft hyphens, direction marks, variation selectors)
# or only a mark on the letter before: between the letters of a hidden name they hide it from a plain comparison and
# not from a reader ("Gra<U+200B>ce" reads "Grace"). The pattern lets any of them stand between two letters.
INVISIBLE_CHARACTER = (
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    r"\ufe00-\ufe0f\ufeff\uffa0\u0300-\u036f]"
)
INVISIBLE = f"{INVISIBLE_CHARACTER}*"


PSEUDONYM_REVEALS = gettext_lazy(
    "A protected defender's pseudonym must not carry a part of their legal or former names, nor their region or "
    "organisation."
)


def pseudonym_reveals(name, person, retiring=""):
    """Whether `name`, as the pseudonym of the protected `person`, carries a word of what protection hides: a part of
    their legal name, of a former name or of the name being retired (`retiring`), their region or an organisation.
    "G. Wanjiru" for Grace Wanjiru Mwangi would put her surname on every page, listing and calendar."""
    words = {}
    for full in [person.legal_name, *person.former_names, retiring]:
        words.update((part, "") for part in _name_parts(full))
    if person.region and person.region.strip():
        words[person.region.strip()] = ""
    words.update((organisation, "") for organisation in split_organisations(person.organisation))
    words.update((spelling, "") for spelling in person.spellings)
    if names_hidden_words(name or "", words):
        return True
    # A pseudonym is a few words, chosen once: a hidden part is refused even inside another word, split by a space
    # or written with digits for letters ("Zzlegals", "Zz legal", "Zzl3gal").
    squeezed = _compact(name or "").translate(DIGITS_AS_LETTERS)
    return any(
        len(part) >= MIN_NAME_PART and part in squeezed
        for part in (_compact(word).translate(DIGITS_AS_LETTERS) for word in words)
    )


# Digits written for the letters they look like ("Per3ira"), in a pseudonym.
DIGITS_AS_LETTERS = str.maketrans("013457", "oieast")


# Latin letters that Unicode does not write as a plain letter and a mark, and that people type as that plain letter
# ("Yilmaz" for Yılmaz, "Lukasz" for Łukasz, "Soren" for Søren, "Dukic" for Đukić): folded to it, one for one.
PLAIN_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k"}
# Letters of a hidden name that are also written with two ("Strauss" for Strauß, "Djukic" for Đukić, "Schroeder"
# for Schröder), and the two-letter spellings of a name written in plain letters that stand for one ("Strauß" for
# Strauss, "Schröder" for Schroeder): each becomes the alternatives a reader would accept, over folded text.
LETTER_SPELLINGS = {
    "ß": "(?:ss|ß|s)",
    "æ": "(?:ae|æ|a)",
    "œ": "(?:oe|œ|o)",
    "þ": "(?:th|þ)",
    "ä": "(?:ae|a)",
    "ö": "(?:oe|o)",
    "ü": "(?:ue|u)",
    "ø": "(?:oe|o)",
    "đ": "(?:dj|d)",
}
PAIR_SPELLINGS = {
    "ss": "(?:ss|ß)",
    "ae": "(?:ae|æ|a)",
    "oe": "(?:oe|œ|o)",
    "ue": "(?:ue|u)",
    "dj": "(?:dj|d)",
    "th": "(?:th|þ)",
}


@lru_cache(maxsize=4096)
def _fold_letter(char):
    """One character for one: lower case, without accents ("É" → "e"), compatibility forms as their letter (a
    full-width "Ｇ" → "g"), letters such as "ı" and "ł" as the plain letter, and look-alikes of other scripts as the
    Latin letter they pass for, so that a match's place in the folded text is its place in the text itself."""
    if char in LOOK_ALIKES:
        return LOOK_ALIKES[char]
    base = unicodedata.normalize("NFKD", char)[:1].lower()
    if base in LOOK_ALIKES:
        return LOOK_ALIKES[base]
    base = PLAIN_LETTERS.get(base, base)
    return base if len(base) == 1 else char


class _FoldTable(dict):
    """`str.translate`'s table for `_fold_letter`, filled as characters are met."""

    def __missing__(self, code):
        self[code] = _fold_letter(chr(code))
        return self[code]


FOLD_TABLE = _FoldTable()


def _fold(text):
    return text.translate(FOLD_TABLE)


def _compact(word):
    """A word as the matcher knows it: folded, without what separates its parts ("Grace  Wanjiru" → "gracewanjiru")."""
    return re.sub(rf"(?:[\W_]|{INVISIBLE_CHARACTER})+", "", _fold(word))


def _spelled(part):
    """The regular expression of one part of a hidden word, over folded text: each letter as folded, or as the
    spellings it is also written with; invisible characters allowed between letters."""
    units, index = [], 0
    while index < len(part):
        letter = part[index].lower()
        pair = _fold(part[index : index + 2])
        if letter in LETTER_SPELLINGS:
            units.append(LETTER_SPELLINGS[letter])
            index += 1
        elif len(pair) == 2 and pair in PAIR_SPELLINGS and part[index : index + 2].isascii():
            units.append(PAIR_SPELLINGS[pair])
            index += 2
        else:
            units.append(re.escape(_fold_letter(part[index])))
            index += 1
    return INVISIBLE.join(units)


@lru_cache(maxsize=256)
def _matchers(words):
    """(pattern, glued) for each of `words` (a tuple), longest first. People write a hidden name the way handles,
    addresses and hashtags do, not only as the words an editor typed: whatever the case and accents ("WANJIRU",
    "Wanjíru"), with anything or nothing between its parts ("grace_wanjiru", "GraceWanjiru", "#Kibera-Voices"), next
    to digits and underscores ("wanjiru_2024"), with invisible characters between its letters, look-alike letters of
    other scripts, or plain letters for letters such as "ı", "ł", "ß". A word of one part must start and end at a
    letter boundary, so that "Lima" leaves "climate" alone; a change from a small letter to a capital is one too
    ("#FreeGrace", "KiberaNGO"). A word of several parts ("Grace Wanjiru") is found glued inside a longer word as
    well ("#freegracewanjiru"): two names side by side are not an ordinary word."""
    matchers = []
    for word in sorted(words, key=lambda word: -len(_compact(word))):
        parts = [part for part in re.split(r"[\W_]+", unicodedata.normalize("NFC", word)) if part]
        if parts:
            glued = len(parts) > 1 and all(len(part) >= 2 for part in parts)
            matchers.append((re.compile(r"[\W_]*".join(_spelled(part) for part in parts)), glued, word))
    return tuple(matchers)


LETTER = re.compile(r"[^\W\d_]")


def _at_boundary(text, folded, start, end):
    """Whether text[start:end] starts and ends at a letter boundary, or where a small letter meets a capital."""

    def boundary(before, after):
        if before < 0 or after >= len(folded):
            return True
        if not (LETTER.match(folded[before]) and LETTER.match(folded[after])):
            return True
        return text[before].islower() and text[after].isupper()

    return boundary(start - 1, start) and boundary(end - 1, end)


def _matches(words, text):
    """[(start, end, word)] of `words` in `text` (composed, NFC), without overlaps: at one place, the longest."""
    if not text:
        return []
    return _find(_matchers(tuple(words)), text, _fold(text))


def _find(matchers, text, folded):
    found = []
    for pattern, glued, word in matchers:
        position = 0
        while (match := pattern.search(folded, position)) is not None:
            if match.end() > match.start() and (glued or _at_boundary(text, folded, match.start(), match.end())):
                found.append((match.start(), match.end(), word))
            position = match.start() + 1
    found.sort(key=lambda item: (item[0], item[0] - item[1]))
    chosen, reached = [], 0
    for start, end, word in found:
        if start >= reached:
            chosen.append((start, end, word))
            reached = end
    return chosen


def prepared(text):
    """`text` composed and folded once, for several `finder`s (the exposure audit reads each page for many words)."""
    text = unicodedata.normalize("NFC", text)
    return text, _fold(text)


def finder(words):
    """A function telling whether a `prepared` text names one of `words`, as the words check finds them."""
    matchers = _matchers(tuple(words))
    return lambda text_and_folded: bool(_find(matchers, *text_and_folded))


def _names(words, text):
    return bool(_matches(words, unicodedata.normalize("NFC", text)))


def names_hidden_words(value, words):
    """Whether `value` — text, or data as stored in JSON (a revision's content) — names one of `words`."""
    if not words:
        return False
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _names(words, text)


def redact(text, words):
    """`text` with every hidden word replaced; returns (text, how many were replaced)."""
    if not text or not words:
        return text, 0
    # Composed, so that every letter is one character and its folded copy lines up with it.
    text = unicodedata.normalize("NFC", text)
    matches = _matches(words, text)
    if not matches:
        return text, 0
    parts, position = [], 0
    for start, end, word in matches:
        parts += [text[position:start], words[word]]
        position = end
    text = "".join(parts) + text[position:]
    for replacement in set(words.values()):
        # "Grace Wanjiru Mwangi" → "Kito Kito Kito": one name is enough.
        repeated = re.escape(replacement)
        text = re.sub(rf"{repeated}(?:\s+{repeated})+", replacement, text)
    return text, len(matches)


def _redact_json(value, words):
    """Redact every string inside a stream field's raw data (rich text is a string of HTML)."""
    if isinstance(value, str):
        return redact(value, words)
    if isinstance(value, list):
        count, items = 0, []
        for item in value:
            item, found = _redact_json(item, words)
            items.append(item)
            count += found
        return items, count
    if isinstance(value, dict):
        count, items = 0, {}
        for key, item in value.items():
            if key in ("type", "id"):
                items[key] = item
                continue
            item, found = _redact_json(item, words)
            items[key] = item
            count += found
        return items, count
    return value, 0


TEXT_FIELDS = ("summary",)
STREAM_FIELDS = ("biography", "links")


def fields_naming_hidden_facts(page, words=None):
    """The names of `page`'s word fields that name something its person's level hides."""
    if words is None:
        words = hidden_words(page.person) if page.person_id else {}
    if not words:
        return []
    found = [name for name in TEXT_FIELDS if _names(words, getattr(page, name) or "")]
    for name in STREAM_FIELDS:
        raw = json.dumps(list(getattr(page, name).raw_data), ensure_ascii=False)
        if _names(words, raw):
            found.append(name)
    return found


def redact_page_words(page):
    """Clean `page`'s words in place; returns how many hidden words were replaced."""
    if not page.person_id:
        return 0
    words = hidden_words(page.person)
    if not fields_naming_hidden_facts(page, words):
        return 0
    total = 0
    for name in TEXT_FIELDS:
        value, count = redact(getattr(page, name), words)
        setattr(page, name, value)
        total += count
    for name in STREAM_FIELDS:
        value, count = _redact_json(list(getattr(page, name).raw_data), words)
        if count:
            setattr(page, name, value)
            total += count
    return total


def _redact_revision_content(content, words, page):
    content, count = _redact_json(content, words)
    # An address made of the old name would be an invalid slug once redacted: the page's own address instead.
    for key in ("slug", "url_path"):
        if key in content and getattr(page, key, None) is not None:
            content[key] = getattr(page, key)
    return content, count


def forget_hidden_words(person, pages):
    """What the admin keeps of `pages` (`person`'s profiles) besides the page: cleaned like the page, so that no
    screen ties the name shown now to what the level hides (translators and council staff open some of them).

    - every revision (the history, the compare view, "view draft"), its stored title included;
    - the log entries' titles and data (the site history report, the page's history);
    - wagtail-localize's source snapshot, its strings and the translations made of them (the translation editor, its
      preview and the PO file download), which a raise otherwise leaves as they were when the translation started.
    Returns how many words were replaced. The audit log still says who raised the level, when and why."""
    from wagtail.models import ModelLogEntry, PageLogEntry, Revision
    from wagtail_localize.models import String, StringTranslation, TranslationSource

    words = hidden_words(person)
    if not words or not pages:
        return 0
    total = 0
    for page in pages:
        for revision in Revision.objects.for_instance(page):
            content, count = _redact_revision_content(revision.content, words, page)
            title, title_count = redact(revision.object_str, words)
            if count or title_count:
                Revision.objects.filter(pk=revision.pk).update(content=content, object_str=title)
                total += count + title_count
    entries = [*PageLogEntry.objects.filter(page__in=pages), *ModelLogEntry.objects.for_instance(person)]
    for entry in entries:
        label, label_count = redact(entry.label, words)
        data, data_count = _redact_json(entry.data, words)
        if label_count or data_count:
            type(entry).objects.filter(pk=entry.pk).update(label=label, data=data)
            total += label_count + data_count
    keys = {page.translation_key for page in pages}
    for source in TranslationSource.objects.filter(object_id__in=keys):
        if not names_hidden_words(json.loads(source.content_json), words):
            continue  # its snapshot is clean already: nothing to take again
        former = set(String.objects.filter(segments__source=source).values_list("pk", flat=True))
        source.update_from_db()  # the cleaned page's snapshot and segments
        for string in String.objects.filter(pk__in=former, segments__isnull=True):
            if redact(string.data, words)[1]:
                string.delete()  # with the translations made of it
                total += 1
    for translation in StringTranslation.objects.filter(context__object_id__in=keys):
        data, count = redact(translation.data, words)
        if count:
            StringTranslation.objects.filter(pk=translation.pk).update(data=data)
            total += count
    return total
