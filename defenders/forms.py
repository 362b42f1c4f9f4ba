"""The profile editor's form: tells an editor, before anything is saved, when the words name what the person's
safety level hides. (Publishing cleans them anyway, defenders/redaction.py; the editor should know and reword.)"""

import copy

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from home.choosers import SameLanguageChoicesForm

from .redaction import fields_naming_hidden_facts, hidden_words, names_hidden_words

NAMES_HIDDEN_FACT = _(
    "This text names what the defender's safety level hides (a legal or former name, their region or organisation). "
    "Leave it out: it would be replaced on publishing."
)

NAMES_HIDDEN_ON_THE_SITE = _(
    "This text names what the defender's safety level hides (a legal or former name, their region or organisation). "
    "Leave it out: it is shown on the site as written."
)
# The facts of a person that decide what their level hides.
PERSON_FIELDS = ("display_name", "legal_name", "former_names", "safety_level", "region", "organisation")


class PersonForm(WagtailAdminModelForm):
    """The person's facts. The portrait's descriptions are rows of a formset, checked here with the rows being
    saved: the model's clean() read the rows already stored, so a new person with a portrait was always refused for
    want of a Catalan description. The descriptions and the credit are shown with the photo, in every language, as
    written: they may not name what the level hides (a public defender's legal name included)."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("portrait_texts")
        if formset is None or not formset.is_valid():
            return cleaned_data
        rows = [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        languages = [form.cleaned_data.get("language") for form in rows]
        if len(languages) != len(set(languages)):
            self.add_error("portrait", _("Describe the portrait once per language."))
        if cleaned_data.get("portrait"):
            catalan = [form for form in rows if form.cleaned_data.get("language") == settings.LANGUAGE_CODE]
            if not catalan or not (catalan[0].cleaned_data.get("alt_text") or "").strip():
                self.add_error("portrait", _("Describe the portrait in Catalan for people who cannot see it."))
            if not (cleaned_data.get("portrait_credit") or "").strip():
                self.add_error("portrait_credit", _("Credit the author of the photo."))
        person = copy.copy(self.instance)
        for name in PERSON_FIELDS:
            if name in cleaned_data:
                setattr(person, name, cleaned_data[name])
        words = hidden_words(person)
        if names_hidden_words(cleaned_data.get("portrait_credit") or "", words):
            self.add_error("portrait_credit", NAMES_HIDDEN_ON_THE_SITE)
        for form in rows:
            for name in ("alt_text", "caption"):
                if names_hidden_words(form.cleaned_data.get(name) or "", words):
                    form.add_error(name, NAMES_HIDDEN_ON_THE_SITE)
        return cleaned_data


class DefenderPageForm(SameLanguageChoicesForm):
    """Themes in the page's own language (home/choosers.py), and words checked against the safety level."""

    def clean(self):
        cleaned_data = super().clean()
        person = cleaned_data.get("person")
        if person is None:
            return cleaned_data
        page = self.instance
        page.person = person
        for name in ("summary", "biography", "links"):
            if name in cleaned_data:
                setattr(page, name, cleaned_data[name])
        for name in fields_naming_hidden_facts(page):
            if name in self.fields:
                self.add_error(name, NAMES_HIDDEN_FACT)
        return cleaned_data
