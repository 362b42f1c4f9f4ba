from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and consortium")

    def ready(self):
        from . import queries, signals

        signals.connect()
        queries.connect()
