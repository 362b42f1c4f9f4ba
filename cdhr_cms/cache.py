"""Caching of public pages for anonymous visitors, invalidated by any content change, without a stampede.

Every change to content the public can see — a page published or unpublished, a snippet, an event, an endorsement,
an image — bumps one "content generation" number kept in the cache. A cached page remembers the generation it was
rendered under. When the generation has moved on, the page is stale, and one request at a time re-renders it, holding
a short lock (`REVALIDATE_LOCK_SECONDS`), while the requests that come meanwhile get the copy from before
(`X-Cache: stale`): stale-while-revalidate, so that the workers do not all render the same page at once.

Which request waits for that render (issue 21, "invalidation that does not stampede"):
- The page that was itself published (the address it lives at) is rendered before answering by the first request
  that finds it stale, as with no cache (requests arriving during that render get the copy from before).
- Any other stale page, within `CDHR_SERVE_STALE_SECONDS` (30 by default) of the change that made it stale, is
  answered from the copy from before, and the same worker re-renders it right after the answer is sent (the
  response's closers run once the server has written it). Most changes make all pages stale at once; this keeps
  those renders off the readers' path; and at most `CDHR_REVALIDATIONS_AT_ONCE` such renders run at a time (the
  other stale pages are answered stale, and re-rendered by a later reader), so that the workers are not all busy
  rendering at once. A page stale for longer (a quiet site) is rendered before answering.
- Signed-in editors never get a cached page: what they check after a change is always fresh.

What a change makes stale (issue 21, "a change makes stale only what it touches"): everything, except when a page's
save changes only the fields its model declares as shown on that page alone (`page_only_fields`, e.g. a standard
page's introduction and body; the other fields, its title, address, menu flag, dates, are listed elsewhere). Such a
change moves a second counter, the "words generation", and records which pages it touched (their translation keys:
the page and its translations, which show the source's words where untranslated). A cached page served by another
page stays fresh across it; anything not served by a page of its own (search results, sitemaps, feeds, calendars,
exports) is stale after it as after any change. `tests/test_cache_scope.py` renders every page before and after such a
change to check that no other page shows those fields.

Safety comes first (README, "Defenders' safety"): a change that could expose a defender — anything about a person or
a profile (safety level, consent, take-down, erasure), an image or a document, a page unpublished or deleted, a view
restriction, any deletion — bumps a second, "hard" generation too (`purge_hard`). A page rendered before a hard
purge is never served again, not even stale: the next request renders it afresh, as with no cache.
With Redis (REDIS_URL) the generations and the pages are shared by all app servers.
"""

import dataclasses
import functools
import hashlib
import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.cache import patch_cache_control
from wagtail.signals import page_published, page_unpublished

GENERATION_KEY = "content-generation"
HARD_GENERATION_KEY = "content-generation-hard"
WORDS_GENERATION_KEY = "content-generation-words"
# A cached page behind by more words-generation steps than this is not checked step by step: it is stale.
WORDS_STEPS_CHECKED = 16
# A re-render that takes longer than this (or a worker killed while rendering) lets another request try.
REVALIDATE_LOCK_SECONDS = 5
# Saving rows of these apps is a hard change (see above): people, profiles, images, documents.
HARD_APPS = {"defenders", "wagtailimages", "wagtaildocs"}
# Of Wagtail's own rows, those that hide pages or files (a page's save is an ordinary edit).
HARD_WAGTAIL_MODELS = {
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.collection",
}
# Wagtail's rows the public never sees (revisions, log entries, the reference index, workflow states, comments…):
# a publish saves several, and each would make every cached page stale once more. Pages and the rows above count.
PUBLIC_WAGTAIL_MODELS = HARD_WAGTAIL_MODELS | {"wagtailcore.page"}
# A page saved with only these fields changed has a new draft or lock, which the public does not see (Wagtail's
# save_revision saves them; the publish that may follow sends its own signals).
DRAFT_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}
# Set by every publish, and shown only by the page itself (JSON-LD) and by sitemaps and feeds, which are not pages.
PUBLISH_FIELDS = {"live_revision", "last_published_at"}
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

logger = logging.getLogger(__name__)


