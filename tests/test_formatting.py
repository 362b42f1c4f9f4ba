"""The one formatting path for dates, times and numbers (home/formatting.py, cdhr_cms/formats/), in each language.

Catalan elides the preposition before a vowel ("d'abril", "d'octubre") and not before a consonant ("de maig");
Spanish puts "de" before month and year; English is British ("Monday 12 April 2027", never "April 12, 2027").
Times are the site's (Europe/Madrid), whatever time zone is active.
"""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from home import formatting

UTC = datetime.UTC
MONDAY = datetime.date(2027, 4, 12)
# 16:30 UTC is 18:30 in Barcelona in summer time (UTC+2) and 17:30 in winter time (UTC+1).
SUMMER_EVENING = datetime.datetime(2027, 4, 12, 16, 30, tzinfo=UTC)
WINTER_EVENING = datetime.datetime(2026, 12, 1, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "dilluns, 12 d'abril de 2027"),
        ("es", "lunes, 12 de abril de 2027"),
        ("en", "Monday 12 April 2027"),
    ],
)
def test_full_date_with_weekday(language, expected):
    with translation.override(language):
        assert formatting.full_date(MONDAY) == expected


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("ca", datetime.date(2027, 4, 12), "12 d'abril de 2027"),
        ("ca", datetime.date(2027, 5, 1), "1 de maig de 2027"),
        ("ca", datetime.date(2026, 8, 3), "3 d'agost de 2026"),
        ("ca", datetime.date(2026, 10, 31), "31 d'octubre de 2026"),
        ("ca", datetime.date(2027, 1, 20), "20 de gener de 2027"),
        ("es", datetime.date(2027, 5, 1), "1 de mayo de 2027"),
        ("es", datetime.date(2026, 10, 31), "31 de octubre de 2026"),
        ("en", datetime.date(2027, 5, 1), "1 May 2027"),
        ("en", datetime.date(2020, 2, 10), "10 February 2020"),
    ],
)
def test_long_date(language, day, expected):
    with translation.override(language):
        assert formatting.long_date(day) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ca", "3 d'octubre"), ("es", "3 de octubre"), ("en", "3 October")],
)
def test_day_and_month(language, expected):
    with translation.override(language):
        assert formatting.day_month(datetime.date(2026, 10, 3)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "dilluns, 12 d'abril de 2027, 18:30"),
        ("es", "lunes, 12 de abril de 2027, 18:30"),
        ("en", "Monday 12 April 2027, 18:30"),
    ],
)
def test_full_datetime_is_in_the_site_time_zone(language, expected):
    # Whatever zone is active (an admin user's, a server in UTC), the reader sees the time where the event happens.
    with translation.override(language), timezone.override("UTC"):
        assert formatting.full_datetime(SUMMER_EVENING) == expected


def test_a_time_written_for_one_reader_is_written_afresh_in_the_next_readers_language():
    # Each worker remembers what it has written (home/formatting.py `_written`): by language, by instant and by
    # format, so that the same event reads in each reader's language, and the same instant given in another zone (a
    # row read back from the database in UTC, a value in the site's zone) reads the same.
    in_madrid = timezone.localtime(SUMMER_EVENING, zoneinfo.ZoneInfo("Europe/Madrid"))
    for language, weekday, time in [("ca", "dilluns", "18:30"), ("en", "Monday", "18:30"), ("ca", "dilluns", "18:30")]:
        with translation.override(language):
            assert formatting.full_datetime(SUMMER_EVENING).startswith(weekday)
            assert formatting.full_datetime(in_madrid) == formatting.full_datetime(SUMMER_EVENING)
            assert formatting.full_date(SUMMER_EVENING).startswith(weekday)
            assert formatting.short_time(SUMMER_EVENING) == time
    with translation.override("en"):
        assert formatting.short_time(datetime.datetime(2027, 4, 12, 7, 5, tzinfo=UTC)) == "09:05"
    with translation.override("ca"):
        assert formatting.short_time(datetime.datetime(2027, 4, 12, 7, 5, tzinfo=UTC)) == "9:05"


# Django's format characters that write a time zone or an offset: an hour the autumn clock change repeats reads the
# same twice without them, so each worker may remember a written time by its instant (home/formatting.py).
OFFSET_CHARACTERS = set("eIOTZUcr")


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_no_format_writes_a_time_zone(language):
    names = ["DATE_FORMAT", "WEEKDAY_DATE_FORMAT", "MONTH_DAY_FORMAT", "TIME_FORMAT", "DATETIME_FORMAT"]
    names += ["WEEKDAY_DATETIME_FORMAT", "SHORT_DATE_FORMAT"]
    with translation.override(language):
        for name in names:
            pattern = re.sub(r"\\.", "", formatting._pattern(name))  # escaped characters are written as they are
            assert not OFFSET_CHARACTERS & set(pattern), (name, pattern)


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_times_follow_summer_and_winter_time(language):
    with translation.override(language), timezone.override("America/New_York"):
        assert formatting.short_time(SUMMER_EVENING) == "18:30"
        assert formatting.short_time(WINTER_EVENING) == "17:30"


