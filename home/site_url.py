"""The public address (settings.SITE_URL) and the absolute URLs built on it.

Machines read our URLs away from the site — search engines (sitemap, canonical, hreflang), social networks (Open
Graph), feed readers, calendar apps, API clients, e-mail — so each one is absolute and on the one public address,
whatever host name a request happened to use. Pages get theirs from the default Wagtail site, which `setup_site`
keeps in step with SITE_URL (`site_address()`); everything else is joined here.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url):
    """`url` (a path such as "/ca/agenda/") on SITE_URL; an already absolute URL is returned as it is."""
    if not url:
        return url
    if urlsplit(url).scheme:
        return url
    return f"{settings.SITE_URL}/{url.lstrip('/')}"


def site_address():
    """(hostname, port) of SITE_URL, as a Wagtail Site stores them."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
