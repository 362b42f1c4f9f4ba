"""The one way dates, times and numbers are written for people: pages, feeds, calendars' text, e-mails, admin views.

Each language's conventions live in its format module (cdhr_cms/formats/<lang>/formats.py); templates use the
filters of `{% load formatting %}` and Python code these functions, never a format string of their own. Times are
always shown in the site's time zone (settings.TIME_ZONE), where the events take place, whatever the server's or
the admin user's own zone.

    ca  dilluns, 12 d'abril de 2027 · 12 d'abril de 2027 · 18:30 · 1.234,5
    es  lunes, 12 de abril de 2027 · 12 de abril de 2027 · 18:30 · 1 234,5
    en  Monday 12 April 2027 · 12 April 2027 · 18:30 · 1,234.5
"""

import datetime
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy

# Catalan writes a month after a day with its preposition, elided before a vowel: "12 d'abril", "1 de maig". Django's
# `E` date format ("alt. month") exists for such forms, but Django's own Catalan catalogue gives the bare names and
# capitalises the weekdays ("Dilluns"). Declared here so that our catalogues (which Django reads first) carry the
# right forms; the Spanish and English formats do not use `E`.
MONTHS_AFTER_A_DAY = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)

SITE_TIME_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def site_time(value):
    """An aware datetime in the site's time zone; dates and naive values unchanged."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, SITE_TIME_ZONE)
    return value


def _pattern(name):
    """The active language's format `name`: Django's named formats, or one of ours (WEEKDAY_DATE_FORMAT, ...)."""
    if name in formats.FORMAT_SETTINGS:
        return formats.get_format(name)
    for module in formats.get_format_modules(get_language()):
        pattern = getattr(module, name, None)
        if pattern is not None:
            return pattern
    raise ImproperlyConfigured(f"No {name} in the format modules of {get_language()!r} (cdhr_cms/formats/).")


def _format(value, name):
    if value is None or value == "":
        return ""
    return _written(site_time(value), name, get_language())


@functools.lru_cache(maxsize=4096)
def _written(value, name, language):
    """`value` (already in the site's time zone) written with format `name` in `language`: the same few event times
    are written on every listing, and Django's formatter reads the format string and the month's and day's names
    afresh each time (a tenth of the agenda's render). The result depends on nothing else while the settings stay
    (the catalogues are loaded once per process; `_forget_written` below empties it when a test changes a setting
    it reads). Two values that compare equal read the same in the site's zone: the one pair that compares equal
    while being different times, an hour that the autumn clock change repeats, differs only in its offset, which
    none of our formats writes (`tests/test_formatting.py` checks the formats)."""
    if name == "TIME_FORMAT":
        return formats.time_format(value, _pattern(name))
    return formats.date_format(value, _pattern(name))


# The settings a date's writing depends on.
FORMAT_SETTINGS = {"FORMAT_MODULE_PATH", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "TIME_ZONE", "USE_TZ"}


@receiver(setting_changed)
def _forget_written(*, setting, **kwargs):
    if setting in FORMAT_SETTINGS:
        _written.cache_clear()


def long_date(value):
    """12 d'abril de 2027 · 12 de abril de 2027 · 12 April 2027"""
    return _format(value, "DATE_FORMAT")


def full_date(value):
    """dilluns, 12 d'abril de 2027 · lunes, 12 de abril de 2027 · Monday 12 April 2027"""
    return _format(value, "WEEKDAY_DATE_FORMAT")


def day_month(value):
    """12 d'abril · 12 de abril · 12 April"""
    return _format(value, "MONTH_DAY_FORMAT")


def short_time(value):
    """18:30 in the site's time zone."""
    return _format(value, "TIME_FORMAT")


def long_datetime(value):
    """12 d'abril de 2027, 18:30 · 12 de abril de 2027, 18:30 · 12 April 2027, 18:30"""
    return _format(value, "DATETIME_FORMAT")


def full_datetime(value):
    """dilluns, 12 d'abril de 2027, 18:30 · lunes, 12 de abril de 2027, 18:30 · Monday 12 April 2027, 18:30"""
    return _format(value, "WEEKDAY_DATETIME_FORMAT")


def short_date(value):
    """12/04/2027"""
    return _format(value, "SHORT_DATE_FORMAT")


def number(value, decimals=None):
    """1.234,5 · 1 234,5 · 1,234.5 (grouped whatever USE_THOUSAND_SEPARATOR says; `decimals` fixes the places)."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def iso_date(value):
    """2027-04-12: for machines (`<time datetime>`, ids), in the site's time zone."""
    if value is None or value == "":
        return ""
    value = site_time(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


def iso_datetime(value):
    """2027-04-12T18:30:00+02:00: for machines, in the site's time zone."""
    if value is None or value == "":
        return ""
    return site_time(value).isoformat()


def display_value(value):
    """A field's value as an admin screen shows it: dates and times through this module, nothing as "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return long_datetime(value)
    if isinstance(value, datetime.date):
        return long_date(value)
    return value
