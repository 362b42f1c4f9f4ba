"""The print kit's two doors.

- Public: `<programme url>poster.pdf`, `<programme url>leaflet.pdf`, `<tour url>poster.pdf` (editions/urls.py) for
  live pages the public may see, made from the live page. Anything else is a 404.
- Admin: `/admin/print-kit/<page id>/<poster|leaflet>.<pdf|png>` for people who may edit the page: the latest
  revision (a municipal editor's draft before a moderator publishes it), and a PNG preview of its first page.
"""

import io

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from .facts import sheet_for
from .render import Format, PreviewUnavailable, cached, render_pdf, render_preview

# The files each page type offers, and their sizes (the first is the default).
KINDS = {
    "editions.editionpage": {"poster": ("a4", "a3")},
    "editions.cityprogrammepage": {"poster": ("a4", "a3"), "leaflet": ("a5",)},
}
MAX_ECHO = 20


class BadFormat(Exception):
    pass


def kinds_for(page):
    return KINDS.get(page._meta.label_lower, {})


def parse_format(page, kind, query):
    """The Format asked for by `?size=` and `?bleed=`; Http404 for a file this page does not have, BadFormat (with a
    message for the visitor) for a size or bleed it cannot be made in."""
    sizes = kinds_for(page).get(kind)
    if sizes is None:
        raise Http404
    size = query.get("size", sizes[0]).strip().lower()
    if size not in sizes:
        raise BadFormat(
            _("There is no size “%(size)s” of this file: use %(sizes)s.")
            % {"size": size[:MAX_ECHO], "sizes": ", ".join(f"size={choice}" for choice in sizes)}
        )
    bleed = query.get("bleed", "0").strip()
    if bleed not in ("0", "1"):
        raise BadFormat(_("bleed=1 gives the print shop's version (3 mm bleed); bleed=0, or nothing, the usual one."))
    return Format(kind, size, bleed == "1")


def pdf_response(data, page, fmt, hit, public):
    # A file response: the public page cache leaves it alone (the print kit's own cache holds it).
    filename = f"{page.slug}-{fmt.filename_suffix}-{page.locale.language_code}.pdf"
    response = FileResponse(io.BytesIO(data), filename=filename, content_type="application/pdf")
    response["X-Print-Cache"] = "hit" if hit else "miss"
    if public:
        patch_cache_control(response, public=True, max_age=settings.CDHR_BROWSER_CACHE_SECONDS)
    return response


def bad_format(error):
    return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


def live_page(request, page_path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized
    page = Page.objects.live().public().filter(url_path=f"{root.url_path}{page_path}").specific().first()
    if page is None:
        raise Http404
    return page


@require_safe
def public_file(request, page_path, kind):
    page = live_page(request, page_path)
    try:
        fmt = parse_format(page, kind, request.GET)
    except BadFormat as error:
        return bad_format(error)
    data, hit = cached((page.pk, "live", fmt), lambda: render_pdf(sheet_for(page), fmt))
    return pdf_response(data, page, fmt, hit, public=True)


@require_safe
def admin_file(request, page_id, kind, extension):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        # A plain 403: Wagtail's admin would turn PermissionDenied into a redirect to the dashboard.
        return HttpResponseForbidden(_("You may not edit this page, so you cannot print it."))
    try:
        fmt = parse_format(page, kind, request.GET)
    except BadFormat as error:
        return bad_format(error)
    draft = page.get_latest_revision_as_object()
    parts = (page.pk, page.latest_revision_id, fmt)

    def pdf():
        return cached(parts, lambda: render_pdf(sheet_for(draft, draft=True), fmt))

    if extension == "png":
        try:
            data, _hit = cached((*parts, "png"), lambda: render_preview(pdf()[0]))
        except PreviewUnavailable:
            return HttpResponse(_("No preview: this server cannot draw PDFs."), status=503, content_type="text/plain")
        return HttpResponse(data, content_type="image/png")
    data, hit = pdf()
    return pdf_response(data, page, fmt, hit, public=False)
