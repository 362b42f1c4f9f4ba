"""URLs: language-neutral endpoints first, then everything public under /ca/, /es/ or /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from defenders.files import serve_media
from home import views as home_views
from home.serving import serve_page

from .api import api_router
from .sitemap import language_sitemap_xml, sitemap_xml

PAGE_FILE_PATTERN = r"^(?P<path>(?:[\w\-]+/)*[\w\-]+\.(?:atom|csv|ics|json|svg|xml|zip))$"

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("sitemap-<str:section>.xml", language_sitemap_xml, name="sitemap_language"),
    # Two-factor enrolment and verification (accounts/), before Wagtail's admin so that its catch-all misses them.
    path("admin/2fa/", include("accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
]

# Every media file goes through Django, which serves it only while a public page shows it (defenders/files.py).
urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media, name="media")]

urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    path("", include("defenders.urls")),
    path("", include("editions.urls")),
    path("", include("statements.urls")),
    # Files under a page (feed.xml, calendar.ics, endorsements.csv, ...): Wagtail's own pattern only matches paths
    # ending in "/", so these reach the page's RoutablePageMixin routes through this pattern.
    re_path(PAGE_FILE_PATTERN, serve_page, name="page_file"),
    # Every other address is a page: Wagtail's serving, with the site and the home page found first
    # (home/serving.py). Wagtail's own patterns follow for its password and login forms under _util/.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serve_page, name="page"),
    path("", include(wagtail_urls)),
)

handler404 = "cdhr_cms.views.page_not_found"
handler500 = "cdhr_cms.views.server_error"
