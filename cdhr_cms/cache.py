"""Caching of public pages for anonymous visitors, invalidated by any content change.

Every change to content the public can see — a page published or unpublished, a snippet, an event, an endorsement,
an image — bumps one "content generation" number kept in the cache. Cached pages and fragments carry the generation
in their key, so a change makes every cached page stale at once: simple, and never wrong in a way a visitor sees.
With Redis (REDIS_URL) the generation and the pages are shared by all app servers.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control
from wagtail.signals import page_published, page_unpublished

GENERATION_KEY = "content-generation"
# Apps whose models appear on public pages. Saving any of their rows invalidates the cached pages.
CONTENT_APPS = {"home", "defenders", "editions", "statements", "wagtailcore", "wagtailimages", "wagtaildocs"}
# Never cached: staff areas, per-visitor answers and health checks.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/api/")


def content_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def bump_generation(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _on_model_change(sender, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    # A rendition saved on first view is derived data, not a change of content: it must not throw away every cached
    # page and print file (a poster's first rendering makes its portraits' renditions). Deleting one still counts.
    if "created" in kwargs and _is_rendition(sender):
        return
    bump_generation()


def _is_rendition(model):
    from wagtail.images.models import AbstractRendition

    return issubclass(model, AbstractRendition)


def connect_signals():
    post_save.connect(_on_model_change, dispatch_uid="cdhr-cache-post-save")
    post_delete.connect(_on_model_change, dispatch_uid="cdhr-cache-post-delete")
    page_published.connect(bump_generation, dispatch_uid="cdhr-cache-published")
    page_unpublished.connect(bump_generation, dispatch_uid="cdhr-cache-unpublished")


def fragment(name, language, build, timeout=None):
    """A cached piece of the site chrome (navigation, footer), rebuilt when content changes."""
    key = f"fragment:{name}:{language}:{content_generation()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout or settings.CDHR_PAGE_CACHE_SECONDS or 300)
    return value


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache; mark everything else private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            response = self.get_response(request)
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_store=True)
            return response
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.CDHR_BROWSER_CACHE_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, settings.CDHR_PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_request(request):
        if not settings.CDHR_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return False
        if request.path_info.startswith(UNCACHED_PREFIXES) or "preview" in request.GET:
            return False
        # Any visitor who has signed in, or holds a session, sees pages made for them: never from the cache.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        return not request.user.is_authenticated

    @staticmethod
    def _cacheable_response(response):
        # A view that keeps its own answers (share cards, per page, so that deleting a page deletes them) opts out.
        return (
            not getattr(response, "page_cache_exempt", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request):
        digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        return f"page:{content_generation()}:{digest}"
