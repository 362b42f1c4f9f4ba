"""The one rule that decides what the public may see of a defender (see ../shared/DESIGN.md, "safety levels").

Every public channel — profile page, directory, search, API, sitemap, feeds, calendars, CSV, JSON-LD, Open Graph,
events — asks this module. Templates never test `safety_level` themselves.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class SafetyLevel(models.TextChoices):
    PUBLIC = "public", _("Public: full name, photo, organisation and region")
    LIMITED = "limited", _("Limited: chosen display name, no photo, no region")
    PROTECTED = "protected", _("Protected: pseudonym and country only, not indexed")


# Levels whose profiles may appear in listings, machine-readable channels (API, sitemap, CSV, JSON-LD).
LISTED_IN_DATA = (SafetyLevel.PUBLIC, SafetyLevel.LIMITED)
# Biography blocks that carry an image: dropped for every level but public.
IMAGE_BLOCKS = ("image",)


@dataclass(frozen=True)
class PublicDefender:
    """What the public may know of one defender. Built only by `public_view()`."""

    page: object
    name: str
    country: object
    show_photo: bool
    show_organisation: bool
    show_region: bool
    indexable: bool
    in_open_data: bool
    # schema.org JSON-LD (a machine-readable identity card) only for people who chose to be fully public.
    structured_data: bool = False

    @property
    def listed(self):
        """May this profile appear in listings: directory, site search, related defenders, feeds."""
        return self.in_open_data

    @property
    def level(self):
        return self.page.safety_level

    @property
    def portrait(self):
        return self.page.portrait if self.show_photo else None

    @property
    def organisation(self):
        return self.page.organisation if self.show_organisation else ""

    @property
    def region(self):
        return self.page.region if self.show_region else ""

    @property
    def portrait_alt(self):
        return self.page.portrait_alt if self.show_photo else ""

    @property
    def portrait_credit(self):
        return self.page.portrait_credit if self.show_photo else ""

    @property
    def portrait_caption(self):
        return self.page.portrait_caption if self.show_photo else ""

    @property
    def portrait_licence(self):
        return self.page.get_portrait_licence_display() if self.show_photo else ""

    @property
    def portrait_licence_url(self):
        """The licence's public text, "" for licences without one (press use, all rights reserved)."""
        from home.opendata import CREATIVE_COMMONS_URLS

        return CREATIVE_COMMONS_URLS.get(self.page.portrait_licence, "") if self.show_photo else ""

    @property
    def organisations(self):
        return [name.strip() for name in self.organisation.split(";") if name.strip()]

    @property
    def summary(self):
        return self.page.summary

    @property
    def biography(self):
        """The biography, without its images unless the photo may be shown ("no image anywhere")."""
        if self.show_photo:
            return list(self.page.biography)
        return [block for block in self.page.biography if block.block_type not in IMAGE_BLOCKS]

    @property
    def links(self):
        return list(self.page.links)

    @property
    def url(self):
        return self.page.url

    def as_data(self, request=None):
        """The machine-readable profile (API, CSV). Only what this level allows; never consent or legal name."""
        portrait = self.portrait
        return {
            "name": self.name,
            "country": self.country.code,
            "country_name": str(self.country.name),
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
            "nationality": {"@type": "Country", "name": str(self.country.name)},
        }
        if self.summary:
            data["description"] = self.summary
        if self.organisations:
            data["affiliation"] = [{"@type": "Organization", "name": name} for name in self.organisations]
        if self.region:
            data["homeLocation"] = {"@type": "Place", "name": self.region}
        return data


def public_view(defender):
    """Return the PublicDefender for a DefenderPage: the only way templates and channels read a defender."""
    level = defender.safety_level
    return PublicDefender(
        page=defender,
        # display_name is the chosen name (limited) or the pseudonym (protected); the legal name is never used.
        name=defender.display_name,
        country=defender.country,
        show_photo=level == SafetyLevel.PUBLIC,
        show_organisation=level in (SafetyLevel.PUBLIC, SafetyLevel.LIMITED),
        show_region=level == SafetyLevel.PUBLIC,
        indexable=level != SafetyLevel.PROTECTED,
        in_open_data=level in LISTED_IN_DATA,
        structured_data=level == SafetyLevel.PUBLIC,
    )


def hidden_image_ids():
    """Images the public may not be pointed to: portraits and biography images of limited and protected defenders
    (all their languages, drafts included). The images API leaves them out."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.images import get_image_model
    from wagtail.models import ReferenceIndex

    from .models import DefenderPage

    hidden = DefenderPage.objects.exclude(safety_level=SafetyLevel.PUBLIC)
    image_type = ContentType.objects.get_for_model(get_image_model())
    referenced = ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(DefenderPage),
        object_id__in=[str(pk) for pk in hidden.values_list("pk", flat=True)],
        to_content_type=image_type,
    ).values_list("to_object_id", flat=True)
    ids = {int(pk) for pk in referenced if str(pk).isdigit()}
    ids.update(hidden.exclude(portrait=None).values_list("portrait_id", flat=True))
    return ids
