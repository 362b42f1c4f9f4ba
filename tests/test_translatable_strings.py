"""Every word our Python code translates reaches the catalogues. `makemessages` finds them with xgettext, which
does not read inside an f-string: `f"<dt>{gettext('When')}</dt>"` works in a test run against an old catalogue,
then loses its msgid at CI's next `makemessages --no-obsolete`, and the page shows English in every language."""

import ast
import os
from pathlib import Path

from django.conf import settings

GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
NOT_OURS = {".venv", "node_modules", "bench-results", ".git"}


def gettext_names(tree):
    """The names gettext goes by in a module: its own, and any alias it is imported under (`gettext as g`)."""
    names = set(GETTEXT_NAMES)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname for alias in node.names if alias.name in GETTEXT_NAMES and alias.asname}
    return names


def calls_inside_f_strings(source, filename="<source>"):
    """[(line, name)] of each gettext call written inside an f-string of `source`, once each (an f-string inside
    another is walked with it)."""
    tree = ast.parse(source, filename)
    names = gettext_names(tree)
    calls = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                func = inner.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in names:
                    calls[id(inner)] = (inner.lineno, inner.col_offset, name)
    return [(line, name) for line, _column, name in sorted(calls.values())]


def our_python_files():
    base = Path(settings.BASE_DIR)
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_OURS)
        for name in sorted(files):
            if name.endswith(".py"):
                yield base, Path(folder) / name


SAMPLE = """
from django.utils.translation import gettext, gettext_lazy as _, pgettext as in_context
when = gettext("When")
card = f"<dt>{when}</dt>"
bad = f"<dt>{gettext('Where')}</dt><dd>{translation.pgettext('venue', 'Hall')}</dd>"
nested = f"{'x' if when else _('With')}"
inner = f"{f'<b>{_(chr(76))}</b>'}"
aliased = f"{in_context('month', 'May')}"
"""


def test_a_call_inside_an_f_string_is_found_and_one_on_its_own_line_is_not():
    assert calls_inside_f_strings(SAMPLE) == [
        (5, "gettext"),
        (5, "pgettext"),
        (6, "_"),
        (7, "_"),
        (8, "in_context"),
    ]


def test_no_python_module_of_ours_translates_inside_an_f_string():
    found = [
        f"{path.relative_to(base)}:{line} {name}()"
        for base, path in our_python_files()
        for line, name in calls_inside_f_strings(path.read_text(encoding="utf-8"), str(path))
    ]
    assert found == [], "xgettext cannot see these calls; call them on their own line first: " + ", ".join(found)
