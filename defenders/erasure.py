"""Erasure of a defender ("right to be forgotten", or a defender whose safety needs every trace gone).

The take-down (takedown.py) hides a profile and can be undone; erasure cannot. It deletes the profile in every
language with everything that copies its words or pictures: revisions, wagtail-localize's sources, strings and
translations, search index entries, reference index rows, workflow states, subscriptions, aliases, tour and event
links, the images only this profile used (originals and renditions, files included) and cached pages. The audit
log keeps that something happened, when and by whom, but not what the profile said: its entries are renamed
"erased defender #<id>" and their data emptied.

Not done automatically, because it needs a person's judgement: text written elsewhere that names the defender (an
event title such as "Talk with <name>", a news article, a rich-text link's words). `ErasureReport` lists the events
and pages that mentioned or linked to the profile so that a moderator can edit them.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.admin.models import EditingSession
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    ModelLogEntry,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    Site,
    WorkflowState,
)
from wagtail.search.models import IndexEntry
from wagtail_localize.models import (
    SegmentOverride,
    String,
    StringTranslation,
    Template,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
)

from cdhr_cms.cache import purge_hard

from .files import stored_files_of
from .models import Defender, DefenderPage, remove_from_search

ERASE_ACTION = "defenders.erase"
ERASE_PERMISSION = "defenders.erase_defender"


def can_erase(user):
    return user.is_authenticated and user.has_perm(ERASE_PERMISSION)


def pseudonym(page_id):
    return f"erased defender #{page_id}"


@dataclass
class ErasureReport:
    defender_id: int
    page_ids: list = field(default_factory=list)
    images_deleted: list = field(default_factory=list)
    images_kept: list = field(default_factory=list)
    tours_unlinked: list = field(default_factory=list)
    events_unlinked: list = field(default_factory=list)
    # Events whose own text (title, description, venue) names the defender: a moderator should reword them.
    events_mentioning_name: list = field(default_factory=list)
    # Pages whose content still links to the profile (rich text): the link is dead now; its words may name them.
    pages_linking: list = field(default_factory=list)
    log_entries_pseudonymised: int = 0


def _pages_to_erase(defender):
    same = Q(translation_key=defender.translation_key)
    if defender.person_id:
        same |= Q(person_id=defender.person_id)
    pages = list(DefenderPage.objects.filter(same).order_by("-depth", "pk"))
    aliases = [page.specific for page in Page.objects.filter(alias_of__in=pages).exclude(pk__in=[p.pk for p in pages])]
    # Aliases first: deleting an original would turn its aliases into ordinary copies of the profile.
    return aliases + pages


def _names(pages, people=()):
    values = [page.title for page in pages]
    for person in people:
        values += [person.display_name, person.legal_name, *person.former_names]
    return {value.strip() for value in values if value and len(value.strip()) >= 3}


def _people(pages):
    return list(Defender.objects.filter(pk__in={page.person_id for page in pages if page.person_id}))


def _person_revisions(people):
    content_type = ContentType.objects.get_for_model(Defender)
    return Revision.objects.filter(base_content_type=content_type, object_id__in=[str(p.pk) for p in people])


def _revisions(pages):
    content_type = ContentType.objects.get_for_model(Page)
    return Revision.objects.filter(base_content_type=content_type, object_id__in=[str(page.pk) for page in pages])


def _image_ids(pages, people):
    """Images used by the profile or the person now or in any revision: the portrait and images in the biography."""
    image_model = get_image_model()
    image_content_type = ReferenceIndex._get_base_content_type(image_model).pk
    ids = set()
    objects = list(pages) + [revision.as_object() for revision in _revisions(pages)]
    objects += list(people) + [revision.as_object() for revision in _person_revisions(people)]
    for obj in objects:
        if getattr(obj, "portrait_id", None):
            ids.add(obj.portrait_id)
        for content_type_id, object_id, _model_path, _content_path in ReferenceIndex._extract_references_from_object(
            obj
        ):
            if content_type_id == image_content_type:
                ids.add(int(object_id))
    return ids


def _relations_to_defenders():
    """(model, field) for every foreign key and many-to-many field pointing at DefenderPage, outside Wagtail's own
    page machinery (which deleting the page cascades): tours, events, resources, and whatever is added later."""
    relations = []
    for related in DefenderPage._meta.related_objects:
        # Relations to Page in general (aliases, redirects, permissions, subscriptions) are Wagtail's: deleting the
        # page takes care of them.
        if related.field.related_model is not DefenderPage or not related.field.concrete:
            continue
        if related.many_to_many or related.one_to_many:
            relations.append((related.related_model, related.field))
    return relations


def _owning_page_id(obj):
    """The page whose revisions carry `obj`: the page itself, or the parent of an inline (ParentalKey)."""
    if isinstance(obj, Page):
        return obj.pk
    for model_field in obj._meta.get_fields():
        if isinstance(model_field, ParentalKey):
            parent_id = getattr(obj, model_field.attname)
            return _owning_page_id(model_field.related_model.objects.get(pk=parent_id)) if parent_id else None
    return None


def _drop_ids(content, fk_names, m2m_names, ids):
    """Remove the erased pages' ids from a revision's serialised content (in place). Returns True if it changed."""
    changed = False
    if isinstance(content, dict):
        for key, value in content.items():
            if key in m2m_names and isinstance(value, list):
                kept = [item for item in value if item not in ids]
                if len(kept) != len(value):
                    content[key] = kept
                    changed = True
            elif isinstance(value, (dict, list)):
                changed |= _drop_ids(value, fk_names, m2m_names, ids)
    elif isinstance(content, list):
        kept = [item for item in content if not (isinstance(item, dict) and any(item.get(k) in ids for k in fk_names))]
        if len(kept) != len(content):
            content[:] = kept
            changed = True
        for item in content:
            changed |= _drop_ids(item, fk_names, m2m_names, ids)
    return changed


def _unlink(pages, names, report):
    """Remove tour, event and resource links to the profile, from the rows and from their pages' revisions."""
    ids = {page.pk for page in pages}
    owners = set()
    fk_names, m2m_names = set(), set()
    for model, relation in _relations_to_defenders():
        if relation.many_to_many:
            m2m_names.add(relation.name)
            linked = model.objects.filter(**{f"{relation.name}__in": ids}).distinct()
            for obj in linked:
                owners.add(_owning_page_id(obj))
                getattr(obj, relation.name).remove(*ids)
                if model._meta.label == "editions.Event":
                    report.events_unlinked.append(obj.pk)
                    text = " ".join(str(getattr(obj, name, "")) for name in ("title", "description", "venue_name"))
                    if any(name.lower() in text.lower() for name in names):
                        report.events_mentioning_name.append(obj.pk)
        else:
            fk_names.add(relation.name)
            linked = model.objects.filter(**{f"{relation.name}__in": ids})
            for obj in linked:
                owners.add(_owning_page_id(obj))
                if model._meta.label == "editions.EditionDefender":
                    report.tours_unlinked.append(obj.page_id)
            linked.delete()
    owners.discard(None)
    owners -= ids
    for revision in _revisions(Page.objects.filter(pk__in=owners)):
        if _drop_ids(revision.content, fk_names, m2m_names, ids):
            revision.save(update_fields=["content"])
    for page in Page.objects.filter(pk__in=owners).specific():
        ReferenceIndex.create_or_update_for_object(page)
    return owners


