from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


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


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's Users area with the rules of accounts/users.py (in INSTALLED_APPS instead of "wagtail.users")."""

    user_viewset = "accounts.users.UserViewSet"
