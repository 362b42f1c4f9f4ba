"""Clean images: every uploaded image loses its metadata (EXIF, GPS, XMP, IPTC, comments) and its name (a random
one replaces it) before the original is stored. Renditions are made from the original, so they are clean too.

A `pre_save` receiver on the image model (connected in apps.py) covers every way an image arrives: the admin's
single and multiple upload views, the image chooser, the API of a future importer, the demo data. It lives here
because a defender's photo is what is most at risk (a GPS position in a portrait can locate a person), but it
applies to ALL images.
"""

import io
import logging

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

from home.uploads import forget_stored_copy, new_file, random_name

logger = logging.getLogger(__name__)

# Formats we re-encode; the parameters keep the quality close to the original.
SAVE_OPTIONS = {
    "JPEG": {"quality": 95, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 95},
    "GIF": {},
    "AVIF": {"quality": 90},
}
# What a re-encoded image keeps: how to show it (transparency, animation timing), nothing about where, when or with
# what it was taken.
KEPT_INFO = ("transparency", "duration", "loop", "background")
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def in_srgb(image, icc_profile):
    """The pixels in sRGB, the colours a browser assumes when an image has no profile. An embedded colour profile is
    a file of its own whose description and copyright texts can say anything (a name, a place) and no metadata
    stripping reads them: the colours are kept by converting, the profile itself is not. An image whose profile
    cannot be read keeps its pixels as they are."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def strip_metadata(data):
    """Return the image bytes `data` re-encoded without metadata or colour profile (its colours converted to sRGB),
    orientation applied."""
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
        if image_format not in SAVE_OPTIONS:
            raise ValueError(f"unsupported image format {image_format!r}")
        icc_profile = image.info.get("icc_profile")
        animated = getattr(image, "is_animated", False)
        kept = {key: image.info[key] for key in KEPT_INFO if key in image.info}
        if animated:
            image.load()
            clean = image
        else:
            # Apply the EXIF orientation to the pixels, since the tag that carried it is about to go.
            clean = ImageOps.exif_transpose(image)
            if clean is None:  # pragma: no cover - exif_transpose returns None only with in_place=True
                clean = image
            clean = clean.copy()
        if icc_profile and not animated:
            clean = in_srgb(clean, icc_profile)
        clean.info = dict(kept)
        options = dict(SAVE_OPTIONS[image_format])
        options.update(kept)
        if animated:
            options["save_all"] = True
        if image_format == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        # Explicitly empty: some encoders would otherwise carry what Pillow read.
        if image_format in ("JPEG", "PNG", "WEBP", "AVIF"):
            options["exif"] = b""
        output = io.BytesIO()
        clean.save(output, format=image_format, **options)
    return output.getvalue()


def clean_uploaded_image(sender, instance, **kwargs):
    """pre_save receiver: replace a new file (home/uploads.py `new_file`: uploaded, or stored by Wagtail's multiple
    upload under its uploaded name) by its metadata-free copy under a random name."""
    found = new_file(instance)
    if found is None:
        return  # nothing new to store
    data, stored_name = found
    file = instance.file
    storage = file.storage
    try:
        cleaned = strip_metadata(data)
    except (ValueError, OSError) as error:
        # Wagtail's form validation already refused what is not an image; anything left we cannot clean is refused
        # too, rather than stored with its metadata.
        raise ValueError(f"Image {file.name!r} could not be cleaned of its metadata: {error}") from error
    # A random name: the uploaded one ("Name_Surname.jpg") would be in every URL of the image and its renditions.
    instance.file = ContentFile(cleaned, name=random_name(file.name))
    with Image.open(io.BytesIO(cleaned)) as image:
        instance.width, instance.height = image.size
    instance._likeness = likeness(cleaned)  # stored once the image has its id (`keep_likeness`)
    instance._set_image_file_metadata()
    forget_stored_copy(instance, stored_name, storage)


# The picture an image shows, small enough to compare: its colours over an 8 × 8 grid. The same photo re-encoded,
# resized or stripped of its metadata by another upload has other bytes and almost the same grid; another photo has
# another grid (defenders/files.py `same_picture_ids`).
LIKENESS_GRID = (8, 8)


def likeness(data):
    """The 8 × 8 RGB grid of the picture in `data` (192 bytes), or None if it cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (LIKENESS_GRID[0] * 8, LIKENESS_GRID[1] * 8))  # a JPEG decoded at a fraction of its size
            return image.convert("RGB").resize(LIKENESS_GRID, Image.Resampling.BOX).tobytes()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def keep_likeness(sender, instance, **kwargs):
    """post_save receiver: the grid of a newly stored file, kept next to the image (`PictureLikeness`)."""
    grid = instance.__dict__.pop("_likeness", None)
    if grid is None:
        return
    from .models import PictureLikeness

    PictureLikeness.objects.update_or_create(image_id=instance.pk, defaults={"grid": grid})
