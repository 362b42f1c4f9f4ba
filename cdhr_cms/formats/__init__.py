"""Date, time and number formats of the site's three languages (FORMAT_MODULE_PATH in settings).

Django looks here before its own locale formats, for the public site and for the admin alike (Wagtail renders its
dates through the same named formats), so one definition serves every screen. Beyond Django's named formats each
module defines WEEKDAY_DATE_FORMAT and WEEKDAY_DATETIME_FORMAT, read by home/formatting.py.

Why Django's formats and not Babel (CLDR): Wagtail's admin formats through Django, so Babel would be a second path
beside it; and CLDR's own patterns are not the ones asked for here (CLDR 46 gives "dilluns, 12 d’abril del 2027"
and, for en_GB, "Monday, 12 April 2027"), so they would need overriding anyway.
"""
