"""The teaching resources directory's filters: level, theme, tour or year, and language of the documents.

A plain GET form (no JavaScript). A value the form does not know (a hand-edited URL, an old link) gives an empty
list and a message saying which filter was not understood — never an error page.

Themes and tours are offered in the reader's language. A resource's links are synchronised, so they may point at
another language's theme or tour: the filters match by what is shared by every language of one theme (its slug) or
tour (its year and season, e.g. `2027-spring`), never by the linked object itself. So a filtered list keeps its
meaning when the reader switches language (the language switcher carries the query string).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from cdhr_cms.cache import fragment
from defenders.models import Theme
from editions.models import EditionPage
from home.queries import active_locale
from home.widgets import PlainSelect

from .blocks import DOCUMENT_LANGUAGES

FILTER_NAMES = ("level", "theme", "tour", "year", "language")


class ResourceFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), required=False, widget=PlainSelect)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, widget=PlainSelect)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any"))] + DOCUMENT_LANGUAGES, widget=PlainSelect
    )

    def __init__(self, data, index, **kwargs):
        super().__init__(data, **kwargs)
        options = filter_options(index)
        self.fields["level"].choices = [("", _("Any"))] + list(index.levels())
        self.fields["year"].choices = [("", _("Any"))] + [(str(year), str(year)) for year in options["years"]]
        self.fields["theme"] = forms.ChoiceField(
            label=_("Theme"), required=False, choices=[("", _("Any"))] + options["themes"], widget=PlainSelect
        )
        self.fields["tour"] = forms.ChoiceField(
            label=_("Tour"), required=False, choices=[("", _("Any"))] + options["tours"], widget=PlainSelect
        )
        self.order_fields(FILTER_NAMES)


def filter_options(index):
    """The years of `index`'s resources, and the themes and tours of the reader's language, as (value, label) rows.
    Kept with the site chrome until content changes (`cdhr_cms.cache.fragment`): every save of a resource, theme or
    tour moves the content generation (a resource's year and a tour's title are not among the fields that change one
    page alone), and the options are then read afresh."""

    def read():
        locale = active_locale()
        tours = EditionPage.objects.live().public().filter(locale=locale).order_by("-start_date", "-year")
        return {
            "years": sorted(set(index.resources().values_list("year", flat=True)), reverse=True),
            "themes": list(Theme.objects.filter(locale=locale, live=True).values_list("slug", "name")),
            # Only what an option shows: not a tour page (with its streams) per option.
            "tours": [
                (tour_key(year, season), title) for year, season, title in tours.values_list("year", "season", "title")
            ],
        }

    return fragment(f"resource-filters-{index.pk}", get_language(), read)


def tour_key(year, season):
    """A tour's filter value, the same in every language (slugs are translated: "primavera-2027", "spring-2027")."""
    return f"{year}-{season}"


def apply_filters(resources, values):
    """`values`: the form's cleaned data. Each filter narrows the queryset; empty ones are ignored."""
    if values.get("level"):
        resources = resources.filter(level=values["level"])
    if values.get("year"):
        resources = resources.filter(year=values["year"])
    if values.get("language"):
        resources = resources.filter(document_languages__contains=f" {values['language']} ")
    if values.get("theme"):
        resources = resources.filter(themes__slug=values["theme"]).distinct()
    if values.get("tour"):
        year, season = values["tour"].split("-", 1)
        tour = EditionPage.objects.filter(year=int(year), season=season).values("translation_key")
        resources = resources.filter(related_tours__translation_key__in=tour).distinct()
    return resources


@dataclass
class FilterResult:
    form: ResourceFilterForm
    resources: object
    problem: str | None
    active: bool
    query_string: str


def filter_resources(index, params):
    """The form and the resources of `index` its values in `params` give; `resources` is None when no filter is
    set (the directory then lists every resource). The query of the resources is built only for a filtered list:
    building it had cost a fifth of the unfiltered directory's time."""
    data = {name: params.get(name, "") for name in FILTER_NAMES if name in params}
    form = ResourceFilterForm(data, index)
    active = any(value for value in data.values())
    if not form.is_valid():
        labels = [str(form.fields[name].label) for name in form.errors if name in form.fields]
        problem = ngettext(
            "We did not understand this filter: %(filters)s. Please choose from the list.",
            "We did not understand these filters: %(filters)s. Please choose from the lists.",
            len(labels),
        ) % {"filters": ", ".join(labels)}
        return FilterResult(form, index.resources().none(), problem, active, "")
    if not active:
        return FilterResult(form, None, None, active, "")
    cleaned = {name: value for name, value in form.cleaned_data.items() if value}
    query_string = urlencode({name: value for name, value in data.items() if value and name in form.fields})
    return FilterResult(form, apply_filters(index.resources(), cleaned), None, active, query_string)
