"""Choices in the admin offer the edited page's language only, one per person or theme, with labels that tell
objects apart.

Every page form (BasePage.base_form_class) passes its fields and the fields of its inline children (a programme's
events, an edition's participating defenders) through `offer_same_language`: a choice among translatable objects
(themes, defender profiles, tours, resources) lists those of the page's locale — plus whatever the page already
points to, so that saving never drops a choice made earlier — and labels each with the object's `chooser_label()`
when it has one (a defender: the name shown and the country).
"""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import TranslatableMixin

from .drafts import DraftChildrenForm


def chooser_label(obj):
    label = getattr(obj, "chooser_label", None)
    return label() if callable(label) else str(obj)


def _selected_ids(form, name):
    value = form.initial.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list | tuple | set) or hasattr(value, "all") else [value]
    if hasattr(values, "all"):
        values = values.all()
    return [getattr(item, "pk", item) for item in values]


def offer_same_language(form, locale_id):
    """Limit `form`'s choices of translatable objects to `locale_id` (and what it already holds)."""
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not issubclass(queryset.model, TranslatableMixin):
            continue
        field.queryset = queryset.filter(Q(locale_id=locale_id) | Q(pk__in=_selected_ids(form, name)))
        field.label_from_instance = chooser_label


def same_language_child_form(form_class, locale_id):
    """`form_class` (an inline child's form) offering choices of `locale_id` only: used for the child forms of a page
    and for the blank form that "Add another" copies, which the formset builds from its form class."""

    class SameLanguageChildForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            offer_same_language(self, locale_id)

    SameLanguageChildForm.__name__ = f"SameLanguage{form_class.__name__}"
    return SameLanguageChildForm


class SameLanguageChoicesForm(DraftChildrenForm, WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice_locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if self.choice_locale_id is None:
            return
        offer_same_language(self, self.choice_locale_id)
        for formset in self.formsets.values():
            # This formset's own form class, for this page's language (the formset builds its forms lazily).
            formset.form = same_language_child_form(formset.form, self.choice_locale_id)
            if "forms" in formset.__dict__:
                for child_form in formset.forms:
                    offer_same_language(child_form, self.choice_locale_id)
