"""Which uploaded files the public may fetch, and the view that serves `/media/`.

The rule: a file is publicly addressable only while a public page shows it. An image is public when a live page
anyone may read uses it (portrait, body, listing image...) or a published snippet shown on the site does (an
institution's logo, a council's coat of arms) — and never when it is a picture of a defender who is not public (a
limited or protected one, an unpublished person, or one taken down everywhere), wherever else it is used. A
document is public when a live public page links to it. Everything else answers 404 to the public; signed-in staff
get what their collection permissions let them see. The API's image and document endpoints list the same sets.

It lives with the defenders because a defender's portrait is the file most at risk, but it applies to all files.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from cdhr_cms.cache import content_generation
from cdhr_cms.storage import RENDITIONS_FOLDER

from .choosers import may_list_people
from .models import Defender, DefenderPage, PictureLikeness

ORIGINALS_FOLDER = "original_images/"
# How long a computed set is trusted even without a content change (background reference-index updates).
SET_SECONDS = 60


def _public_page_ids():
    """Live pages anyone may read, without the profiles of defenders who are not public."""
    pages = Page.objects.live().public()
    hidden_profiles = DefenderPage.objects.filter(Q(person=None) | Q(person__in=Defender.objects.hidden()))
    return pages.exclude(pk__in=hidden_profiles.values("pk"))


def _referenced(target_model, by_pages=None, exclude_models=()):
    """Ids of `target_model` objects referenced (Wagtail's reference index) by the pages `by_pages`, or by objects
    that are not pages (snippets, settings) when `by_pages` is None."""
    target_type = ReferenceIndex._get_base_content_type(target_model)
    references = ReferenceIndex.objects.filter(to_content_type=target_type)
    page_type = ContentType.objects.get_for_model(Page)
    if by_pages is not None:
        page_ids = by_pages.annotate(text_id=Cast("pk", CharField())).values("text_id")
        references = references.filter(base_content_type=page_type, object_id__in=page_ids)
    else:
        references = references.exclude(base_content_type=page_type)
        for model in exclude_models:
            references = references.exclude(base_content_type=ReferenceIndex._get_base_content_type(model))
    return {int(pk) for pk in references.values_list("to_object_id", flat=True) if str(pk).isdigit()}


def hidden_image_ids():
    """Pictures of defenders who are not public, in any language and any state: their portraits, and every image
    their profile pages use, and any other upload of the same file. These are never public, whatever else uses
    them."""
    # A public person with no live profile (taken down everywhere) shows nowhere: their pictures neither.
    with_live_profile = DefenderPage.objects.live().values("person_id")
    hidden_people = Defender.objects.hidden() | Defender.objects.exclude(pk__in=with_live_profile)
    ids = set(hidden_people.exclude(portrait=None).values_list("portrait_id", flat=True))
    hidden_profiles = DefenderPage.objects.filter(Q(person=None) | Q(person__in=hidden_people))
    ids |= _referenced(get_image_model(), by_pages=hidden_profiles)
    # The same photo uploaded again (into a council's collection, under another title) is the same face: found by
    # the hash of its bytes, which uploads store with their metadata stripped alike (home/signals.py).
    images = get_image_model().objects
    hashes = images.filter(pk__in=ids).exclude(file_hash="").values("file_hash")
    ids |= set(images.filter(file_hash__in=hashes).values_list("pk", flat=True))
    # The same photo with other bytes (re-encoded by the cleaning of another upload, resized): found by what it shows.
    return ids | same_picture_ids(ids)


# How far apart two grids of colours may be and still show the same photo: the mean difference of their 192 values
# (0–255). A JPEG re-encoded or resized moves it by 0.1 to 2; two different photos, by tens.
SAME_PICTURE_TOLERANCE = 6


def same_picture_ids(ids):
    """Images whose picture is that of one of `ids` (`PictureLikeness`), besides `ids` themselves."""
    grids = {image_id: bytes(grid) for image_id, grid in PictureLikeness.objects.values_list("image_id", "grid")}
    hidden = [_with_sums(grids[image_id]) for image_id in ids if image_id in grids]
    if not hidden:
        return set()
    limit = SAME_PICTURE_TOLERANCE * 192
    found = set()
    for image_id, grid in grids.items():
        if image_id in ids:
            continue
        candidate, sums = _with_sums(grid)
        for other, other_sums in hidden:
            # The channels' sums differ by no more than the values do: most grids are told apart by that alone.
            if sum(abs(a - b) for a, b in zip(sums, other_sums, strict=True)) > limit:
                continue
            if len(candidate) == len(other) and sum(abs(a - b) for a, b in zip(candidate, other, strict=True)) <= limit:
                found.add(image_id)
                break
    return found


def _with_sums(grid):
    return grid, (sum(grid[0::3]), sum(grid[1::3]), sum(grid[2::3]))


def untag_hidden_images(**kwargs):
    """A hidden picture keeps no tag, and a tag left on nothing is deleted: Wagtail offers every tag to all staff
    (its tag autocomplete, the image chooser's and the image library's lists of popular tags), council staff and
    translators who may not see the picture included, and a tag is a natural place for a name. Run whenever a picture
    may have become hidden (a person or a profile saved, a profile unpublished: defenders/apps.py); the image form
    offers a hidden picture no tags (image_forms.py)."""
    from taggit.models import Tag, TaggedItem

    tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(get_image_model()))
    if not tagged.exists():
        return 0
    tagged = tagged.filter(object_id__in=list(hidden_image_ids()))
    tag_ids = set(tagged.values_list("tag_id", flat=True))
    removed, _counts = tagged.delete()
    Tag.objects.filter(pk__in=tag_ids, taggit_taggeditem_items=None).delete()
    return removed


def _compute_public_image_ids():
    ids = _referenced(get_image_model(), by_pages=_public_page_ids())
    # Snippets shown on the site (logos, coats of arms); a person's portrait is decided below, not by reference.
    ids |= _referenced(get_image_model(), exclude_models=(Defender,))
    shown = DefenderPage.objects.live().public().values("person_id")
    ids |= set(
        Defender.objects.public()
        .filter(safety_level="public", pk__in=shown)
        .exclude(portrait=None)
        .values_list("portrait_id", flat=True)
    )
    return frozenset(ids - hidden_image_ids())


def _compute_public_document_ids():
    return frozenset(_referenced(get_document_model(), by_pages=_public_page_ids()))


def _cached(name, compute):
    key = f"public-files:{name}:{content_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SET_SECONDS)
    return value


def public_image_ids():
    return _cached("images", _compute_public_image_ids)


def hidden_image_ids_now():
    """`hidden_image_ids()`, kept until content changes (a figure asks at every render)."""
    return _cached("hidden-images", lambda: frozenset(hidden_image_ids()))


def public_document_ids():
    return _cached("documents", _compute_public_document_ids)


def image_is_public(image_id):
    return image_id in public_image_ids()


def document_is_public(document_id):
    return document_id in public_document_ids()


# --- which image a stored file belongs to ---------------------------------------------------------------------


def image_for_file(name):
    """The image whose original or rendition is stored as `name`, or None (an unknown file is never served)."""
    Image = get_image_model()
    if name.startswith(ORIGINALS_FOLDER):
        return Image.objects.filter(file=name).first()
    if name.startswith(RENDITIONS_FOLDER):
        rendition = Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        return rendition.image if rendition else None
    return None


def file_stem(image):
    """The random part of an image's file name, which every rendition file of it starts with."""
    return posixpath.splitext(posixpath.basename(image.file.name))[0]


def stored_files_of(image, storage=None):
    """Every stored file whose name derives from `image`: the original and each rendition file, the ones the
    database knows and any it does not (a duplicate written by a race, a rendition whose row was lost)."""
    storage = storage or image.file.storage
    names = {image.file.name} if image.file.name else set()
    names |= {rendition.file.name for rendition in image.renditions.all()}
    stem = file_stem(image)
    if len(stem) >= 8:  # random names only: an old short name could be the start of another image's
        try:
            _directories, files = storage.listdir(RENDITIONS_FOLDER.rstrip("/"))
        except (FileNotFoundError, NotImplementedError):
            files = []
        names |= {f"{RENDITIONS_FOLDER}{file}" for file in files if file.startswith(f"{stem}.")}
    return sorted(names)


def delete_image_files(image):
    """Delete every stored file derived from `image` (see stored_files_of). Returns the names deleted."""
    storage = image.file.storage
    deleted = []
    for name in stored_files_of(image, storage):
        if storage.exists(name):
            storage.delete(name)
            deleted.append(name)
    return deleted


# --- the view -----------------------------------------------------------------------------------------------


def images_seen_in_the_admin(user, images):
    """`images` narrowed to those `user` may see in the admin (choosers, the admin's API, files under /media/): the
    ones their collection permissions let them choose or change, and never a picture of a defender who is not
    public unless they work on people (the consortium's editors and moderators). Translators may choose images for
    the pages they translate; a protected defender's face is not theirs to see, not even as a file."""
    policy = policy_registry.get_by_type(get_image_model())
    images = images.filter(pk__in=policy.instances_user_has_any_permission_for(user, ["change", "choose"]).values("pk"))
    if not may_list_people(user):
        images = images.exclude(pk__in=hidden_image_ids())
    return images


def documents_seen_in_the_admin(user, documents):
    """`documents` narrowed to those `user`'s collection permissions let them choose or change (the admin's API
    listed every document, endorsement letters of other councils included, to anyone signed in)."""
    policy = policy_registry.get_by_type(get_document_model())
    allowed = policy.instances_user_has_any_permission_for(user, ["change", "choose"])
    return documents.filter(pk__in=allowed.values("pk"))


# The image chooser's steps after a choice take the image's id and answer with its title and a rendition, checking
# only that the user may choose images at all: {view name: the URL argument holding the id}.
CHOSEN_IMAGE_VIEWS = {"wagtailimages_chooser:chosen": "pk", "wagtailimages_chooser:select_format": "image_id"}


class ChosenImageMiddleware(MiddlewareMixin):
    """Refuses those steps for an image `images_seen_in_the_admin` does not give the user (a protected defender's
    portrait asked for by its id). Wagtail's views are its own: a middleware is where our rule can meet them."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        argument = CHOSEN_IMAGE_VIEWS.get(match.view_name) if match is not None else None
        if argument is None or not request.user.is_authenticated:
            return None
        image_id = str(view_kwargs.get(argument, ""))
        if not image_id.isdigit():
            return None  # Wagtail answers 404 itself
        images = get_image_model().objects.filter(pk=int(image_id))
        if images.exists() and not images_seen_in_the_admin(request.user, images).exists():
            return HttpResponseForbidden()
        return None


def _staff_may_see(user, image):
    if not (user.is_authenticated and user.is_active):
        return False
    return images_seen_in_the_admin(user, get_image_model().objects.filter(pk=image.pk)).exists()


def _file_response(name):
    storage = default_storage
    accel = settings.MEDIA_ACCEL_REDIRECT
    if accel:
        # nginx serves the bytes from an `internal` location once Django has said yes (README, "Deploying").
        response = HttpResponse()
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{name}"
        response["Content-Type"] = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return response
    if hasattr(storage, "signed_url"):
        return HttpResponseRedirect(storage.signed_url(name))
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")


@require_safe
def serve_media(request, path):
    """`/media/<path>`: a file the public may see, or one the signed-in user may see in the admin; else 404 (the
    same answer as for a file that does not exist, so that nobody learns which names do)."""
    name = posixpath.normpath(path)
    if name != path or name.startswith(("/", "..")):
        raise Http404
    image = image_for_file(name)
    if image is None:
        raise Http404
    if image_is_public(image.pk):
        response = _file_response(name)
        patch_cache_control(response, public=True, max_age=settings.CDHR_BROWSER_CACHE_SECONDS)
        return response
    if _staff_may_see(request.user, image):
        response = _file_response(name)
        patch_cache_control(response, private=True, no_store=True)
        return response
    raise Http404
