"""System checks for the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """In production every absolute URL (sitemap, feeds, calendars, API, e-mails) starts with SITE_URL: an address
    left at its development default, or without HTTPS, sends search engines and subscribers to the wrong place."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL}: set it to the public https:// address of the site.",
            hint="e.g. SITE_URL=https://ciutatsdefensores.cat, then run `manage.py setup_site` (README, Deploying).",
            id="cdhr.W001",
        )
    ]
