"""Dependencies between our apps run one way, from the domain's outskirts to its centre (README, "Architecture").

Every import in every .py file of our apps counts, at the top of a module or inside a function: an import moved into a
function still makes one app depend on another. A link the other way goes through a Wagtail hook or a registry that
the centre defines. Read with `ast`, so nothing is imported to find out.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("home", "accounts", "defenders", "editions", "statements", "news", "resources", "contact", "translations")


def imported_modules(path):
    """Absolute names of the modules `path` imports (relative imports resolved against its package)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            else:
                yield node.module


def app_graph():
    """{app: {app it imports: [files that do]}} over every .py file of our apps, migrations included."""
    graph = {app: {} for app in APPS}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            for module in imported_modules(path):
                target = module.split(".")[0] if module else ""
                if target in APPS and target != app:
                    graph[app].setdefault(target, []).append(str(path.relative_to(ROOT)))
    return graph


def find_cycle(graph):
    """One cycle as a list of apps (first == last), or None."""
    state = {}

    def visit(app, trail):
        state[app] = "open"
        for target in sorted(graph[app]):
            if state.get(target) == "open":
                return trail[trail.index(target) :] + [target]
            if target not in state:
                cycle = visit(target, [*trail, target])
                if cycle:
                    return cycle
        state[app] = "done"
        return None

    for app in APPS:
        if app not in state:
            cycle = visit(app, [app])
            if cycle:
                return cycle
    return None


def test_no_cycle_between_apps():
    graph = app_graph()
    cycle = find_cycle(graph)
    if cycle:
        steps = [
            f"  {source} → {target}: {', '.join(sorted(set(graph[source][target])))}"
            for source, target in zip(cycle, cycle[1:], strict=False)
        ]
        raise AssertionError("Apps import each other in a circle:\n" + "\n".join(steps))


def test_the_centre_depends_on_no_other_app():
    assert app_graph()["home"] == {}
