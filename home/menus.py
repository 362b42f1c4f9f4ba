"""Admin menu items and breadcrumbs whose label was translated once, when Wagtail built them, given a label read in
each user's language.

Wagtail builds each menu's items once per process. An item labelled with a string translated at that moment (a lazy
string formatted with `%`, or plain `gettext`) reads in the language of the process's first admin request for every
user after it: "Traduccions" and "Què hi ha de nou a Wagtail 8.0" in an English admin. The `construct_*_menu` hooks
run for each request, in the user's language, and may replace items in the list they are given. The labels are
also in the project's catalogues, with the words that Wagtail's and wagtail-localize's catalogues give them.
"""

import copy

from django.utils.translation import gettext_lazy
from wagtail.snippets.views import snippets
from wagtail.utils.version import get_main_version

# The labels of Wagtail's snippet breadcrumbs, in the order it gives them: "Home", then "Snippets" when it adds it.
SNIPPET_BREADCRUMB_LABELS = (gettext_lazy("Home"), gettext_lazy("Snippets"))


def relabelled(item, label):
    """A copy of the menu item `item` labelled `label`, with attributes of its own: Dismissible items write the
    reader's "dismissed" state into them as they are drawn."""
    relabelled_item = copy.copy(item)
    relabelled_item.attrs = dict(item.attrs)
    relabelled_item.label = label
    return relabelled_item


def relabel(menu_items, label, *, name=None, url=None):
    """Replace, in the request's `menu_items`, the item called `name` (or linking to `url`: an item named after its
    label was named in the first request's language too) by a copy labelled `label`."""
    menu_items[:] = [
        relabelled(item, label)
        if (name is not None and item.name == name) or (url is not None and item.url == url)
        else item
        for item in menu_items
    ]


def wagtail_version():
    """The version Wagtail names its "What's new" item after (as wagtail/admin/wagtail_hooks.py does)."""
    return get_main_version(include_patch=False)


class SnippetViewSet(snippets.SnippetViewSet):
    """Wagtail's snippet viewset, with breadcrumbs in each user's language. Wagtail labels them with `gettext` when it
    builds the viewsets, at startup, so every user read "Inici" (Catalan, LANGUAGE_CODE) in them: the same links,
    labelled with lazy strings."""

    @property
    def breadcrumbs_items(self):
        items = super().breadcrumbs_items
        labelled = [{**item, "label": label} for item, label in zip(items, SNIPPET_BREADCRUMB_LABELS, strict=False)]
        return labelled + items[len(labelled) :]
