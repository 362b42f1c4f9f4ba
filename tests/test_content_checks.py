"""Editors' content checks: Wagtail's checker stays on, with rules for images without a text alternative, and no
image can be placed in content without alt text (or an explicit "decorative" choice)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.blocks import RichTextBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import get_page_models

from defenders.factories import make_image
from home.blocks import FigureBlock

pytestmark = pytest.mark.django_db


def checker_configuration(response):
    script = BeautifulSoup(response.content.decode(), "html.parser").find(id="checker-axe-configuration")
    return json.loads(script.string) if script else None


def test_editors_get_the_content_checker_with_the_image_rules(client, django_user_model, homes):
    editor = django_user_model.objects.create_superuser("checker", "checker@example.org", "a-long-password-1234")
    client.force_login(editor)
    configuration = checker_configuration(client.get(homes["ca"].url))
    assert configuration is not None
    rules = configuration["options"]["runOnly"]
    assert {"alt-text-quality", "image-alt", "heading-order", "link-name"} <= set(rules)


def test_visitors_get_no_userbar(client, homes):
    html = client.get(homes["ca"].url).content.decode()
    assert checker_configuration(client.get(homes["ca"].url)) is None
    assert "wagtail-userbar" not in html


def test_an_image_block_without_alt_text_is_refused():
    block = FigureBlock()
    image = make_image("Alttest")
    value = block.to_python({"image": {"image": image.pk, "alt_text": "", "decorative": False}})
    with pytest.raises(ValidationError):
        block.clean(value)
    decorative = block.to_python({"image": {"image": image.pk, "alt_text": "", "decorative": True}})
    block.clean(decorative)
    described = block.to_python(
        {"image": {"image": image.pk, "alt_text": "Two people at a march", "decorative": False}}
    )
    block.clean(described)


def _rich_text_features(block):
    if isinstance(block, RichTextBlock):
        yield block.features
    for child in getattr(block, "child_blocks", {}).values():
        yield from _rich_text_features(child)
    if hasattr(block, "child_block"):
        yield from _rich_text_features(block.child_block)


def test_no_rich_text_can_hold_an_image_without_going_through_an_image_block():
    """Images enter content only through ImageBlock (alt text required); rich text has no image or embed feature."""
    features = []
    for model in get_page_models():
        for field in model._meta.get_fields():
            if isinstance(field, RichTextField):
                features.append((model.__name__, field.name, field.features))
            elif isinstance(field, StreamField):
                for found in _rich_text_features(field.stream_block):
                    features.append((model.__name__, field.name, found))
    assert features
    for model, field, found in features:
        assert found is not None, f"{model}.{field} uses the default rich text features, which include images"
        assert "image" not in found and "embed" not in found, (model, field)
    assert isinstance(FigureBlock().child_blocks["image"], ImageBlock)
