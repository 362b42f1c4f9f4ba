"""Changing a defender's safety level: the two ways it can happen, both at once and in the audit log.

- Raising it is an emergency, like the take-down: whoever may raise (moderators and consortium editors) does it in
  one confirmation, and it acts on the published person at once — every language, every channel, the addresses that
  carried the old name. It never waits for a draft to be approved.
- Lowering it (showing more of the person) needs a moderator and the person's consent, recorded with it.

The level is never part of a draft or a revision (Defender.with_content_json), so these are the only two paths.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log

from cdhr_cms.cache import purge_hard

from .redaction import forget_hidden_words, hidden_words, names_hidden_words, redact_page_words
from .safety import SafetyLevel, is_raise

RAISE_PERMISSION = "defenders.raise_safety_level"
LOWER_PERMISSION = "defenders.lower_safety_level"


def can_raise(user):
    return user.is_authenticated and user.has_perm(RAISE_PERMISSION)


def can_lower(user):
    return user.is_authenticated and user.has_perm(LOWER_PERMISSION)


def _purge_frontend_cache(urls):
    """A CDN or caching proxy in front (FRONTEND_CACHE_URL, Cloudflare, CloudFront) forgets these addresses."""
    if not frontend_cache_configured():
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_urls(urls)
    batch.purge()


def _hidden_image_ids():
    from .files import hidden_image_ids  # defenders.files reads the models, which read this module

    return hidden_image_ids()


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def urls_showing(person, pictures_hidden_before):
    """The public addresses besides the person's profiles that may have shown what a change hides, for a CDN to
    forget at once rather than serve for up to `BROWSER_CACHE_SECONDS`: the files of every picture the change hides
    (originals and renditions, copies included), the home pages, the defenders' directories, the sitemaps, and what
    other apps name (`urls_naming_a_person`: the person's tours, their programmes, the agenda)."""
    from wagtail.images import get_image_model

    from home.models import HomePage
    from home.site_url import absolute_url

    from .models import DefenderIndexPage

    urls = set()
    newly_hidden = _hidden_image_ids() - set(pictures_hidden_before)
    for image in get_image_model().objects.filter(pk__in=newly_hidden).prefetch_related("renditions"):
        urls.add(absolute_url(image.file.url))
        urls.update(absolute_url(rendition.url) for rendition in image.renditions.all())
    for page in [*HomePage.objects.live(), *DefenderIndexPage.objects.live()]:
        if page.full_url:
            urls.add(page.full_url)
    urls.add(absolute_url(reverse("sitemap")))
    urls.update(absolute_url(reverse("sitemap_language", args=[code])) for code, _name in settings.LANGUAGES)
    for hook in hooks.get_hooks("urls_naming_a_person"):
        urls.update(hook(person))
    return urls


def _retire(person, name):
    name = (name or "").strip()
    if name and name != person.display_name and name not in person.former_names:
        person.former_names = [*person.former_names, name]


def _rebase_draft(person, fields):
    """A draft made before this change keeps the old name: give it the new one, so that approving it later cannot
    bring the name back. Scheduled revisions, made with the old name, are unscheduled."""
    person.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
    if not person.has_unpublished_changes or person.latest_revision is None:
        return
    draft = person.latest_revision.as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision(log_action=False, clean=False)


def _urls(person):
    return [page.full_url for page in person.profiles.all() if page.full_url]


def _follow(person, old_urls, pictures_hidden_before=None):
    """Every profile page of the person takes the new name and address (Defender.save has done it already for a
    published person); caches forget the old addresses, and, when the change hides more (`pictures_hidden_before`:
    the images hidden before it), every address that may have shown what it hides."""
    for page in person.profiles.all():
        page.follow_person()
    new_urls = _urls(person)
    purge_hard()  # never served stale, not even for a moment (cdhr_cms/cache.py)
    urls = set(old_urls + new_urls)
    if pictures_hidden_before is not None and frontend_cache_configured():
        urls |= urls_showing(person, pictures_hidden_before)
    _purge_frontend_cache(sorted(urls))
    return [url for url in old_urls if url not in new_urls]


@dataclass
class Raised:
    retired_urls: list  # addresses that carried the old name and no longer answer
    words_cleaned: int  # words of the profiles' text that named what is hidden now


def clean_words(person, user):
    """The profiles' words may name the person as they were shown until now ("Grace Wanjiru founded…"): in every
    language, the live text and the latest draft are cleaned at once (defenders/redaction.py). Returns how many
    words were replaced."""
    total = 0
    words = hidden_words(person)
    for page in person.profiles.all():
        draft, revision = None, page.latest_revision
        if page.has_unpublished_changes and revision and names_hidden_words(revision.content, words):
            # Loading the draft through its revision cleans it (DefenderPage.with_content_json).
            draft = revision.as_object()
        replaced = redact_page_words(page)
        if replaced and page.live:
            # Published whoever raised the level: the raise itself is the decision, and a consortium editor, who may
            # raise but not publish pages, had been refused the whole raise whenever the words needed cleaning.
            page.save_revision(user=user, clean=False, log_action=False).publish(user=None, log_action=False)
        total += replaced
        if draft is not None:
            draft.save_revision(user=user, clean=False, log_action=False)
    return total


@transaction.atomic
def raise_level(person, user, level, display_name, reason):
    """Show less of `person` from now on, in every language."""
    person = type(person).objects.select_for_update().get(pk=person.pk)
    old_level, old_name = person.safety_level, person.display_name
    if not is_raise(old_level, level):
        raise ValueError(f"{old_level} → {level} is not a raise")
    old_urls = _urls(person)
    pictures_hidden_before = _hidden_image_ids() if frontend_cache_configured() else None
    person.display_name = display_name.strip()
    _retire(person, old_name)
    person.safety_level = level
    person.level_changed_at = timezone.now()
    person.save()
    _rebase_draft(person, {"display_name": person.display_name})
    retired = _follow(person, old_urls, pictures_hidden_before)
    words_cleaned = clean_words(person, user)
    history_cleaned = forget_hidden_words(person, list(person.profiles.all()))
    log(
        instance=person,
        action="defenders.raise_safety_level",
        user=user,
        data={
            "from": old_level,
            "to": level,
            "reason": reason,
            "renamed": old_name != person.display_name,
            "words_cleaned": words_cleaned,
            "history_cleaned": history_cleaned,
        },
    )
    for page in person.profiles.all():
        log(instance=page, action="defenders.raise_safety_level", user=user, data={"from": old_level, "to": level})
    return Raised(retired_urls=retired, words_cleaned=words_cleaned)


@transaction.atomic
def record_consent(person, user, level, consent_date, scope, review_date=None):
    """Record the person's consent (date, scope, who recorded it) and set the level it allows: the only way to show
    more of someone. A moderator's action; the caller checks `can_lower`."""
    person = type(person).objects.select_for_update().get(pk=person.pk)
    old_level = person.safety_level
    old_urls = _urls(person)
    if is_raise(old_level, level):
        raise ValueError("use raise_level to show less of someone")
    person.consent_date = consent_date
    person.consent_scope = scope
    person.consent_recorded_by = user
    person.consent_review_date = review_date
    if level != old_level:
        person.safety_level = level
        person.level_changed_at = timezone.now()
    person.save()
    _follow(person, old_urls)
    # Which fields changed, not their values: the log is read more widely than the consent record itself.
    log(instance=person, action="defenders.consent_change", user=user, data={"level": level})
    if level != old_level:
        log(instance=person, action="defenders.lower_safety_level", user=user, data={"from": old_level, "to": level})
        for page in person.profiles.all():
            log(instance=page, action="defenders.lower_safety_level", user=user, data={"from": old_level, "to": level})


def levels_above(level):
    """The levels a raise from `level` may choose, most open first."""
    return [choice for choice in SafetyLevel if is_raise(level, choice)]


def levels_at_or_below(level):
    return [choice for choice in SafetyLevel if not is_raise(level, choice)]