def _erase_translation_data(translation_key):
    """wagtail-localize's copies of the profile: its source (content JSON), segments, contexts, translations, logs,
    overrides, and the strings and rich-text templates no other source uses."""
    sources = TranslationSource.objects.filter(object_id=translation_key)
    string_ids = set(String.objects.filter(segments__source__in=sources).values_list("pk", flat=True))
    template_ids = set(Template.objects.filter(segments__source__in=sources).values_list("pk", flat=True))
    # Sources first: their segments (and translations, logs) cascade, and segments protect the contexts.
    sources.delete()
    # Translations and overrides made in the contexts would outlive them (SET_NULL): they go before the contexts.
    contexts = TranslationContext.objects.filter(object_id=translation_key)
    StringTranslation.objects.filter(context__in=contexts).delete()
    SegmentOverride.objects.filter(context__in=contexts).delete()
    contexts.delete()
    TranslatableObject.objects.filter(translation_key=translation_key).delete()
    String.objects.filter(pk__in=string_ids, segments__isnull=True).delete()
    Template.objects.filter(pk__in=template_ids, segments__isnull=True).delete()


def _pseudonymise_log(pages):
    page_ids = [page.pk for page in pages]
    entries = PageLogEntry.objects.filter(page_id__in=page_ids).exclude(action=ERASE_ACTION)
    count = 0
    for page_id in page_ids:
        count += entries.filter(page_id=page_id).update(label=pseudonym(page_id), data={}, revision=None)
    return count


