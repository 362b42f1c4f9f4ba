"""Every word our Python code translates reaches the catalogues. `makemessages` finds them with xgettext, which
does not read inside an f-string: `f"<dt>{gettext('When')}</dt>"` works in a test run against an old catalogue,
then loses its msgid at CI's next `makemessages --no-obsolete`, and the page shows English in every language."""

import ast
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


def calls_inside_f_strings(source, filename="<source>"):
    """[(line, name)] of each gettext call written inside an f-string of `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                func = inner.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in GETTEXT_NAMES:
                    found.append((inner.lineno, name))
    return found


def our_python_files():
    base = Path(settings.BASE_DIR)
    for path in sorted(base.rglob("*.py")):
        if not NOT_OURS & set(path.relative_to(base).parts):
            yield base, path


def test_a_call_inside_an_f_string_is_found_and_one_on_its_own_line_is_not():
    source = (
        "from django.utils.translation import gettext, gettext_lazy as _\n"
        "when = gettext('When')\n"
        "card = f'<dt>{when}</dt>'\n"
        'bad = f\'<dt>{gettext("Where")}</dt><dd>{translation.pgettext("venue", "Hall")}</dd>\'\n'
        'nested = f\'{"x" if when else _("With")}\'\n'
    )
    assert calls_inside_f_strings(source) == [(4, "gettext"), (4, "pgettext"), (5, "_")]


def test_no_python_module_of_ours_translates_inside_an_f_string():
    found = [
        f"{path.relative_to(base)}:{line} {name}()"
        for base, path in our_python_files()
        for line, name in calls_inside_f_strings(path.read_text(encoding="utf-8"), str(path))
    ]
    assert found == [], "xgettext cannot see these calls; call them on their own line first: " + ", ".join(found)
