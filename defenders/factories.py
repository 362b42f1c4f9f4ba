"""Factories for defenders (people and their profile pages) and themes, used by the tests and the demo."""

import hashlib
import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from .models import DefenderIndexPage, DefenderPage, Theme
from .people import make_person  # noqa: F401 - the factories' way to make a person, used by tests


def make_image(title="Portrait", color=None, size=(64, 64), image_format="JPEG"):
    # A colour of its own per title: two uploads of the same bytes are one picture (defenders/files.py hides every
    # copy of a hidden one), which two images of different titles are not meant to be.
    color = color or f"#{hashlib.sha256(title.encode()).hexdigest()[:6]}"
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format=image_format)
    extension = "jpg" if image_format == "JPEG" else image_format.lower()
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title.lower()}.{extension}"))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="ca"))
    live = True


class DefenderIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DefenderIndexPage

    title = "Defensors"
    slug = "defensors"


# What a test may say about a defender's person when it builds a profile: DefenderPageFactory(safety_level=...).
PERSON_FACTS = (
    "display_name",
    "legal_name",
    "safety_level",
    "country",
    "region",
    "organisation",
    "portrait",
    "portrait_credit",
    "portrait_licence",
    "consent_date",
    "consent_scope",
)
PORTRAIT_TEXTS = ("portrait_alt", "portrait_caption")


class DefenderPageFactory(wagtail_factories.PageFactory):
    """A profile page; facts about the person (safety_level=, display_name=, portrait=, portrait_alt=...) make its
    person, unless `person` is given."""

    class Meta:
        model = DefenderPage

    slug = factory.Sequence(lambda n: f"defender-{n}")
    summary = "A defender."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        facts = {name: kwargs.pop(name) for name in PERSON_FACTS + PORTRAIT_TEXTS if name in kwargs}
        if kwargs.get("person") is None:
            slug = kwargs.get("slug") or "defender"
            facts.setdefault("display_name", slug.replace("-", " ").capitalize())
            facts.setdefault("legal_name", f"Legal Name of {slug}")
            facts.setdefault("organisation", "Some Organisation")
            kwargs["person"] = make_person(**facts)
        kwargs.pop("title", None)  # the title is the person's display name
        return super()._create(model_class, *args, **kwargs)