def _first_generation():
    """Where a content generation starts when the cache has none (a new or emptied cache, a culled key): a random
    number, so that it never starts again at a value something was stored or remembered under before the reset."""
    return secrets.randbelow(2**40) + 1


def content_generation():
    """The generation anything derived from content is kept under (pages, navigation, print kit, share cards)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return _with_uncommitted(generation)


def generations():
    """(content generation, hard generation, words generation), in one round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, HARD_GENERATION_KEY, WORDS_GENERATION_KEY])
    hard, words = found.get(HARD_GENERATION_KEY), found.get(WORDS_GENERATION_KEY)
    if hard is None:
        # A new or culled counter starts at a random value, never again at one it held: pages cached before a safety
        # change under that value would count as current again (a file cache culls keys at random when full).
        cache.add(HARD_GENERATION_KEY, _first_generation(), timeout=None)
        hard = cache.get(HARD_GENERATION_KEY)
    if words is None:  # kept from the start, so that its first move is a step of one (cache entries count steps)
        cache.add(WORDS_GENERATION_KEY, _first_generation(), timeout=None)
        words = cache.get(WORDS_GENERATION_KEY, 0)
    if GENERATION_KEY not in found:
        return content_generation(), hard, words
    return _with_uncommitted(found[GENERATION_KEY]), hard, words


def _with_uncommitted(generation):
    """Inside a transaction that changed content and has not committed yet, this thread reads its own changes, which
    no other process sees: a generation of its own ("<shared>+<transaction>.<step>"), under which nothing shared is
    found. Named after the transaction and a step that never goes back: another transaction's uncommitted rows are
    never found under it, nor what this one kept before a part of it was rolled back."""
    changes = _uncommitted()
    return f"{generation}+{changes.name}.{changes.step}" if changes else generation


def uncommitted(generation):
    return isinstance(generation, str)


def as_seen_here(generation):
    """`generation`, read earlier in this request, as this thread sees it now (`_with_uncommitted`): its own once it
    has changed content since, at the step its changes have reached, so that what it reads afterwards is kept
    neither under the shared generation nor under an earlier step of its own."""
    if uncommitted(generation):
        generation = int(generation.partition("+")[0])
    return _with_uncommitted(generation)


def _incr(key, first):
    """The value of `key` after adding one (or `first`, where the cache had none)."""
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, first, timeout=None)
        return first


def _moved_at_key(generation):
    return f"generation-moved-at:{generation}"


def _published_key(path):
    return f"published-at:{hashlib.sha256(path.encode()).hexdigest()}"


def _words_change_key(words):
    return f"words-change:{words}"


def _record_timeout():
    """How long what a change touched is kept: as long as a page cached before it may live."""
    return max(settings.CDHR_PAGE_CACHE_SECONDS, settings.CDHR_SERVE_STALE_SECONDS) + 5


def _bump(published_paths=()):
    """Move the content generation on; note when, and which addresses were themselves published in that change."""
    generation = _incr(GENERATION_KEY, _first_generation())
    changes = {_moved_at_key(generation): time.time()}
    changes.update({_published_key(path): generation for path in published_paths})
    cache.set_many(changes, timeout=_record_timeout())


def _bump_words(pages, published_paths=()):
    """Move the words generation on a step, recording first what the change touched: only the pages (translation
    keys) whose `page_only_fields` changed. Recorded before the step is taken, so that no reader meets a step without
    its record; where another change takes the same step meanwhile (two publishes at once), the content generation
    moves instead, and every page is stale."""
    words = cache.get(WORDS_GENERATION_KEY)
    touched = {"pages": frozenset(pages), "published": frozenset(published_paths), "at": time.time()}
    if words is None or not cache.add(_words_change_key(words + 1), touched, timeout=_record_timeout()):
        _bump(published_paths)
        return
    if _incr(WORDS_GENERATION_KEY, _first_generation()) != words + 1:
        _bump(published_paths)


def _bump_hard(published_paths=()):
    _incr(HARD_GENERATION_KEY, _first_generation())
    _bump(published_paths)


