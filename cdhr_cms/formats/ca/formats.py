# Catalan. `E` is the month with its preposition, elided before a vowel ("d'abril", "de maig"): Django's
# "alt. month" names, given in our catalogue (home/formatting.py), since Django's own Catalan ones are bare.
DATE_FORMAT = r"j E \d\e Y"  # 12 d'abril de 2027
WEEKDAY_DATE_FORMAT = r"l, j E \d\e Y"  # dilluns, 12 d'abril de 2027
TIME_FORMAT = "G:i"  # 9:30, 18:30
DATETIME_FORMAT = r"j E \d\e Y, G:i"  # 12 d'abril de 2027, 18:30
WEEKDAY_DATETIME_FORMAT = r"l, j E \d\e Y, G:i"  # dilluns, 12 d'abril de 2027, 18:30
YEAR_MONTH_FORMAT = r"F \d\e Y"  # abril de 2027
MONTH_DAY_FORMAT = r"j E"  # 12 d'abril
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y G:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
