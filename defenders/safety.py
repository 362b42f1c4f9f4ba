"""The one rule that decides what the public may see of a defender (see ../shared/DESIGN.md, "safety levels").

Every public channel — profile page, directory, search, API, sitemap, feeds, calendars, CSV, JSON-LD, Open Graph,
events — asks this module. Templates never test `safety_level` themselves.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from wagtail.models import Site

from home.catalogues import once_per_language
from home.opendata import CREATIVE_COMMONS_URLS
from home.queries import request_memo


def split_organisations(text):
    """A person's organisations, written in one field separated by ";"."""
    return [name.strip() for name in (text or "").split(";") if name.strip()]


class SafetyLevel(models.TextChoices):
    PUBLIC = "public", _("Public: full name, photo, organisation and region")
    LIMITED = "limited", _("Limited: chosen display name, no photo, no region")
    PROTECTED = "protected", _("Protected: pseudonym and country only, not indexed")


# Levels whose profiles may appear in listings, machine-readable channels (API, sitemap, CSV, JSON-LD).
LISTED_IN_DATA = (SafetyLevel.PUBLIC, SafetyLevel.LIMITED)
# Biography blocks that carry a face: an image, or a video (an interview shows the face and usually says the name).
# Dropped for every level but public.
IMAGE_BLOCKS = ("image", "video")


@dataclass
class PublicDefender:
    """What the public may know of one defender, read from the person (`Defender`) behind a profile page. Built
    only by `public_view()`."""

    page: object
    person: object
    name: str
    country: object
    show_photo: bool
    show_organisation: bool
    show_region: bool
    indexable: bool
    in_open_data: bool
    # schema.org JSON-LD (a machine-readable identity card) only for people who chose to be fully public.
    structured_data: bool = False
    # The portrait with its renditions loaded in advance, when a caller did (use_renditions).
    _portrait: object = None

    @property
    def listed(self):
        """May this profile appear in listings: directory, site search, related defenders, feeds."""
        return self.in_open_data

    @property
    def level(self):
        return self.person.safety_level if self.person else SafetyLevel.PROTECTED

    @property
    def portrait_id(self):
        return self.person.portrait_id if self.show_photo else None

    @property
    def portrait(self):
        if not self.portrait_id:
            return None
        return self._portrait or self.person.portrait

    def use_renditions(self, images):
        """Take the portrait from `images` ({id: image with prefetched renditions}) when it is there."""
        if self.portrait_id and self.portrait_id in images:
            self._portrait = images[self.portrait_id]

    @property
    def organisation(self):
        return self.person.organisation if self.show_organisation else ""

    @property
    def region(self):
        return self.person.region if self.show_region else ""

    @property
    def language(self):
        """The page's language: the one its words (and the portrait's description) are shown in."""
        from wagtail.models import Page

        if Page.locale.is_cached(self.page):
            return self.page.locale.language_code
        return translation.get_language() or settings.LANGUAGE_CODE

    @property
    def portrait_alt(self):
        return self.person.portrait_text(self.language).alt_text if self.show_photo else ""

    @property
    def portrait_caption(self):
        return self.person.portrait_text(self.language).caption if self.show_photo else ""

    @property
    def portrait_credit(self):
        return self.person.portrait_credit if self.show_photo else ""

    @property
    def country_name(self):
        """The country's name in the active language (every level shows the country)."""
        return country_name(self.country)

    @property
    def portrait_licence(self):
        return self.person.get_portrait_licence_display() if self.show_photo else ""

    @property
    def portrait_licence_url(self):
        """The licence's public text, "" for licences without one (press use, all rights reserved)."""
        return CREATIVE_COMMONS_URLS.get(self.person.portrait_licence, "") if self.show_photo else ""

    @property
    def organisations(self):
        return split_organisations(self.organisation)

    @property
    def summary(self):
        return self.page.summary

    @property
    def biography(self):
        """The biography, without its images and videos unless the photo may be shown ("no image anywhere")."""
        if self.show_photo:
            return list(self.page.biography)
        return [block for block in self.page.biography if block.block_type not in IMAGE_BLOCKS]

    @property
    def links(self):
        return list(self.page.links)

    @property
    def url(self):
        page = self.page
        if "_wagtail_cached_site_root_paths" not in page.__dict__:
            # Wagtail reads the sites' root paths from Django's cache for each page asked its URL without a request
            # (a file read per defender in production); the page keeps them when given, so read them once a request.
            page._wagtail_cached_site_root_paths = request_memo("site_root_paths", Site.get_site_root_paths)
        return page.url or ""  # "" for a profile outside every site (an editor's copy at the top of the tree)

    def mention(self, request=None):
        """How a list names this defender in passing (a tour's participants, the people a city hosted)."""
        return DefenderMention(self.page.get_url(request) or "", str(self.name), country_name(self.country))

    def as_data(self, request=None):
        """The machine-readable profile (API, CSV). Only what this level allows; never consent or legal name."""
        portrait = self.portrait
        return {
            "name": self.name,
            "country": self.country.code if self.country else "",
            "country_name": country_name(self.country),
            "region": self.region,
            "organisations": self.organisations,
            "summary": self.summary,
            "portrait": portrait.file.url if portrait else None,
            "portrait_alt": self.portrait_alt,
            "portrait_credit": self.portrait_credit,
            "safety_level": self.level,
        }

    def json_ld(self, request):
        """schema.org Person for public defenders, None for everyone else."""
        if not self.structured_data:
            return None
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": self.name,
            "url": self.page.get_full_url(request),
            "nationality": {"@type": "Country", "name": country_name(self.country)},
        }
        if self.summary:
            data["description"] = self.summary
        if self.organisations:
            data["affiliation"] = [{"@type": "Organization", "name": name} for name in self.organisations]
        if self.region:
            data["homeLocation"] = {"@type": "Place", "name": self.region}
        return data