def bump_generation(published_paths=(), pages=None, **kwargs):
    """Cached pages are now stale: each is re-rendered by one request while others may still get the old copy.
    With `pages` (translation keys), only those pages' own fields changed (see the module's docstring): the other
    pages stay fresh.

    Inside a transaction, the shared generation moves once, when it commits: before that, other processes can only
    render the rows from before, and moving it at each of the rows a publish saves made every worker render every
    page several times per publish (bench/loadfault.py). Until the commit, this thread reads its own changes under a
    generation of its own (`_with_uncommitted`)."""
    if not transaction.get_connection().in_atomic_block:
        if pages is None:
            _bump(published_paths)
        else:
            _bump_words(pages, published_paths)
        return
    _note_uncommitted(published_paths, pages)


def _note_uncommitted(published_paths=(), pages=None, hard=False):
    changes = _uncommitted() or _Uncommitted(name=secrets.token_hex(8))
    _local.uncommitted = changes
    changes.step += 1
    changes.published_paths |= set(published_paths)
    if pages is None:
        changes.everything = True
    else:
        changes.pages |= set(pages)
    changes.hard = changes.hard or hard
    # One callback per change (a savepoint rolled back drops its own); the first to run moves the generation for all.
    changes.latest = changes.bump_at_commit
    transaction.on_commit(changes.latest)


def purge_hard(**kwargs):
    """No page cached before now is served again, even stale (the safety paths: defenders/levels.py, takedown.py,
    erasure.py, and every hard change). Now, and again on commit, for a page rendered from the old rows meanwhile.
    Until that commit, this thread reads its own rows under a generation of its own, as after any change in a
    transaction: what it renders meanwhile is never served to others, nor found once the transaction is rolled back
    (kept under the new shared generation, a rolled-back name would stay on the site)."""
    _bump_hard()
    if transaction.get_connection().in_atomic_block:
        _note_uncommitted(hard=True)


# This thread's content changes in its open transaction (`_Uncommitted`), if any.
_local = threading.local()


@dataclasses.dataclass(eq=False)
class _Uncommitted:
    """One transaction's content changes, not committed yet: which published pages' addresses, which pages' own
    fields, whether any was a safety change. Its callbacks move the shared generations at commit from what it
    holds, whatever this thread's state by then (Django empties its list of callbacks before running them)."""

    name: str
    step: int = 0
    latest: object = None  # the callback of its latest change
    published_paths: set = dataclasses.field(default_factory=set)
    pages: set = dataclasses.field(default_factory=set)
    everything: bool = False
    hard: bool = False
    done: bool = False

    def bump_at_commit(self):
        if self.done:
            return  # an earlier callback of the same commit has moved the generation already
        self.done = True
        if getattr(_local, "uncommitted", None) is self:
            _local.uncommitted = None
        if self.hard:
            _bump_hard(self.published_paths)
        elif self.everything:
            _bump(self.published_paths)
        else:
            _bump_words(self.pages, self.published_paths)


def _uncommitted():
    """This thread's changes still to be committed (`_Uncommitted`), or None: those whose callbacks the connection
    still holds, since rolling back a transaction or a savepoint drops the callbacks registered in it (the newest)."""
    changes = getattr(_local, "uncommitted", None)
    if changes is None:
        return None
    hooks = [callback for _ids, callback, _robust in transaction.get_connection().run_on_commit]
    if any(callback is changes.latest for callback in reversed(hooks)):
        return changes
    ours = [callback for callback in hooks if getattr(callback, "__self__", None) is changes]
    if not ours:
        _local.uncommitted = None  # rolled back: those changes are gone
        return None
    # A savepoint rolled back, with the latest change: a step past what was kept since.
    changes.step, changes.latest = changes.step + 1, ours[-1]
    return changes


def _on_page_published(sender, instance, **kwargs):
    """A published page's own address is never answered from the copy from before its publication."""
    url_parts = instance.get_url_parts()
    bump_generation(published_paths=[url_parts[2]] if url_parts else [], pages=_pages_touched(instance))


def _pages_touched(instance):
    """The pages a save of `instance` touched, when it changed only its `page_only_fields`: itself and its translations
    (their translation key). None: any page may show the change."""
    return [str(instance.translation_key)] if getattr(instance, "_page_only_change", False) else None


