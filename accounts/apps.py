from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Not a data app (no models): it exists so that the session rules' and the admin language's signals are
    connected at start-up, in the web server and in management commands alike."""

    name = "accounts"
    label = "cdhr_accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import language, sessions

        sessions.connect()
        language.connect()
