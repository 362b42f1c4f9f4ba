"""What `manage.py setup_site` does for the home app: locales, the site, the home pages, the consortium data and the
standard pages. Every step looks for what exists before creating anything, so a second run changes nothing."""

import csv
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import Locale, Page, Site

from . import roles
from .content import FOOTER_PAGES, HOME, INSTITUTION_DESCRIPTIONS, OPEN_DATA, STANDARD_PAGES
from .models import (
    HomePage,
    Institution,
    Municipality,
    OpenDataPage,
    PressOffice,
    StandardPage,
)
from .site_url import site_address
from .translation import publish_translation

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_LANGUAGE = "ca"
OPEN_DATA_SLUG = "dades-obertes"
TARGET_LANGUAGES = ("es", "en")


@dataclass
class SetupContext:
    """Handed from app to app by setup_site: what has been built so far."""

    stdout: object
    demo: bool = False
    homes: dict = field(default_factory=dict)  # language code -> HomePage
    created: list = field(default_factory=list)

    def log(self, message):
        self.created.append(message)
        self.stdout.write(f"  {message}")


def stream(items, key):
    """StreamField data with block ids derived from `key`, so a translation's blocks carry the source's ids."""
    return [
        {"type": block_type, "value": value, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}/{index}"))}
        for index, (block_type, value) in enumerate(items)
    ]


def ensure_locales(context):
    for code, _name in settings.LANGUAGES:
        _locale, created = Locale.objects.get_or_create(language_code=code)
        if created:
            context.log(f"locale {code}")


def publish_new_page(parent, page):
    """Add `page` under `parent`, validated (Wagtail 7+ no longer validates drafts by itself) and published."""
    page.full_clean(exclude=["path", "depth"])
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate_into_all(instance, values_by_language, key=None):
    """Publish the es/en translations of `instance` unless they exist already."""
    for code in TARGET_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        if instance.has_translation(locale):
            continue
        values = dict(values_by_language[code])
        if "body" in values:
            values["body"] = stream(values["body"], key)
        publish_translation(instance, locale, values)


def set_on_every_language(page, **values):
    """Give synchronised fields of `page` the same values in all its languages (as wagtail-localize would on its
    next sync) and publish each. For links to content that later apps create (tours, defenders, themes)."""
    for translation in page.get_translations(inclusive=True).specific():
        for name, value in values.items():
            if translation._meta.get_field(name).many_to_many:
                getattr(translation, name).set(value)
            else:
                setattr(translation, name, value)
        translation.save_revision().publish()


def ensure_site(context, home):
    """The default Wagtail site: rooted at the Catalan home page, on the host name and port of SITE_URL, so that
    every absolute page URL (sitemap, API, feeds) is on the public address."""
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME
        )
        context.log(f"site {settings.SITE_URL}")
        return
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        context.log("site root")
    if (site.hostname, site.port) != (hostname, port):
        if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
            raise CommandError(f"Another Wagtail site already uses {settings.SITE_URL}: remove it in Settings → Sites.")
        site.hostname, site.port = hostname, port
        site.save()
        context.log(f"site address {settings.SITE_URL}")


def ensure_home_pages(context):
    source_locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=source_locale).first()
    if home is None:
        # Wagtail's first migration leaves a plain "Welcome" page where our home page belongs.
        for welcome in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
            if welcome.slug == "home":
                welcome.slug = f"welcome-{welcome.pk}"
                welcome.save()
        home = HomePage(slug="home", locale=source_locale, **HOME["ca"])
        publish_new_page(root, home)
        context.log("home page (ca)")
    ensure_site(context, home)
    for welcome in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
        welcome.delete()
    translate_into_all(home, HOME)
    context.homes = {page.locale.language_code: page for page in HomePage.objects.select_related("locale")}


