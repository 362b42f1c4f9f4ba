from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail import hooks

from .models import Municipality
from .queries import PreparedQuery, live_page_at
from .search import MAX_QUERY_LENGTH, clean_query, grouped_results
from .share_cards import card_for_page
from .site_url import absolute_url


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not. Says nothing else about the system."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def robots_txt(request):
    # Public documents (teaching material, statements) are meant to be found; documents that are not public are
    # refused by the document view itself, whatever a crawler is told here.
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {absolute_url('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def favicon(request):
    # Browsers and feed readers ask for /favicon.ico whatever the pages say; send them to the fingerprinted icon.
    return HttpResponsePermanentRedirect(static("img/favicon.png"))


def municipality_sections(request, municipality):
    """Sections of a municipality's public profile, filled by other apps through the
    `municipality_profile_sections` hook (tours and programmes from editions, endorsements from statements)."""
    sections = []
    for hook in hooks.get_hooks("municipality_profile_sections"):
        section = hook(request, municipality)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda section: section.get("order", 100))


@require_safe
def municipality_list(request):
    municipalities = Municipality.objects.order_by("sort_name")
    return render(request, "home/municipality_list.html", {"municipalities": municipalities})


# SQL compiled once per process (`PreparedQuery`), the address's slug its parameter.
MUNICIPALITY = PreparedQuery("a municipality by its slug", lambda slug: Municipality.objects.filter(slug=slug))


@require_safe
def municipality_profile(request, slug):
    found = MUNICIPALITY(slug)
    if not found:
        raise Http404("No Municipality matches the given query.")
    municipality = found[0]
    context = {"municipality": municipality, "sections": municipality_sections(request, municipality)}
    return render(request, "home/municipality_profile.html", context)


@require_safe
def search(request):
    query, problem = clean_query(request.GET.get("q", ""))
    groups = grouped_results(query, request) if query else {}
    context = {
        "query": query,
        "raw_query": request.GET.get("q", "")[:MAX_QUERY_LENGTH],
        "problem": problem,
        "groups": groups,
        "result_count": sum(len(pages) for pages in groups.values()),
    }
    return render(request, "home/search.html", context, status=400 if problem else 200)


@require_safe
def share_card(request, page_path):
    """The share card (og:image) of the live, public page at `page_path` in the current language."""
    page = live_page_at(request, page_path)
    if page is None or not hasattr(page, "share_card_facts"):
        raise Http404
    response = HttpResponse(card_for_page(page), content_type="image/png")
    patch_cache_control(response, public=True, max_age=settings.CDHR_BROWSER_CACHE_SECONDS)
    # Kept by card_for_page() under the page's own key, which goes when the page does (an erased defender).
    response.page_cache_exempt = True
    return response