def _image_used_elsewhere(image, erased_ids, people):
    references = (
        ReferenceIndex.get_references_to(image)
        .exclude(
            base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(pk) for pk in erased_ids]
        )
        .exclude(
            base_content_type=ReferenceIndex._get_base_content_type(Defender),
            object_id__in=[str(person.pk) for person in people],
        )
    )
    return (
        references.exists() or Defender.objects.filter(portrait=image).exclude(pk__in=[p.pk for p in people]).exists()
    )


def _delete_image(image):
    """Delete an image, its renditions and every file derived from it, known to the database or not (a duplicate
    rendition written by a race, say). The files go once the transaction commits, so a failure before that leaves
    the site consistent (rows and files both still there)."""
    storage = image.file.storage
    names = stored_files_of(image, storage)
    image_content_type = ContentType.objects.get_for_model(type(image))
    ModelLogEntry.objects.filter(content_type=image_content_type, object_id=str(image.pk)).update(
        label=f"erased image #{image.pk}", data={}, revision=None
    )
    image.renditions.all().delete()
    image.delete()

    def remove_files():
        for name in names:
            if name and storage.exists(name):
                storage.delete(name)

    transaction.on_commit(remove_files)


class _CacheKeyRequest:
    """Just enough of a request for the page cache to compute a key."""

    def __init__(self, host, path):
        self.host, self.path = host, path

    def get_host(self):
        return self.host

    def get_full_path(self):
        return self.path


def _forget_cached_pages(paths):
    """Delete the profile's cached pages now rather than let its HTML wait in the cache (Redis, say) until it
    expires; then a hard purge makes every other cached page (a directory listing it, a tour) unusable at once, not
    even served stale (cdhr_cms/cache.py)."""
    from cdhr_cms.cache import PublicPageCacheMiddleware

    hosts = {host for host in settings.ALLOWED_HOSTS if host and "*" not in host and not host.startswith(".")}
    hosts |= {site.hostname for site in Site.objects.all()}
    cache.delete_many(
        [PublicPageCacheMiddleware._key(_CacheKeyRequest(host, path)) for host in hosts for path in paths]
    )
    purge_hard()


