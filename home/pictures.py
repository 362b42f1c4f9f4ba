"""Responsive images: the renditions each kind of public picture uses, named once for the `{% picture %}` tags of the
templates and for the querysets that load them in advance, so that a page with many pictures costs no query per
picture. A template's tag must spell its pattern exactly as here (tests/test_pictures.py renders them and counts).

AVIF first, WebP, then JPEG for browsers that take neither; widths for one and two device pixels per CSS pixel.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# Defender cards (directory, related defenders, home): 160 CSS pixels square.
CARD = "fill-{160x160,320x320} format-{avif,webp,jpeg}"
# The portrait at the top of a profile: up to 400 CSS pixels square.
PORTRAIT = "fill-{320x320,640x640,960x960} format-{avif,webp,jpeg}"
# Social networks' preview (Open Graph, one JPEG).
SOCIAL = "fill-1200x630"


def filter_specs(*patterns):
    return [spec for pattern in patterns for spec in Filter.expand_spec(pattern)]


def renditions_prefetch(lookup, *patterns):
    """Prefetch, for the images at `lookup` (already joined with select_related), the renditions of `patterns`."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=filter_specs(*patterns))
    return Prefetch(f"{lookup}__renditions", queryset=renditions, to_attr="prefetched_renditions")


def load_renditions(image_ids, *patterns):
    """{image id: image with the renditions of `patterns` ready} for these images, in one query once the renditions
    exist (the images that have none yet, on their first view, take one more)."""
    ids = {image_id for image_id in image_ids if image_id}
    if not ids:
        return {}
    Image = get_image_model()
    renditions = Image.get_rendition_model().objects.filter(image_id__in=ids, filter_spec__in=filter_specs(*patterns))
    images, by_image = {}, {}
    for rendition in renditions.select_related("image"):
        rendition.image = images.setdefault(rendition.image_id, rendition.image)
        by_image.setdefault(rendition.image_id, []).append(rendition)
    if missing := ids - images.keys():
        images.update(Image.objects.in_bulk(missing))
    for image_id, image in images.items():
        image.prefetched_renditions = by_image.get(image_id, [])
    return images
