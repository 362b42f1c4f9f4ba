"""Facts reach every language when the Catalan source is published; words wait for translators.

wagtail-localize copies synchronised fields (dates, events, images, relations, choices) only on "Sync translated
pages" followed by a publish in each language, and that path would also publish whatever strings translators have
saved but nobody has reviewed. Here, publishing a source page copies its synchronised fields, and the synchronised
fields of its translatable children (a programme's events, matched by translation key; a new event arrives with the
source's words until it is translated), onto each live translation, and publishes that — nothing a translator wrote
goes live by it. A translation's pending draft (under review) gets the same facts, so approving it later does not
bring old dates back.

References to translatable objects (a tour, a defender's profile, a theme) are replaced by the same object in the
translation's language when it exists.
"""

from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

# Page fields every translation sets for itself: its words, its address (translated slugs), its own schedule.
OWN_FIELDS = frozenset({"title", "slug", "seo_title", "search_description", "go_live_at", "expire_at"})


def _child_relations(model):
    return {relation.get_accessor_name(): relation for relation in get_all_child_relations(model)}


def fact_fields(model):
    return [
        field.field_name
        for field in get_translatable_fields(model)
        if isinstance(field, SynchronizedField) and field.field_name not in OWN_FIELDS
    ]


def translated_children(model):
    """Child relations whose objects hold both words and facts (e.g. a programme's events)."""
    relations = _child_relations(model)
    return [
        field.field_name
        for field in get_translatable_fields(model)
        if isinstance(field, TranslatableField) and field.field_name in relations
    ]


def in_locale(obj, locale):
    if isinstance(obj, TranslatableMixin) and obj.locale_id != locale.pk:
        translated = obj.get_translation_or_none(locale)
        if translated is not None:
            return translated.specific if isinstance(translated, Page) else translated
    return obj


def _copy_child(child, parent_key, locale):
    """A new child like `child` (all its fields), for the translation in `locale`."""
    model = type(child)
    copy = model()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name == parent_key:
            continue
        setattr(copy, field.attname, getattr(child, field.attname))
    if isinstance(copy, TranslatableMixin):
        copy.locale = locale
    for field in model._meta.many_to_many:
        if isinstance(field, ParentalManyToManyField):
            setattr(copy, field.name, [in_locale(item, locale) for item in getattr(child, field.name).all()])
    for name in fact_fields(model):
        _copy_fact(child, copy, name, locale)
    return copy


def _signature(obj, name):
    value = getattr(obj, name)
    if hasattr(value, "all"):
        children = name in _child_relations(type(obj))
        return [_child_signature(item) if children else item.pk for item in value.all()]
    if isinstance(value, models.Model):
        return value.pk
    return value


def _child_signature(item):
    model = type(item)
    values = [
        (field.name, getattr(item, field.attname))
        for field in model._meta.concrete_fields
        if not field.primary_key and not isinstance(field, ParentalKey)
    ]
    values += [
        (field.name, sorted(o.pk for o in getattr(item, field.name).all())) for field in model._meta.many_to_many
    ]
    return tuple(values)


def _copy_fact(source, target, name, locale):
    model = type(source)
    relations = _child_relations(model)
    if name in relations:
        parent_key = relations[name].field.name
        setattr(target, name, [_copy_child(child, parent_key, locale) for child in getattr(source, name).all()])
        return
    field = model._meta.get_field(name)
    if field.many_to_many:
        getattr(target, name).set([in_locale(item, locale) for item in getattr(source, name).all()])
    elif field.is_relation:
        value = getattr(source, name)
        setattr(target, name, in_locale(value, locale) if value is not None else None)
    else:
        setattr(target, field.attname, getattr(source, field.attname))


def _sync_translated_children(source, target, name, locale):
    relation = _child_relations(type(source))[name]
    parent_key = relation.field.name
    existing = {getattr(child, "translation_key", None): child for child in getattr(target, name).all()}
    children = []
    for source_child in getattr(source, name).all():
        child = existing.get(getattr(source_child, "translation_key", None))
        if child is None:
            child = _copy_child(source_child, parent_key, locale)
        else:
            for fact in fact_fields(type(source_child)):
                _copy_fact(source_child, child, fact, locale)
        children.append(child)
    setattr(target, name, children)


def _facts(obj):
    model = type(obj)
    facts = [(name, _signature(obj, name)) for name in fact_fields(model)]
    for name in translated_children(model):
        facts.append((name, [_fact_values(child) for child in getattr(obj, name).all()]))
    return facts


def _fact_values(child):
    return (
        getattr(child, "translation_key", None),
        [(name, _signature(child, name)) for name in fact_fields(type(child))],
    )


def copy_facts(source, target):
    """Copy `source`'s facts onto `target` (a version of it in another language). True if anything changed."""
    before = _facts(target)
    locale = target.locale
    for name in fact_fields(type(source)):
        _copy_fact(source, target, name, locale)
    for name in translated_children(type(source)):
        _sync_translated_children(source, target, name, locale)
    return _facts(target) != before


def publish_facts_to_translations(page, user=None):
    """After `page` (a source-language page) is published: its facts on every live translation, published."""
    if not fact_fields(type(page)) and not translated_children(type(page)):
        return []  # a page type without facts: nothing to carry, and its revisions need not be read
    # A live page's own row (and its child rows) holds its live content — Wagtail keeps drafts in revisions only — so
    # neither the page just published nor a live translation needs its revision read back (loadfault's publisher spent
    # a quarter of each publish there).
    source = page if page.live_revision_id is not None else page.get_latest_revision_as_object()
    updated = []
    for target in Page.objects.filter(translation_key=page.translation_key, live=True, alias_of__isnull=True).exclude(
        locale_id=page.locale_id
    ):
        live = target.specific
        draft = live.get_latest_revision_as_object() if live.has_unpublished_changes else None
        if not copy_facts(source, live):
            continue
        live.save_revision(user=user, log_action=False, clean=False).publish(
            user=user, log_action="wagtail.publish", skip_permission_checks=True
        )
        if draft is not None and copy_facts(source, draft):
            # The translation under review keeps its words and gets the new facts; approval publishes both.
            draft.save_revision(user=user, log_action=False, clean=False)
        updated.append(live)
    return updated


def on_page_published(sender, instance, revision=None, **kwargs):
    """page_published receiver: only a page of the source language carries facts to the others."""
    from .roles import SOURCE_LANGUAGE

    if instance.locale.language_code != SOURCE_LANGUAGE:
        return
    publish_facts_to_translations(instance, user=getattr(revision, "user", None))
