"""Each defender's facts move from their profile pages (one copy per language) to one person record.

The Catalan (source) page's values win: they are what the translations were synchronised from. The portrait's alt
text and caption, which were translated, keep each language's own words.
"""

from django.conf import settings
from django.db import migrations

FACTS = (
    "display_name",
    "legal_name",
    "safety_level",
    "country",
    "region",
    "organisation",
    "portrait_id",
    "portrait_credit",
    "portrait_licence",
    "consent_date",
    "consent_scope",
    "consent_recorded_by_id",
    "consent_review_date",
)


def move_facts(apps, schema_editor):
    DefenderPage = apps.get_model("defenders", "DefenderPage")
    Defender = apps.get_model("defenders", "Defender")
    PortraitText = apps.get_model("defenders", "PortraitText")
    groups = {}
    for page in DefenderPage.objects.select_related("locale").order_by("pk"):
        groups.setdefault(page.translation_key, []).append(page)
    for pages in groups.values():
        source = next((p for p in pages if p.locale.language_code == settings.LANGUAGE_CODE), pages[0])
        published = any(p.live or p.first_published_at for p in pages)
        person = Defender.objects.create(
            **{name: getattr(source, name) for name in FACTS},
            live=published,
            has_unpublished_changes=not published,
            first_published_at=source.first_published_at,
            last_published_at=source.last_published_at,
        )
        for page in pages:
            if page.portrait_alt or page.portrait_caption:
                PortraitText.objects.get_or_create(
                    defender=person,
                    language=page.locale.language_code,
                    defaults={"alt_text": page.portrait_alt, "caption": page.portrait_caption},
                )
        DefenderPage.objects.filter(pk__in=[p.pk for p in pages]).update(person=person)


def move_facts_back(apps, schema_editor):
    DefenderPage = apps.get_model("defenders", "DefenderPage")
    for page in DefenderPage.objects.select_related("person", "locale").exclude(person=None):
        person = page.person
        for name in FACTS:
            setattr(page, name, getattr(person, name))
        text = person.portrait_texts.filter(language=page.locale.language_code).first()
        page.portrait_alt = text.alt_text if text else ""
        page.portrait_caption = text.caption if text else ""
        page.save()


class Migration(migrations.Migration):

    dependencies = [
        ("defenders", "0005_defender_person"),
    ]

    operations = [migrations.RunPython(move_facts, move_facts_back)]