@pytest.mark.parametrize(
    ("language", "morning"),
    [("ca", "9:05"), ("es", "9:05"), ("en", "09:05")],
)
def test_morning_times(language, morning):
    with translation.override(language):
        assert formatting.short_time(datetime.datetime(2027, 4, 12, 7, 5, tzinfo=UTC)) == morning


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "12 d'abril de 2027, 18:30"),
        ("es", "12 de abril de 2027, 18:30"),
        ("en", "12 April 2027, 18:30"),
    ],
)
def test_long_datetime(language, expected):
    with translation.override(language):
        assert formatting.long_datetime(SUMMER_EVENING) == expected


@pytest.mark.parametrize(
    ("language", "whole", "decimal"),
    [
        ("ca", "1.234.567", "1.234,50"),
        ("es", "1\xa0234\xa0567", "1\xa0234,50"),
        ("en", "1,234,567", "1,234.50"),
    ],
)
def test_numbers(language, whole, decimal):
    with translation.override(language):
        assert formatting.number(1234567) == whole
        assert formatting.number(1234.5, 2) == decimal


def test_machine_formats_are_iso_in_the_site_time_zone():
    with timezone.override("UTC"):
        assert formatting.iso_datetime(SUMMER_EVENING) == "2027-04-12T18:30:00+02:00"
        # 23:30 UTC on the 11th is already the 12th in Barcelona.
        assert formatting.iso_date(datetime.datetime(2027, 4, 11, 23, 30, tzinfo=UTC)) == "2027-04-12"
    assert formatting.iso_date(MONDAY) == "2027-04-12"


def test_empty_values_render_as_nothing_and_admin_shows_a_dash():
    assert formatting.long_date(None) == ""
    assert formatting.short_time(None) == ""
    assert formatting.number(None) == ""
    assert formatting.display_value(None) == "—"
    with translation.override("ca"):
        assert formatting.display_value(SUMMER_EVENING) == "12 d'abril de 2027, 18:30"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "dilluns, 12 d&#x27;abril de 2027 · 18:30 · 12 d&#x27;abril de 2027 – 21 d&#x27;abril de 2027 · 2.500"),
        ("es", "lunes, 12 de abril de 2027 · 18:30 · 12 de abril de 2027 – 21 de abril de 2027 · 2\xa0500"),
        ("en", "Monday 12 April 2027 · 18:30 · 12 April 2027 – 21 April 2027 · 2,500"),
    ],
)
def test_template_filters(language, expected):
    template = Template(
        "{% load formatting %}{{ day|full_date }} · {{ start|short_time }} · {% date_span day end %} · {{ n|number }}"
    )
    context = Context({"day": MONDAY, "start": SUMMER_EVENING, "end": datetime.date(2027, 4, 21), "n": 2500})
    with translation.override(language):
        assert template.render(context) == expected


def test_django_named_formats_follow_the_same_conventions():
    """Wagtail's admin and Django's own `date` filter read these: the admin's dates match the site's."""
    from django.utils.formats import date_format

    with translation.override("ca"):
        assert date_format(datetime.date(2026, 12, 1)) == "1 de desembre de 2026"
    with translation.override("en"):
        assert date_format(datetime.date(2026, 12, 1)) == "1 December 2026"
        assert date_format(datetime.date(2020, 2, 10), "SHORT_DATE_FORMAT") == "10/02/2020"


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
# `|date`, `|time` or `|naturalday` with or without a format: every date shown goes through home/formatting.py.
HAND_FORMATTED = re.compile(r"\|\s*(date|time|naturalday|naturaltime)\b")


def test_no_template_formats_dates_by_hand():
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if HAND_FORMATTED.search(line):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()[:100]}")
    assert offenders == []


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_every_country_name_reads_as_a_name_in_every_language(language):
    from django_countries import countries

    # Profiles, JSON-LD and open data show these names: "filipines" or "El Salvador " would reach all of them.
    with translation.override(language):
        names = {code: str(name) for code, name in countries}
    assert len(names) > 240
    odd = {code: name for code, name in names.items() if name != name.strip() or not name[0].isupper()}
    assert odd == {}
    if language == "ca":
        assert names["PH"] == "Filipines" and names["SV"] == "El Salvador" and names["NF"] == "Illa Norfolk"
