"""Caching of public pages for anonymous visitors, invalidated by any content change, without a stampede.

Every change to content the public can see — a page published or unpublished, a snippet, an event, an endorsement,
an image — bumps one "content generation" number kept in the cache. A cached page remembers the generation it was
rendered under. When the generation has moved on, the first request for that page re-renders it, holding a short
lock (`REVALIDATE_LOCK_SECONDS`), and requests that come meanwhile are served the stale copy (`X-Cache: stale`)
instead of all rendering the same page at once: stale-while-revalidate. A lone visitor never sees a stale page: the
request that finds it stale and takes the lock is the one that renders it.

Safety comes first (README, "Defenders' safety"): a change that could expose a defender — anything about a person or
a profile (safety level, consent, take-down, erasure), an image or a document, a page unpublished or deleted, a view
restriction, any deletion — bumps a second, "hard" generation too (`purge_hard`). A page rendered before a hard
purge is never served again, not even stale: the next request renders it afresh, as with no cache.
With Redis (REDIS_URL) the generations and the pages are shared by all app servers.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control
from wagtail.signals import page_published, page_unpublished

GENERATION_KEY = "content-generation"
HARD_GENERATION_KEY = "content-generation-hard"
# A re-render that takes longer than this (or a worker killed while rendering) lets another request try.
REVALIDATE_LOCK_SECONDS = 5
# Saving rows of these apps is a hard change (see above): people, profiles, images, documents.
HARD_APPS = {"defenders", "wagtailimages", "wagtaildocs"}
# Of Wagtail's own rows, those that hide pages or files (a page's save, revision or log entry is an ordinary edit).
HARD_WAGTAIL_MODELS = {
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.collection",
}
# Apps whose models appear on public pages. Saving any of their rows invalidates the cached pages.
CONTENT_APPS = {
    "home",
    "defenders",
    "editions",
    "statements",
    "news",
    "resources",
    "contact",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
}
# Never cached: staff areas, per-visitor answers and health checks.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/api/")


def _first_generation():
    """Where a content generation starts when the cache has none (a new or emptied cache, a culled key): a random
    number, so that it never starts again at a value something was stored or remembered under before the reset."""
    return secrets.randbelow(2**40) + 1


def content_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def generations():
    """(content generation, hard generation), in one round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, HARD_GENERATION_KEY])
    if GENERATION_KEY not in found:
        return content_generation(), found.get(HARD_GENERATION_KEY, 0)
    return found[GENERATION_KEY], found.get(HARD_GENERATION_KEY, 0)


def _incr(key, first):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, first, timeout=None)


def _bump():
    _incr(GENERATION_KEY, _first_generation())


def _bump_hard():
    _incr(HARD_GENERATION_KEY, 1)
    _incr(GENERATION_KEY, _first_generation())


def bump_generation(**kwargs):
    """Cached pages are now stale: each is re-rendered by one request while others may still get the old copy. Once
    more when the transaction commits: a page rendered from the old rows before the commit is stale too."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def purge_hard(**kwargs):
    """No page cached before now is served again, even stale (the safety paths: defenders/levels.py, takedown.py,
    erasure.py, and every hard change). Again on commit, for a page rendered from the old rows meanwhile."""
    _bump_hard()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_hard)


def _on_model_change(sender, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    # A rendition saved on first view is derived data, not a change of content: it must not throw away every cached
    # page and print file (a poster's first rendering makes its portraits' renditions). Deleting one still counts.
    if "created" in kwargs and _is_rendition(sender):
        return
    if "created" not in kwargs or _is_hard(sender):
        purge_hard()
    else:
        bump_generation()


def _is_hard(model):
    """Saving a row of `model` may hide something that must not be shown one moment longer."""
    if model._meta.app_label in HARD_APPS:
        return True
    return model._meta.label_lower in HARD_WAGTAIL_MODELS


def _is_rendition(model):
    from wagtail.images.models import AbstractRendition

    return issubclass(model, AbstractRendition)


def connect_signals():
    post_save.connect(_on_model_change, dispatch_uid="cdhr-cache-post-save")
    post_delete.connect(_on_model_change, dispatch_uid="cdhr-cache-post-delete")
    page_published.connect(bump_generation, dispatch_uid="cdhr-cache-published")
    page_unpublished.connect(purge_hard, dispatch_uid="cdhr-cache-unpublished")


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
        generation, hard = generations()
        entry = cache.get(key)
        if entry is not None:
            rendered_under, rendered_hard, cached = entry
            if rendered_under == generation and rendered_hard == hard:
                cached["X-Cache"] = "hit"
                return cached
            if rendered_hard != hard:  # rendered before a safety change: never served again
                return self._render(request, key, generation, hard)
            lock = f"revalidating:{key}"
            if not cache.add(lock, 1, REVALIDATE_LOCK_SECONDS):
                # Another request is rendering this page: the copy from before the (ordinary) change meanwhile.
                cached["X-Cache"] = "stale"
                return cached
            try:
                return self._render(request, key, generation, hard)
            finally:
                cache.delete(lock)
        return self._render(request, key, generation, hard)

    def _render(self, request, key, generation, hard):
        response = self.get_response(request)
        if self._cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.CDHR_BROWSER_CACHE_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, (generation, hard, response), settings.CDHR_PAGE_CACHE_SECONDS)
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
        return f"page:{digest}"