@dataclass(frozen=True)
class DefenderMention:
    """A defender named in passing: the address of their profile, the name their safety level allows (never the legal
    name) and their country's name in the active language, as plain data for `{% written_once %}`. Made only by
    `PublicDefender.mention()`."""

    url: str
    name: str
    country: str


def country_name(country):
    """A country's name in the active language, "" for none. Worked out once per process for each country and
    language: django-countries looks the name up afresh at every call (19 µs; a directory page names eight)."""
    return _country_name(translation.get_language(), country.code) if country else ""


@once_per_language
def _country_name(language, code):
    return str(Country(code).name)


def shows_organisation(level):
    return level in (SafetyLevel.PUBLIC, SafetyLevel.LIMITED)


def shows_region(level):
    return level == SafetyLevel.PUBLIC


# What `public_view()` reads of a person, and with it what a listing of people shows of each (`mention()`, the
# defenders of an event, a tour's press photos with their credits): a listing that names people loads these of each
# person and nothing else (editions/models.py `for_naming`), never the legal name, the consent records or the
# bookkeeping of drafts.
PUBLIC_VIEW_PERSON_FIELDS = ("live", "safety_level", "display_name", "country")
PORTRAIT_CREDIT_FIELDS = ("portrait", "portrait_credit", "portrait_licence")
NAMING_PERSON_FIELDS = (*PUBLIC_VIEW_PERSON_FIELDS, "region", "organisation", *PORTRAIT_CREDIT_FIELDS)


def public_view(defender):
    """Return the PublicDefender for a DefenderPage: the only way templates and channels read a defender.

    Everything comes from the page's person, the same record for every language. A page without a person, or
    whose person was never published, shows as protected with a neutral name: it is never public anyway.
    """
    person = defender.person if defender.person_id else None
    if person is None or not person.live:
        level, name, country = SafetyLevel.PROTECTED, gettext("Defender"), None
    else:
        level, name, country = person.safety_level, person.display_name, person.country
    return PublicDefender(
        page=defender,
        person=person,
        # display_name is the chosen name (limited) or the pseudonym (protected); the legal name is never used.
        name=name,
        country=country,
        show_photo=level == SafetyLevel.PUBLIC,
        show_organisation=shows_organisation(level),
        show_region=shows_region(level),
        indexable=level != SafetyLevel.PROTECTED,
        in_open_data=level in LISTED_IN_DATA,
        structured_data=level == SafetyLevel.PUBLIC,
    )


# From the most open to the most closed: raising a level moves right, and is never held back.
LEVEL_ORDER = (SafetyLevel.PUBLIC, SafetyLevel.LIMITED, SafetyLevel.PROTECTED)


def is_raise(old_level, new_level):
    """Does going from `old_level` to `new_level` show less of the person?"""
    return LEVEL_ORDER.index(new_level) > LEVEL_ORDER.index(old_level)
