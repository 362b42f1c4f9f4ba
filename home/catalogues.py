"""What a language's catalogue gives, worked out once per process: Django reads each language's catalogue once per
process too, so a word, a label or a translated route name stays the same until the process ends (issue 21: seven
words and two labels for each of a page's twenty event cards had been a tenth of its time in gettext)."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

# The settings a catalogue's answer depends on: a test that changes one reads the catalogues afresh.
CATALOGUE_SETTINGS = {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"}
_remembered = []


def once_per_language(function):
    """`function(language, *arguments)`, run in `language` (`translation.override`) once per process for each
    language and arguments, which must be hashable."""

    @functools.lru_cache(maxsize=1024)
    def remembered(language, *arguments):
        with translation.override(language):
            return function(language, *arguments)

    _remembered.append(remembered)
    return functools.update_wrapper(remembered, function)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in CATALOGUE_SETTINGS:
        for remembered in _remembered:
            remembered.cache_clear()