def _note_page_only_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: whether this save of a page changes only fields shown on that page alone (`page_only_fields`)."""
    own = getattr(sender, "page_only_fields", None)
    if not own or raw or instance.pk is None:
        return
    unseen = set(own) | DRAFT_FIELDS | PUBLISH_FIELDS
    if _saved_apart(sender) - unseen:
        # Many-to-many and inline rows are written after this save, and not compared here: any change may hold one.
        instance._page_only_change = False
        return
    if update_fields is not None:
        instance._page_only_change = set(update_fields) <= unseen
        return
    compared = [field.attname for field in sender._meta.concrete_fields if field.name not in unseen]
    before = sender._base_manager.filter(pk=instance.pk).values(*compared).first()
    instance._page_only_change = before is not None and all(
        before[name] == getattr(instance, name) for name in compared
    )


@functools.cache
def _saved_apart(model):
    """Names of `model`'s relations whose rows are saved after the page's own row (many-to-many, inline children)."""
    from modelcluster.models import get_all_child_relations

    return {field.name for field in model._meta.many_to_many} | {
        relation.get_accessor_name() for relation in get_all_child_relations(model)
    }


def _on_model_change(sender, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    if sender._meta.app_label == "wagtailcore" and sender._meta.label_lower not in PUBLIC_WAGTAIL_MODELS:
        return
    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= DRAFT_FIELDS:
        return
    # A rendition saved on first view is derived data, not a change of content: it must not throw away every cached
    # page and print file (a poster's first rendering makes its portraits' renditions). Deleting one still counts.
    if "created" in kwargs and _is_rendition(sender):
        return
    if "created" not in kwargs or _is_hard(sender):
        purge_hard()
    else:
        bump_generation(pages=_pages_touched(kwargs["instance"]))


def _on_links_change(sender, action, **kwargs):
    """Links of a many-to-many relation added, removed or cleared (an event's defenders): saved in bulk, they send no
    `post_save`, and pages list what they link (the people named next to an event, read once with it). A link taken
    away may hide someone, as a deletion may: a hard change."""
    if not action.startswith("post_") or sender._meta.app_label not in CONTENT_APPS:
        return
    if action == "post_add":
        bump_generation()
    else:
        purge_hard()


def _is_hard(model):
    """Saving a row of `model` may hide something that must not be shown one moment longer."""
    if model._meta.app_label in HARD_APPS:
        return True
    return model._meta.label_lower in HARD_WAGTAIL_MODELS


def _is_rendition(model):
    from wagtail.images.models import AbstractRendition

    return issubclass(model, AbstractRendition)


def connect_signals():
    pre_save.connect(_note_page_only_change, dispatch_uid="cdhr-cache-page-only")
    post_save.connect(_on_model_change, dispatch_uid="cdhr-cache-post-save")
    post_delete.connect(_on_model_change, dispatch_uid="cdhr-cache-post-delete")
    m2m_changed.connect(_on_links_change, dispatch_uid="cdhr-cache-links")
    page_published.connect(_on_page_published, dispatch_uid="cdhr-cache-published")
    page_unpublished.connect(purge_hard, dispatch_uid="cdhr-cache-unpublished")


def fragment(name, language, build, timeout=None):
    """A cached piece of the site chrome (navigation, footer, the agenda's filter options), rebuilt when content
    changes."""
    key = f"fragment:{name}:{language}:{content_generation()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout or settings.CDHR_PAGE_CACHE_SECONDS or 300)
    return value


def mark_served_page(response, page):
    """Note on `response` the page that served it: a change of another page's own fields leaves it fresh."""
    response.served_page = str(page.translation_key)
    return response


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
        generation, hard, words = generations()
        entry = cache.get(key)
        if entry is None or len(entry) != 5:  # not cached (or cached by a release that kept less)
            return self._render(request, key, generation, hard, words)
        rendered_under, rendered_hard, rendered_words, owner, cached = entry
        if rendered_hard != hard:  # rendered before a safety change: never served again
            return self._render(request, key, generation, hard, words)
        if rendered_under == generation:
            stale_since = self._stale_since_words(request, rendered_words, words, owner)
            if stale_since is None:
                cached["X-Cache"] = "hit"
                if rendered_words != words:  # fresh across other pages' changes: checked once, not at every hit
                    cache.set(key, (generation, hard, words, owner, cached), settings.CDHR_PAGE_CACHE_SECONDS)
                return cached
        if uncommitted(rendered_under) or uncommitted(generation):
            # Rendered from, or asked for by, a transaction not committed yet: only for that thread, never stale.
            return self._render(request, key, generation, hard, words)
        if rendered_under != generation:
            stale_since = self._stale_since_content(request, rendered_under)
        lock = f"revalidating:{key}"
        if not cache.add(lock, 1, REVALIDATE_LOCK_SECONDS):
            # Another request is rendering this page: the copy from before the (ordinary) change meanwhile.
            cached["X-Cache"] = "stale"
            return cached
        if self._may_answer_stale(request, stale_since):
            cached["X-Cache"] = "stale"
            slot = self._revalidation_slot()
            if slot is None:
                # As many workers as allowed are re-rendering other pages: this one waits for a later reader.
                cache.delete(lock)
            else:
                cached._resource_closers.append(
                    lambda: self._revalidate(request, key, (generation, hard, words), lock, slot)
                )
            return cached
        try:
            return self._render(request, key, generation, hard, words)
        finally:
            cache.delete(lock)

    @staticmethod
    def _stale_since_content(request, rendered_under):
        """When a page rendered under content generation `rendered_under` went stale (0: unknown, or its own address
        was published since, so it is not answered stale)."""
        moved_at_key, published_key = _moved_at_key(rendered_under + 1), _published_key(request.path)
        found = cache.get_many([moved_at_key, published_key])
        if found.get(published_key, rendered_under) > rendered_under:
            return 0
        return found.get(moved_at_key, 0)

    @staticmethod
    def _stale_since_words(request, rendered_words, words, owner):
        """None when no page-only change since words generation `rendered_words` touched the page that served this
        answer (`owner`, a translation key; None for answers that are not a page of their own, which any change
        makes stale); else when it went stale, as `_stale_since_content`."""
        if rendered_words == words:
            return None
        steps = words - rendered_words
        if not 0 < steps <= WORDS_STEPS_CHECKED:
            return 0
        keys = [_words_change_key(rendered_words + n) for n in range(1, steps + 1)]
        found = cache.get_many(keys)
        if len(found) < len(keys):
            return 0  # a change whose record is gone (expired, culled): what it touched is unknown
        touching = [found[key] for key in keys if owner is None or owner in found[key]["pages"]]
        if not touching:
            return None
        if any(request.path in change["published"] for change in touching):
            return 0
        return touching[0]["at"]

    @staticmethod
    def _may_answer_stale(request, stale_since):
        """Whether a stale page may be answered from the copy from before while it is re-rendered after the answer:
        it went stale within CDHR_SERVE_STALE_SECONDS, and its own address was not published since."""
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            # ConditionalGetMiddleware may answer 304 with a response of its own, which would not re-render after.
            return False
        return bool(stale_since) and time.time() - stale_since <= settings.CDHR_SERVE_STALE_SECONDS

    @staticmethod
    def _revalidation_slot():
        """One of CDHR_REVALIDATIONS_AT_ONCE places to re-render a stale page after answering, or None when all are
        taken. Most changes make every page stale at once: were each worker to take one of them, all would be busy
        rendering together while readers queue (bench/loadfault.py measured that)."""
        for number in range(settings.CDHR_REVALIDATIONS_AT_ONCE):
            slot = f"revalidation-slot:{number}"
            if cache.add(slot, 1, REVALIDATE_LOCK_SECONDS):
                return slot
        return None

    def _revalidate(self, request, key, current, lock, slot):
        """Render the page again once the stale copy has been sent (run by the response's closers)."""
        try:
            self._render(request, key, *current).close()
        except Exception:  # a reader already has their answer; the next request finds the page stale and tries again
            logger.exception("Re-rendering %s after answering from the stale copy failed", request.path)
        finally:
            cache.delete_many([lock, slot])

    def _render(self, request, key, generation, hard, words):
        response = self.get_response(request)
        if self._cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.CDHR_BROWSER_CACHE_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            owner = getattr(response, "served_page", None)
            cache.set(key, (generation, hard, words, owner, response), settings.CDHR_PAGE_CACHE_SECONDS)
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
