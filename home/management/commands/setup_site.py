"""Build (or complete) the site: `manage.py setup_site [--demo]`. Safe to run any number of times.

Each app contributes through an optional `<app>/setup.py` module with `setup(context)` for what every site needs and
`create_demo(context)` for demo content; they run in the order below, so later apps can rely on earlier ones.
`link_demo(context)` runs last, for demo content that points at a later app's (resources to tours, for example).
"""

import importlib
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.setup import SetupContext
from home.slugs import apply_translated_slugs

SETUP_APPS = ["home", "accounts", "news", "resources", "contact", "defenders", "editions", "statements"]
DEFAULT_DEMO_PASSWORD = "drets-humans-demo"  # noqa: S105 - documented demo credential, refused in production


class Command(BaseCommand):
    help = "Create locales, the site, the page tree and the consortium data; with --demo, demo content and users."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Also create demo content and demo users.")

    def handle(self, *args, demo=False, **options):
        if demo and not settings.CDHR_ALLOW_DEMO:
            raise CommandError("Demo content and demo users are refused under these settings (production).")
        context = SetupContext(stdout=self.stdout, demo=demo)
        modules = []
        for app in SETUP_APPS:
            try:
                modules.append(importlib.import_module(f"{app}.setup"))
            except ModuleNotFoundError as error:
                if error.name != f"{app}.setup":
                    raise
        self.stdout.write("Setting up the site…")
        for module in modules:
            if hasattr(module, "setup"):
                module.setup(context)
        if demo:
            password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
            context.demo_password = password
            self.ensure_demo_admin(context, password)
            self.stdout.write("Adding demo content…")
            for module in modules:
                if hasattr(module, "create_demo"):
                    module.create_demo(context)
            # Demo content of an earlier app that links to a later app's (a press release to its tour).
            for module in modules:
                if hasattr(module, "link_demo"):
                    module.link_demo(context)
        # Last, when every app has made its pages: each language's own slugs (home/slugs.py).
        apply_translated_slugs(context)
        summary = f"{len(context.created)} things created" if context.created else "nothing to do, all in place"
        self.stdout.write(self.style.SUCCESS(f"Site ready ({summary})."))

    def ensure_demo_admin(self, context, password):
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.org", password)
            context.log("demo user admin")