def ensure_standard_pages(context):
    home = context.homes[SOURCE_LANGUAGE]
    pages = [(slug, languages, True) for slug, languages in STANDARD_PAGES.items()]
    pages += [(slug, languages, False) for slug, languages in FOOTER_PAGES.items()]
    for slug, languages, in_menu in pages:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            fields = dict(languages["ca"])
            fields["body"] = stream(fields["body"], slug)
            page = publish_new_page(home, StandardPage(slug=slug, show_in_menus=in_menu, **fields))
            context.log(f"page {slug}")
        translate_into_all(page, languages, key=slug)


def ensure_open_data_page(context):
    home = context.homes[SOURCE_LANGUAGE]
    page = OpenDataPage.objects.child_of(home).first()
    if page is None:
        page = publish_new_page(home, OpenDataPage(slug=OPEN_DATA_SLUG, **OPEN_DATA["ca"]))
        context.log("open data page")
    translate_into_all(page, OPEN_DATA)


# The press officer is a (fictional) person: a name reads the same in every language, while a desk's name ("Oficina de
# premsa") would stay Catalan on the Spanish and English press rooms. The example.org address marks it as a demo.
DEMO_PRESS_OFFICER = "Laia Ferrer Vidal"
EARLIER_DEMO_PRESS_OFFICE = "Oficina de premsa · Ciutats Defensores (demo)"


def ensure_demo_press_office(context):
    office = PressOffice.for_site(Site.objects.get(is_default_site=True))
    if not office.is_set or office.name == EARLIER_DEMO_PRESS_OFFICE:
        office.name = DEMO_PRESS_OFFICER
        office.email = office.email or "premsa@ciutatsdefensores.example.org"
        office.phone = office.phone or "+34 900 000 000"
        office.save()
        context.log("press office")


def _read_csv(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def ensure_institutions(context):
    source_locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    for order, row in enumerate(_read_csv("institutions.csv")):
        institution = Institution.objects.filter(locale=source_locale, name=row["name"]).first()
        if institution is None:
            descriptions = INSTITUTION_DESCRIPTIONS.get(row["acronym"], {})
            institution = Institution(
                locale=source_locale,
                name=row["name"],
                acronym=row["acronym"],
                role=row["role"],
                description=descriptions.get("ca", ""),
                sort_order=order,
            )
            institution.save()
            institution.save_revision().publish()
            context.log(f"institution {row['name']}")
        descriptions = INSTITUTION_DESCRIPTIONS.get(institution.acronym)
        values = {code: {"name": institution.name} for code in TARGET_LANGUAGES}
        if descriptions:
            for code in TARGET_LANGUAGES:
                values[code]["description"] = descriptions[code]
        translate_into_all(institution, values)


def ensure_municipalities(context):
    for row in _read_csv("municipalities.csv"):
        _municipality, created = Municipality.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "comarca": row["comarca"],
                "province": row["province"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
            },
        )
        if created:
            context.log(f"municipality {row['name']}")


def setup(context):
    with transaction.atomic():
        ensure_locales(context)
    ensure_home_pages(context)
    ensure_standard_pages(context)
    ensure_open_data_page(context)
    ensure_institutions(context)
    ensure_municipalities(context)
    # Groups, permissions and workflows (home/roles.py); after the municipalities, which get a group each.
    roles.setup(context)


def create_demo(context):
    roles.create_demo_users(context)
    # Said on every run (not logged as created): how a newcomer gets into the admin and publishes scheduled pages.
    if settings.CDHR_OTP_REQUIRED:
        context.stdout.write(
            "  Two-factor authentication is required for moderators and superusers: they enrol a TOTP app at first "
            "login (set OTP_REQUIRED=false in development to skip it)."
        )
    else:
        context.stdout.write(
            "  Two-factor authentication is optional here (development, OTP_REQUIRED=false); production requires it "
            "for moderators and superusers."
        )
    context.stdout.write(
        "  Scheduled publishing (go-live/expiry dates) needs `make publish-scheduled` run every few minutes (cron)."
    )


def link_demo(context):
    """After every app's demo content: the links from home's content to tours, defenders and themes."""
    ensure_demo_press_office(context)
