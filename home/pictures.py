"""Responsive images: the renditions each kind of public picture uses, named once for the `{% picture %}` tags of the
templates and for the querysets that load them in advance, so that a page with many pictures costs no query per
picture. A template's tag must spell its pattern exactly as here (tests/test_pictures.py renders them and counts).

AVIF first, WebP, then JPEG for browsers that take neither; widths for one and two device pixels per CSS pixel.
"""

import functools

from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from .queries import PreparedQuery, remember_until_content_changes

# Defender cards (directory, related defenders, home): 160 CSS pixels square.
CARD = "fill-{160x160,320x320} format-{avif,webp,jpeg}"
# The portrait at the top of a profile: up to 400 CSS pixels square.
PORTRAIT = "fill-{320x320,640x640,960x960} format-{avif,webp,jpeg}"


def filter_specs(*patterns):
    return [spec for pattern in patterns for spec in Filter.expand_spec(pattern)]


@functools.cache
def _parsed_filters(pattern):
    # Parsed once: Wagtail's `{% picture %}` makes new Filter objects at every render, and each one parses its
    # operations again (with `inspect` signatures: a millisecond per portrait of a directory card).
    return [Filter(spec=spec) for spec in filter_specs(pattern)]


# What a picture writes, by image, pattern and attributes, remembered until a hard change: writing the <picture>
# of a card's portrait (six renditions' addresses and sizes, every attribute escaped) cost more than the rest of the
# card, and the same portraits are on every address of the directory (each filter, each page), the profiles and the
# press rooms. The markup depends on the image, its renditions and the attributes alone: saving or deleting an image
# and deleting a rendition move the hard generation (cdhr_cms/cache.py), which forgets them all, and publishing a
# page does not; a rendition made on a first view changes no markup already written.
_written_pictures = {}
MAX_WRITTEN_PICTURES = 4096


def written_picture(image, pattern, attrs):
    """What `{% picture image <pattern> name=value… %}` writes for `attrs` ({name: value}, in the template's order):
    Wagtail's Picture of the renditions a view loaded in advance (`with_renditions`), else looked up or made as
    Wagtail does. Remembered until a hard change, except when the source file could not be read (Wagtail's
    "not-found" stand-in), so that the next view tries again."""

    def write():
        renditions = get_renditions_or_not_found(image, _parsed_filters(pattern))
        found = all(rendition.file.name != "not-found" for rendition in renditions.values())
        return Picture(renditions, dict(attrs)).__html__(), found

    if image.pk is None:
        return write()[0]
    key = (image.pk, pattern, tuple((name, str(value)) for name, value in attrs.items()))
    markup, _found = remember_until_content_changes(
        key,
        write,
        store=_written_pictures,
        limit=MAX_WRITTEN_PICTURES,
        keep=lambda written: written[1],
        hard_only=True,
    )
    return markup


def load_renditions(image_ids, *patterns):
    """{image id: image with the renditions of `patterns` at hand} for these images: the images in one query, their
    renditions in one more if a picture of them is written at all (`with_renditions`)."""
    images = {image.pk: image for image in IMAGES(sorted({image_id for image_id in image_ids if image_id}))}
    with_renditions(list(images.values()), *patterns)
    return images


def with_renditions(images, *patterns):
    """`images` (loaded already: the portraits of a page of cards) with the renditions of `patterns` at hand, read
    for all of them in one query when the first of their pictures is written, and not at all when every picture is
    already written (`written_picture` remembers them until an image or a rendition changes, through every publish):
    reading and building six renditions per portrait for nothing was a tenth of a directory's render and a fifth of
    a press room's. Wagtail makes those that do not exist yet when the picture is first shown. The renditions are
    read without their images and point to these: a join would build an image for each rendition row, only to drop
    it."""
    batch = _RenditionsOfImages(images, filter_specs(*patterns))
    for image in images:
        # Wagtail reads an image's `prefetched_renditions` by iterating over them and adds the ones it makes.
        image.prefetched_renditions = _ImageRenditions(batch, image.pk)
    return images


class _RenditionsOfImages:
    """The renditions of some images for some specifications, read in one query when first asked for."""

    def __init__(self, images, specs):
        self.images = {image.pk: image for image in images}
        self.specs = specs
        self.by_image = None

    def of(self, image_id):
        if self.by_image is None:
            by_image = {image_id: [] for image_id in self.images}
            for rendition in RENDITIONS(sorted(self.images), self.specs):
                rendition.image = self.images[rendition.image_id]
                by_image[rendition.image_id].append(rendition)
            self.by_image = by_image
        return self.by_image[image_id]


class _ImageRenditions:
    """One image's part of a `_RenditionsOfImages`, as Wagtail uses a prefetched list of renditions."""

    def __init__(self, batch, image_id):
        self.batch = batch
        self.image_id = image_id

    def __iter__(self):
        return iter(self.batch.of(self.image_id))

    def append(self, rendition):
        self.batch.of(self.image_id).append(rendition)

    def __reduce__(self):
        # Wagtail keeps a rendition it makes in its cache, with its image: pickled, this is the image's own list
        # (as a prefetched list was), not the page's whole batch of images and renditions.
        return (list, (list(self.batch.of(self.image_id)),))


# SQL compiled once per process (`PreparedQuery`), the images' ids and the renditions' specifications its parameters.
RENDITIONS = PreparedQuery(
    "renditions of some images",
    lambda ids, specs: get_image_model().get_rendition_model().objects.filter(image_id__in=ids, filter_spec__in=specs),
)
IMAGES = PreparedQuery("some images", lambda ids: get_image_model().objects.filter(pk__in=ids))
