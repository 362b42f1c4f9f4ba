"""Every uploaded document is cleaned of metadata and renamed at random before storage (see home/scrub.py)."""

import hashlib
import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents.models import AbstractDocument

from . import share_cards
from .scrub import scrub_document
from .uploads import forget_stored_copy, new_file, random_name

logger = logging.getLogger(__name__)


def scrub_new_document_file(sender, instance, **kwargs):
    """pre_save: a new file (uploads.py `new_file`) is cleaned and renamed before it is stored."""
    if not issubclass(sender, AbstractDocument):
        return
    found = new_file(instance)
    if found is None:
        return
    original, stored_name = found
    name = os.path.basename(instance.file.name)
    storage = instance.file.storage
    try:
        cleaned = scrub_document(name, original)
    except Exception as error:  # a damaged file must not be stored with its metadata
        logger.warning("Refused a document whose metadata could not be removed: %s", error.__class__.__name__)
        raise ValidationError("This file could not be read, so its metadata could not be removed.") from error
    # Always a new file with a random name: the uploaded name is in the document's URL (/documents/<id>/<name>).
    instance.file = ContentFile(cleaned, name=random_name(name))
    if cleaned != original:
        instance.file_size = len(cleaned)
        instance.file_hash = hashlib.sha1(cleaned).hexdigest()  # noqa: S324 - same hash Wagtail uses to spot duplicates
    forget_stored_copy(instance, stored_name, storage)


def connect():
    from wagtail.signals import page_published

    from . import facts, roles

    pre_save.connect(scrub_new_document_file, dispatch_uid="home-scrub-documents")
    post_delete.connect(share_cards.forget_page, dispatch_uid="home-forget-share-cards")
    # New city programmes (translations made in wagtail-localize included) join the municipal workflow. Connected
    # here, at start-up, so that programmes created by scripts before any admin request are caught too.
    post_save.connect(roles.on_page_saved, dispatch_uid="home.roles.on_page_saved")
    # Publishing a Catalan page brings its facts to every live translation (home/facts.py).
    page_published.connect(facts.on_page_published, dispatch_uid="home.facts.on_page_published")
