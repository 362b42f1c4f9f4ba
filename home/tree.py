"""A page's children as a range of tree paths, for the lists that public pages read (news, teaching resources, tours,
a tour's programmes, statements, the defender directory).

Wagtail's `child_of()` asks for the pages whose path starts with the parent's (`path LIKE 'P%'`), and SQLite answers
that by reading the whole page table: its LIKE ignores case and the path index does not, so the index cannot serve
it. The same pages are those whose path lies after the parent's and before the next path of the parent's length
(`P < path < next_path(P)`) in the order treebeard counts paths in, byte by byte. Both databases compare paths that
way: SQLite compares text byte by byte, and Wagtail gives the path column PostgreSQL's "C" collation (its migration
0001, since a language's collation may sort digits after letters, or two letters as one); tests/test_tree.py checks
both. So both read the range from the path index, a few rows however many pages the site holds.
"""

from django.db.models import Q
from wagtail.models import Page

# The character after the tree alphabet's last ("Z" + 1 = "["): a path followed by it sorts after every path below
# that path, so the pages at or below P lie from P up to P + PAST_EVERY_PATH (the view restrictions' subquery,
# home/queries.py).
PAST_EVERY_PATH = chr(ord(max(Page.alphabet)) + 1)


def next_path(path):
    """The first path of `path`'s length after `path` and every path below it: `path` counted up by one in the tree's
    alphabet ("00010002" → "00010003", "0001000Z" → "00010010")."""
    alphabet = Page.alphabet
    digits = list(path)
    for position in range(len(digits) - 1, -1, -1):
        value = alphabet.index(digits[position]) + 1
        if value < len(alphabet):
            digits[position] = alphabet[value]
            return "".join(digits)
        digits[position] = alphabet[0]
    # Only a path of the alphabet's last letter throughout has no successor of its length, and no page's path is
    # one: every page of Wagtail's tree is below its one root, 0001.
    raise ValueError(f"no path of its length comes after {path!r}")


def child_range(page):
    """(`page`'s path, the next path of its length, its children's depth): the arguments of `children_between`, which
    a prepared query (home/queries.py) takes as its parameters."""
    return page.path, next_path(page.path), page.depth + 1


def children_between(path, end, depth):
    """The pages one level below the page at `path`, as a filter: give it `child_range(page)`."""
    return Q(path__gt=path, path__lt=end, depth=depth)


def children_of(page):
    """The pages one level below `page`, as a filter: what Wagtail's `child_of(page)` selects."""
    return children_between(*child_range(page))
