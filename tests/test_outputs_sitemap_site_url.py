"""The public address (SITE_URL): in settings, on the default Wagtail site (setup_site), and in every absolute URL
the site emits. The sitemap is validated against the sitemaps.org schema with its xhtml:link alternates."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from icalendar import Calendar
from lxml import etree
from wagtail.models import Site

from cdhr_cms.settings.base import site_url_from_env
from home.models import Municipality
from tests import outputs_site

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
PUBLIC_ADDRESS = "https://ciutats.example"
CITIES = {"ca": "ciutats", "es": "ciudades", "en": "cities"}


@pytest.fixture
def site(homes):
    return outputs_site.build(homes)


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(DATA / "sitemap.xsd")))
    assert schema.validate(document), schema.error_log
    return document


def test_sitemap_is_valid_with_reciprocal_alternates_and_x_default(client, site):
    document = sitemap(client)
    entries = {}
    for url in document.findall("s:url", NS):
        links = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        entries[url.findtext("s:loc", namespaces=NS)] = links
    assert all(loc.startswith(f"{settings.SITE_URL}/") for loc in entries)
    for loc, links in entries.items():
        assert "x-default" in links, loc
        # Each alternate lists this URL back under its own language (what search engines require).
        for language, href in links.items():
            if language != "x-default" and href in entries:
                assert entries[href].get(language) == href
    listed = set(entries)
    assert f"{settings.SITE_URL}{site['public defender'].url}" in listed
    assert f"{settings.SITE_URL}{site['limited defender'].url}" in listed
    assert f"{settings.SITE_URL}{site['protected defender'].url}" not in listed
    assert entries[f"{settings.SITE_URL}/ca/"]["x-default"] == f"{settings.SITE_URL}/"
    # Public views that are not pages of their own: the agenda, the cities' list and each city's profile.
    agenda = f"{settings.SITE_URL}{site['tour index'].url}agenda/"
    assert agenda in listed and entries[agenda]["x-default"] == agenda
    city = Municipality.objects.order_by("sort_name").first()
    profiles = {code: f"{settings.SITE_URL}/{code}/{part}/{city.slug}/" for code, part in CITIES.items()}
    assert set(profiles.values()) <= listed
    assert entries[profiles["es"]] == {**profiles, "x-default": profiles["ca"]}
    assert {f"{settings.SITE_URL}/{code}/{part}/" for code, part in CITIES.items()} <= listed
    assert len([loc for loc in listed if "/ciutats/" in loc]) == Municipality.objects.count() + 1


def test_site_url_is_checked_at_start_up():
    assert site_url_from_env("https://ciutatsdefensores.cat/") == "https://ciutatsdefensores.cat"
    assert site_url_from_env("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    for wrong in ("ciutatsdefensores.cat", "ftp://x.example", "https://x.example/ca/", "https://x.example:8443"):
        with pytest.raises(ImproperlyConfigured):
            site_url_from_env(wrong)


def test_admin_and_api_base_urls_default_to_site_url():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cdhr_cms.settings.test", "SITE_URL": PUBLIC_ADDRESS}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL]))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [PUBLIC_ADDRESS] * 3


def test_setup_site_moves_the_site_to_site_url_and_every_output_follows(client, site):
    assert Site.objects.get(is_default_site=True).root_url == settings.SITE_URL
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "SITE_URL", PUBLIC_ADDRESS)
        patch.setattr(settings, "WAGTAILAPI_BASE_URL", PUBLIC_ADDRESS)
        output = io.StringIO()
        call_command("setup_site", stdout=output)
        assert "site address https://ciutats.example" in output.getvalue()
        default = Site.objects.get(is_default_site=True)
        assert (default.hostname, default.port, default.root_url) == ("ciutats.example", 443, PUBLIC_ADDRESS)
        again = io.StringIO()
        call_command("setup_site", stdout=again)
        assert "nothing to do" in again.getvalue()  # idempotent

        # The request arrives on another host name: the outputs still name the public address.
        document = sitemap(client)
        locations = [loc.text for loc in document.findall("s:url/s:loc", NS)]
        assert locations and all(loc.startswith(f"{PUBLIC_ADDRESS}/") for loc in locations)
        html = client.get(site["news"].url).content.decode()
        assert f'<link rel="canonical" href="{PUBLIC_ADDRESS}{site["news"].url}">' in html
        assert f'<meta property="og:image" content="{PUBLIC_ADDRESS}{site["news"].url}share-card.png">' in html
        assert f'"url": "{PUBLIC_ADDRESS}{site["news"].url}"' in html
        assert f"Sitemap: {PUBLIC_ADDRESS}/sitemap.xml" in client.get("/robots.txt").content.decode()
        rss = client.get(site["news index"].url + "rss.xml").content.decode()
        assert f"<link>{PUBLIC_ADDRESS}{site['news'].url}</link>" in rss
        calendar = Calendar.from_ical(client.get(site["programme"].url + "calendari.ics").content)
        assert all(str(event["URL"]).startswith(PUBLIC_ADDRESS) for event in calendar.walk("VEVENT"))
        api = json.loads(client.get(f"/api/v2/pages/{site['tour'].pk}/").content)
        assert api["meta"]["html_url"] == f"{PUBLIC_ADDRESS}{site['tour'].url}"
        assert api["meta"]["detail_url"].startswith(f"{PUBLIC_ADDRESS}/api/v2/pages/")
        assert "testserver" not in html + rss


def test_deploy_check_warns_when_site_url_is_not_a_public_https_address(settings):
    from cdhr_cms.checks import site_url_is_public

    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [warning.id for warning in site_url_is_public(None)] == ["cdhr.W001"]
    settings.SITE_URL = "https://ciutatsdefensores.cat"
    assert site_url_is_public(None) == []
