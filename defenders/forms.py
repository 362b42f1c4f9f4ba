"""The profile editor's form: tells an editor, before anything is saved, when the words name what the person's
safety level hides. (Publishing cleans them anyway, defenders/redaction.py; the editor should know and reword.)"""

from django.utils.translation import gettext_lazy as _

from home.choosers import SameLanguageChoicesForm

from .redaction import fields_naming_hidden_facts

NAMES_HIDDEN_FACT = _(
    "This text names what the defender's safety level hides (a legal or former name, their region or organisation). "
    "Leave it out: it would be replaced on publishing."
)


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
