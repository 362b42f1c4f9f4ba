from django.apps import AppConfig


class SiteShellConfig(AppConfig):
    name = "cdhr_cms"
    verbose_name = "Site shell"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
        from .cache import connect_signals

        connect_signals()
