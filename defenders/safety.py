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
    def url(self):
        return self.page.url


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
    )
