"""Responsive images: the renditions each kind of public picture uses, named once for the `{% picture %}` tags of the
templates and for the querysets that load them in advance, so that a page with many pictures costs no query per
picture. A template's tag must spell its pattern exactly as here (tests/test_pictures.py renders them and counts).

AVIF first, WebP, then JPEG for browsers that take neither; widths for one and two device pixels per CSS pixel.
"""

from wagtail.images import get_image_model
from wagtail.images.models import Filter

from .queries import PreparedQuery

# Defender cards (directory, related defenders, home): 160 CSS pixels square.
CARD = "fill-{160x160,320x320} format-{avif,webp,jpeg}"
# The portrait at the top of a profile: up to 400 CSS pixels square.
PORTRAIT = "fill-{320x320,640x640,960x960} format-{avif,webp,jpeg}"
# Social networks' preview (Open Graph, one JPEG).
SOCIAL = "fill-1200x630"


def filter_specs(*patterns):
    return [spec for pattern in patterns for spec in Filter.expand_spec(pattern)]


def load_renditions(image_ids, *patterns):
    """{image id: image with the renditions of `patterns` ready} for these images, in one query once the renditions
    exist (the images that have none yet, on their first view, take one more)."""
    images, by_image = {}, _renditions_by_image(image_ids, patterns)
    for image_id, renditions in by_image.items():
        images[image_id] = renditions[0].image
    if missing := {image_id for image_id in image_ids if image_id} - images.keys():
        images.update(get_image_model().objects.in_bulk(missing))
    for image_id, image in images.items():
        image.prefetched_renditions = by_image.get(image_id, [])
    return images


def with_renditions(images, *patterns):
    """`images` (loaded already: the portraits of a page of cards) with the renditions of `patterns` ready, in one
    query; Wagtail makes those that do not exist yet when the picture is first shown. The renditions are read
    without their images and point to these: a join would build an image for each rendition row, only to drop it."""
    by_id = {image.pk: image for image in images}
    by_image = {}
    for rendition in RENDITIONS(sorted(by_id), filter_specs(*patterns)):
        rendition.image = by_id[rendition.image_id]
        by_image.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        image.prefetched_renditions = by_image.get(image.pk, [])
    return images


def _renditions_by_image(image_ids, patterns):
    """{image id: its renditions of `patterns`, each with the one copy of its image}, in one query."""
    ids = sorted({image_id for image_id in image_ids if image_id})
    by_image, images = {}, {}
    for rendition in RENDITIONS_WITH_IMAGES(ids, filter_specs(*patterns)):
        rendition.image = images.setdefault(rendition.image_id, rendition.image)
        by_image.setdefault(rendition.image_id, []).append(rendition)
    return by_image


# SQL compiled once per process (`PreparedQuery`), the images' ids and the renditions' specifications its parameters.
RENDITIONS = PreparedQuery(
    "renditions of some images",
    lambda ids, specs: get_image_model().get_rendition_model().objects.filter(image_id__in=ids, filter_spec__in=specs),
)
RENDITIONS_WITH_IMAGES = PreparedQuery(
    "renditions of some images, with their images",
    lambda ids, specs: (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id__in=ids, filter_spec__in=specs)
        .select_related("image")
    ),
)
