"""The read-only API at /api/v2/. Each endpoint lists only what the owning app's public rules allow; how it answers
errors, checks parameters and sets Cache-Control is in api_checks.py."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from defenders.files import public_document_ids, public_image_ids
from defenders.models import DefenderPage

from .api_checks import CheckedParametersMixin, LanguagePrefixedFindMixin


class PublicPagesAPIViewSet(LanguagePrefixedFindMixin, CheckedParametersMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        # Defenders: only open-data profiles (public and limited), listing and detail alike; their fields come from
        # public_view() (DefenderPage.api_fields).
        return super().get_base_queryset().exclude(pk__in=DefenderPage.objects.not_in_open_data().values("pk"))

    def get_queryset(self):
        # What every item shows read with the page rather than once per item: its language (the "locale" field)
        # and, for profiles, the person, portrait and portrait texts its public_profile shows. A listing of 20
        # profiles with fields=* ran 80 queries, and one of any pages 20 more than its own.
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, DefenderPage):
            queryset = queryset.select_related("person__portrait").prefetch_related("person__portrait_texts")
        return queryset


class PublicImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        # Only images a public page shows (defenders/files.py): never one of a defender who is not public, nor one
        # sitting unused in the library, not even by id.
        return super().get_queryset().filter(pk__in=public_image_ids())


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        # Only documents a public page links to: private ones (endorsement letters) are not even listed.
        return super().get_queryset().filter(pk__in=public_document_ids())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