@transaction.atomic
def erase_defender(defender, user=None):
    """Erase `defender` (a DefenderPage, any of its translations) and everything derived from it. Irreversible."""
    defender = defender.specific
    pages = _pages_to_erase(defender)
    people = _people(pages)
    report = ErasureReport(defender_id=defender.pk, page_ids=[page.pk for page in pages])
    names = _names(pages, people) | _names(revision.as_object() for revision in _revisions(pages))
    names |= _names([], [revision.as_object() for revision in _person_revisions(people)])
    image_ids = _image_ids(pages, people)
    # Paths as the page cache sees them (request.get_full_path()), without the host get_url() adds for multi-site.
    paths = [parts[2] for parts in (page.get_url_parts() for page in pages if page.live) if parts]
    erased_ids = {page.pk for page in pages}
    owners = _unlink(pages, names, report)
    page_content_type = ContentType.objects.get_for_model(Page)
    linking = ReferenceIndex.objects.filter(
        to_content_type=page_content_type, to_object_id__in=[str(pk) for pk in erased_ids]
    ).exclude(base_content_type=page_content_type, object_id__in=[str(pk) for pk in erased_ids])
    report.pages_linking = sorted(
        {int(pk) for pk in linking.filter(base_content_type=page_content_type).values_list("object_id", flat=True)}
        - owners
    )
    linking.delete()

    # Who had the page open in the editor (generic relations: deleting the page would leave them).
    EditingSession.objects.filter(object_id__in=[str(pk) for pk in erased_ids]).filter(
        content_type__in=[ContentType.objects.get_for_model(page, for_concrete_model=False) for page in pages]
        + [page_content_type]
    ).delete()
    for page in pages:
        WorkflowState.objects.filter(base_content_type=page_content_type, object_id=str(page.pk)).delete()
        if page.live:
            page.unpublish(set_expired=False, commit=True, log_action=False)
        remove_from_search(page)
        ReferenceIndex.remove_for_object(page)

    _revisions(pages).delete()
    for page in pages:
        # Written while the page exists (a log entry must point at one); it stays, like the others, once it is gone.
        log(
            instance=page,
            action=ERASE_ACTION,
            user=user,
            title=pseudonym(page.pk),
            data={"pages": len(erased_ids)},
            deleted=True,
        )
    _erase_translation_data(defender.translation_key)
    for page in pages:
        # Re-read: deleting an earlier page of the list (an alias's original) changed this one's tree fields.
        Page.objects.get(pk=page.pk).specific.delete()
    # After the deletion, which logs entries of its own under the page's title.
    report.log_entries_pseudonymised = _pseudonymise_log(pages)
    report.log_entries_pseudonymised += _erase_people(people, erased_ids)

    image_model = get_image_model()
    for image in image_model.objects.filter(pk__in=image_ids):
        if _image_used_elsewhere(image, erased_ids, people):
            report.images_kept.append(image.pk)
        else:
            report.images_deleted.append(image.pk)
            _delete_image(image)
    _forget_search_queries(names)
    _compact_sqlite_search_index()

    purge_hard()  # now, and again on commit
    transaction.on_commit(lambda: _forget_cached_pages(paths))
    return report


def _erase_people(people, erased_ids):
    """The person records behind the erased profiles, unless another profile still shows them: their revisions,
    workflows, editing sessions and portrait descriptions go; their log entries keep only that something happened."""
    content_type = ContentType.objects.get_for_model(Defender)
    count = 0
    for person in people:
        if DefenderPage.objects.filter(person=person).exclude(pk__in=erased_ids).exists():
            continue
        object_id = str(person.pk)
        WorkflowState.objects.filter(base_content_type=content_type, object_id=object_id).delete()
        EditingSession.objects.filter(content_type=content_type, object_id=object_id).delete()
        ReferenceIndex.remove_for_object(person)
        Defender.objects.filter(pk=person.pk).update(latest_revision=None, live_revision=None)
        _person_revisions([person]).delete()
        count += ModelLogEntry.objects.filter(content_type=content_type, object_id=object_id).update(
            label=f"erased defender #{person.pk}", data={}, revision=None
        )
        person.delete()
    return count


def _compact_sqlite_search_index():
    """SQLite's full-text index (Wagtail's database search backend) keeps a deleted row's words in its b-tree pages
    until the segments are merged: merge them now. PostgreSQL keeps nothing once the row is deleted (dead tuples
    aside, which VACUUM reclaims)."""
    if connection.vendor != "sqlite":
        return
    table = f"{IndexEntry._meta.db_table}_fts"
    if table not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        quoted = connection.ops.quote_name(table)
        # The table name is our own model's, quoted; nothing here comes from a request.
        cursor.execute(f"INSERT INTO {quoted}({quoted}) VALUES ('optimize')")  # noqa: S608


def _forget_search_queries(names):
    """Visitors' searches for the name, when search queries are recorded (Wagtail's search promotions app)."""
    if not apps.is_installed("wagtail.contrib.search_promotions"):
        return
    from wagtail.contrib.search_promotions.models import Query

    for name in names:
        Query.objects.filter(query_string__icontains=name).delete()
