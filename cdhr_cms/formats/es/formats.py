# Spanish (Spain).
DATE_FORMAT = r"j \d\e F \d\e Y"  # 12 de abril de 2027
WEEKDAY_DATE_FORMAT = r"l, j \d\e F \d\e Y"  # lunes, 12 de abril de 2027
TIME_FORMAT = "G:i"  # 9:30, 18:30
DATETIME_FORMAT = r"j \d\e F \d\e Y, G:i"  # 12 de abril de 2027, 18:30
WEEKDAY_DATETIME_FORMAT = r"l, j \d\e F \d\e Y, G:i"  # lunes, 12 de abril de 2027, 18:30
YEAR_MONTH_FORMAT = r"F \d\e Y"  # abril de 2027
MONTH_DAY_FORMAT = r"j \d\e F"  # 12 de abril
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y G:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
# The RAE's recommendation (and Django's): a non-breaking space between groups of three, never a point.
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
