"""Benchmark data for defenders: fictional people up to the requested number, each with a profile in ca, es and en
that copies the words of a demo profile in that language (biography, links) and shares a demo portrait. One in ten
is `limited`, one in twenty `protected`, so that the safety rule is exercised at size."""

from home.bench import LANGUAGES, add_in_every_language, translations

from .models import Defender, DefenderIndexPage, DefenderPage, PortraitText, Theme
from .safety import SafetyLevel

COUNTRIES = ["CO", "HN", "GT", "MX", "PE", "BR", "NG", "KE", "PH", "PS", "TR", "RU", "IN", "ZW"]


def level(number):
    if number % 20 == 0:
        return SafetyLevel.PROTECTED
    return SafetyLevel.LIMITED if number % 10 == 0 else SafetyLevel.PUBLIC


def create_bench_data(sizes, stdout):
    directory = DefenderIndexPage.objects.filter(locale__language_code="ca").first()
    directories = translations(directory)
    templates = {
        code: DefenderPage.objects.public()
        .filter(locale__language_code=code, person__safety_level=SafetyLevel.PUBLIC)
        .exclude(person__portrait=None)
        .order_by("path")
        .first()
        for code in LANGUAGES
    }
    portraits = list(
        Defender.objects.exclude(portrait=None).order_by("pk").values_list("portrait_id", flat=True).distinct()
    )
    themes = {
        code: list(Theme.objects.filter(locale__language_code=code).order_by("translation_key")) for code in LANGUAGES
    }
    existing = DefenderPage.objects.filter(locale__language_code="ca").count()
    missing = max(sizes["defenders"] - existing, 0)
    people = Defender.objects.bulk_create(
        [
            Defender(
                display_name=f"Defensora de prova {existing + number}",
                legal_name=f"Nom legal de prova {existing + number}",
                safety_level=level(number),
                country=COUNTRIES[number % len(COUNTRIES)],
                region="Regió de prova",
                organisation="Organització de prova",
                portrait_id=portraits[number % len(portraits)] if level(number) == SafetyLevel.PUBLIC else None,
                portrait_credit="Ciutats Defensores" if level(number) == SafetyLevel.PUBLIC else "",
                live=True,
            )
            for number in range(missing)
        ]
    )
    PortraitText.objects.bulk_create(
        [
            PortraitText(defender=person, language=code, alt_text=f"{person.display_name} ({code})", sort_order=order)
            for person in people
            if person.portrait_id
            for order, code in enumerate(LANGUAGES)
        ]
    )
    for number, person in enumerate(people):

        def build(code, person=person, number=number):
            template = templates[code]
            page = DefenderPage(
                title=person.display_name,
                slug=f"defensora-de-prova-{existing + number}",
                person=person,
                summary=template.summary,
                biography=template.biography.raw_data,
                links=template.links.raw_data,
            )
            if themes[code]:  # committed with the page
                page.themes.set([themes[code][(number + shift) % len(themes[code])] for shift in range(2)])
            return page

        add_in_every_language(directories, build)
    stdout.write(f"  defenders: {DefenderPage.objects.filter(locale__language_code='ca').count()} (× 3 languages)")
