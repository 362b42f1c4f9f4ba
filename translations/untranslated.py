"""Words that exist only in Catalan, shown on the Spanish and English pages.

A synchronised field holds one value for every language (wagtail-localize copies it into each translation), and so
do the fields of models that are not translated at all (a municipality, the press office setting, an endorsement).
That is right for names, numbers, addresses and identifiers, and wrong for words a reader of another language should
get in theirs: "Aurora Quispe (ficció)", "Oficina de premsa (demo)". This module finds such values and the es/en
pages that show them. `manage.py check_untranslated_facts` runs it on any site; tests/test_untranslated_facts.py
runs it on the demo.

A value "reads as words" when, once e-mail addresses, web addresses and numbers are set aside, it has a word that
is neither capitalised (names: "Sant Boi de Llobregat", "Carrer Major") nor a particle of names ("de", "del", "i",
"la", "l'"...). That is deliberately strict: a fact in words belongs in a translatable field.
"""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from django.apps import apps
from django.db import models
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from editions.models import EditionIndexPage, EditionPage
from home.models import Municipality

SOURCE_LANGUAGE = "ca"
CHECKED_LANGUAGES = ("es", "en")
# Our apps, and Wagtail's media (an image's title and description are its alt text).
APP_LABELS = (
    "home",
    "defenders",
    "editions",
    "statements",
    "news",
    "resources",
    "contact",
    "wagtailimages",
    "wagtaildocs",
)
# Words that may sit inside a name in lower case: "Sant Vicenç dels Horts", "Vilanova i la Geltrú", "Luis de la Cruz".
NAME_PARTICLES = {
    "d", "da", "das", "de", "del", "dels", "di", "do", "dos", "du", "e", "el", "els", "i", "l", "la", "las", "le",
    "les", "lo", "los", "van", "von", "y",
}  # fmt: skip
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)+\b")
WORD = re.compile(r"[^\W\d_]+")
SPACES = re.compile(r"\s+")


def reads_as_words(value):
    """True when `value` holds words to translate, not only names, numbers, addresses or identifiers."""
    text = ADDRESSES.sub(" ", value)
    return any(not word[0].isupper() and word.lower() not in NAME_PARTICLES for word in WORD.findall(text))


@dataclass(frozen=True)
class Fact:
    source: str  # "app.Model.field"
    value: str


def _text_fields(model):
    """Text an editor types: not slugs, addresses or choices, nor what the code computes (editable=False)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
        and not field.choices
        and field.editable
    ]


def facts_in_one_language():
    """Every value of a synchronised or untranslated text field, from the Catalan side, that reads as words."""
    facts = set()
    for model in apps.get_models():
        if model._meta.app_label not in APP_LABELS or model._meta.proxy or model._meta.model_name.endswith("rendition"):
            continue
        # Proper nouns a model declares (an organisation's name is the same in every language).
        neutral = set(getattr(model, "language_neutral_fields", ()))
        fields = [field for field in _text_fields(model) if field.name not in neutral]
        queryset = model._default_manager.all()
        if any(field.name == "language" for field in model._meta.concrete_fields):
            # Rows that say which language their words are in (a portrait's description): the Catalan ones only.
            queryset = queryset.filter(language=SOURCE_LANGUAGE)
        if issubclass(model, TranslatableMixin):
            synchronised = {
                field.field_name for field in get_translatable_fields(model) if isinstance(field, SynchronizedField)
            }
            fields = [field for field in fields if field.name in synchronised]
            queryset = queryset.filter(locale__language_code=SOURCE_LANGUAGE)
        if issubclass(model, Page):
            # A page model's own table only; the fields of Page itself are checked once, through Page's subclasses.
            fields = [field for field in fields if field.model is model]
        if not fields:
            continue
        for row in queryset.values_list(*[field.name for field in fields]):
            for field, value in zip(fields, row, strict=True):
                if value and reads_as_words(value):
                    facts.add(Fact(f"{model._meta.label}.{field.name}", SPACES.sub(" ", value).strip()))
    return facts


def readable_text(html):
    """What a reader (or a search engine, or a screen reader) gets from a page: its text, alt texts, titles, labels,
    meta contents and structured data."""
    soup = BeautifulSoup(html, "html.parser")
    parts = [script.get_text(" ") for script in soup.find_all("script", type="application/ld+json")]
    for element in soup.find_all(True):
        for attribute in ("alt", "title", "aria-label", "content", "placeholder"):
            if element.get(attribute):
                parts.append(str(element[attribute]))
    for element in soup(["script", "style"]):
        element.decompose()
    parts.append(soup.get_text(" "))
    return SPACES.sub(" ", " ".join(parts))


def public_urls(language):
    """The reader's pages in `language`: every live public page, and the routes that are not pages of their own."""
    from django.urls import reverse
    from django.utils import translation

    urls = [page.url for page in Page.objects.live().public().filter(locale__language_code=language, depth__gt=1)]
    with translation.override(language):
        for index in EditionIndexPage.objects.live().public().filter(locale__language_code=language):
            urls.append(index.url + index.reverse_subpage("agenda"))
        for tour in EditionPage.objects.live().public().filter(locale__language_code=language):
            urls.append(tour.url + tour.reverse_subpage("press"))
        urls.append(reverse("municipality_list"))
        urls += [
            reverse("municipality_profile", kwargs={"slug": slug})
            for slug in Municipality.objects.values_list("slug", flat=True)
        ]
    return [url for url in urls if url]


@dataclass(frozen=True)
class Finding:
    url: str
    fact: Fact


def find_untranslated_facts(client, languages=CHECKED_LANGUAGES, facts=None, read=None):
    """[Finding]: es/en pages showing a value that exists only in Catalan. `client`: a Django test client; `read`:
    a list to which the addresses of the pages read are added."""
    facts = facts_in_one_language() if facts is None else facts
    findings = []
    for language in languages:
        for url in public_urls(language):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            if read is not None:
                read.append(url)
            text = readable_text(response.content.decode())
            findings += [Finding(url, fact) for fact in facts if fact.value in text]
    return findings
