"""How the print kit writes dates and times: in the active language's own format (Django's locale formats).

The one place the printed files format a date, so that it can follow the site's date formatting wherever that goes.
"""

from django.utils import timezone
from django.utils.formats import date_format

STYLES = {
    "date": "DATE_FORMAT",  # 13 de abril de 2027 / April 13, 2027
    "time": "TIME_FORMAT",  # 18:30 / 6:30 p.m.
    "weekday": "l",  # martes / Tuesday
}


def local_date(value, style="date"):
    """`value` (a date, or an aware datetime shown in the site's time zone) in the active language."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    if style == "day":
        return f"{date_format(value, STYLES['weekday'])}, {date_format(value, STYLES['date'])}"
    return date_format(value, STYLES[style])


def date_range(first, last):
    """ "13 de abril de 2027" for one day, "12 de abril de 2027 – 21 de abril de 2027" for several."""
    if first is None:
        return ""
    if last is None or last == first:
        return local_date(first)
    return f"{local_date(first)} – {local_date(last)}"
