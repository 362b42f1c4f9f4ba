"""`manage.py reset_2fa <username>`: the administrators' way back in for someone who lost their phone and codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.devices import reset_two_factor


class Command(BaseCommand):
    help = "Remove a user's two-factor devices and recovery codes; they enrol again at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        count = reset_two_factor(user)
        self.stdout.write(self.style.SUCCESS(f"Two-factor reset for {username} ({count} devices/codes removed)."))
