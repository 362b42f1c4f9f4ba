# English as written in Britain (the site's og:locale is en_GB), not Django's American default ("April 12, 2027").
DATE_FORMAT = "j F Y"  # 12 April 2027
WEEKDAY_DATE_FORMAT = "l j F Y"  # Monday 12 April 2027
TIME_FORMAT = "H:i"  # 09:30, 18:30
DATETIME_FORMAT = "j F Y, H:i"  # 12 April 2027, 18:30
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"  # Monday 12 April 2027, 18:30
YEAR_MONTH_FORMAT = "F Y"  # April 2027
MONTH_DAY_FORMAT = "j F"  # 12 April
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# Day first when typed in a form, as in Britain; ISO dates (2027-04-12) are always accepted too.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
