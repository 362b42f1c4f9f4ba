"""One page of a listing from its `?page=`: the news, the agenda, a tour's events, a statement's endorsements, the
teaching resources (the defender directory says so in its own words, defenders/directory.py)."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404


def listing_page(paginator, request):
    """The page `?page=` asks for: the first when there is no number (an old link, a typo, `?page=abc`), and "not
    found" past the last page or below the first. Django's `get_page` answered those with the last page, so every
    number was an address of its own repeating it (an endless set of duplicate pages for search engines)."""
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        raise Http404("No such page of this listing") from None
