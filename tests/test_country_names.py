from django.utils import translation
from django_countries.fields import Country

from defenders.safety import country_name


def test_a_countrys_name_follows_the_language_and_the_sites_own_names():
    """Names are remembered per process (`country_name`), for each language: each reader gets their own."""
    germany = Country("DE")
    names = {}
    for language in ("ca", "es", "en"):
        with translation.override(language):
            names[language] = country_name(germany)
            assert names[language] == str(germany.name)
    assert names == {"ca": "Alemanya", "es": "Alemania", "en": "Germany"}
    # The site's own names (COUNTRIES_OVERRIDE, cdhr_cms/settings/base.py) as django-countries gives them.
    with translation.override("ca"):
        assert country_name(Country("PH")) == str(Country("PH").name) == "Filipines"
    assert country_name(None) == country_name(Country("")) == ""
