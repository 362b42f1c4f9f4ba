"""A page's children as a range of tree paths (home/tree.py): the pages Wagtail's `child_of()` selects, read from the
path index on SQLite too, where `child_of()`'s LIKE reads the whole page table."""

import pytest
from django.db import connection
from wagtail.models import Page

from home.models import StandardPage
from home.tree import children_of, next_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("0001", "0002"),
        ("00010002", "00010003"),
        ("00010009", "0001000A"),
        ("0001000Z", "00010010"),
        ("0001ZZZZ", "00020000"),
        ("000100020ZZZ", "000100021000"),
    ],
)
def test_the_next_path_of_the_same_length(path, expected):
    assert next_path(path) == expected
    assert path < expected


def test_a_path_with_no_successor_of_its_length_is_refused():
    with pytest.raises(ValueError):
        next_path("ZZZZ")


def test_the_children_are_those_wagtail_finds(homes):
    # Forty children of a home page, so that one child's path ends in Z and the next one's carries
    # ("…000Z", "…0010"); each of those two has a child of its own.
    home = homes["ca"]
    for number in range(40):
        home.add_child(instance=StandardPage(title=f"Child {number}", slug=f"child-{number}"))
    ends_in_z = next(child for child in home.get_children() if child.path.endswith("Z"))
    after_it = Page.objects.get(path=next_path(ends_in_z.path))
    assert after_it.path.endswith("0")
    for parent in (ends_in_z, after_it):
        parent.add_child(instance=StandardPage(title=f"Below {parent.title}", slug="below"))
    for parent in Page.objects.filter(numchild__gt=0):
        ours = set(Page.objects.filter(children_of(parent)).values_list("pk", flat=True))
        assert ours == set(Page.objects.child_of(parent).values_list("pk", flat=True)), parent.title
    assert [page.title for page in Page.objects.filter(children_of(ends_in_z))] == [f"Below {ends_in_z.title}"]


def test_both_databases_compare_tree_paths_byte_by_byte():
    # The range holds in the order treebeard counts paths in: SQLite's (BINARY, the column declared without another
    # collation) and PostgreSQL's "C", which Wagtail's migration 0001 gives the column whatever the database's own.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'wagtailcore_page'")
            assert "COLLATE" not in cursor.fetchone()[0].upper()
        else:
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns"
                " WHERE table_name = 'wagtailcore_page' AND column_name = 'path'"
            )
            assert cursor.fetchone()[0] == "C"


def test_the_database_reads_the_children_from_the_path_index(homes):
    plan = Page.objects.filter(children_of(homes["ca"])).explain()
    if connection.vendor == "sqlite":
        # Wagtail's `child_of()` (path LIKE) here says "SCAN wagtailcore_page": every page of the site.
        assert "SCAN wagtailcore_page" not in plan
        assert "SEARCH wagtailcore_page USING INDEX" in plan
    else:
        # PostgreSQL chooses by the table's size (a test database's is tiny), so only the SQL is checked: a range.
        sql = str(Page.objects.filter(children_of(homes["ca"])).query)
        assert " > " in sql and " < " in sql and "LIKE" not in sql
