"""Making a person (Defender) for the demo and the tests, with nothing but the models: `setup_site --demo` runs where
the test-only libraries (factory_boy, wagtail-factories) are not installed."""

from .models import Defender, PortraitText
from .safety import SafetyLevel


def make_person(language="ca", portrait_alt="", portrait_caption="", live=True, **facts):
    """A published person (Defender), with the portrait described in `language` when there is a portrait."""
    facts.setdefault("display_name", "A Defender")
    facts.setdefault("country", "CO")
    facts.setdefault("safety_level", SafetyLevel.PUBLIC)
    person = Defender(live=live, **facts)
    if person.portrait_id and not portrait_alt:
        portrait_alt = f"Portrait of {person.display_name}"
    if person.portrait_id and not person.portrait_credit:
        person.portrait_credit = "Photographer"
    if portrait_alt or portrait_caption:
        person.portrait_texts = [PortraitText(language=language, alt_text=portrait_alt, caption=portrait_caption)]
    person.save()
    return person
