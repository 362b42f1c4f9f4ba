"""Factories for defenders and themes, used by the tests."""

import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from .models import DefenderIndexPage, DefenderPage, Theme
from .safety import SafetyLevel


def make_image(title="Portrait", color="#336699", size=(64, 64), image_format="JPEG"):
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


class DefenderPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DefenderPage

    display_name = factory.Sequence(lambda n: f"Defender {n}")
    title = factory.SelfAttribute("display_name")
    slug = factory.Sequence(lambda n: f"defender-{n}")
    legal_name = factory.Sequence(lambda n: f"Legal Name {n}")
    safety_level = SafetyLevel.PUBLIC
    country = "CO"
    region = ""
    organisation = "Some Organisation"
    summary = "A defender."
