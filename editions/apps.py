from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "editions"
    verbose_name = _("Editions")

    def ready(self):
        from .models import CityProgrammePage
        from .permissions import on_programme_saved
        from .printkit import checks  # noqa: F401 - registers the print kit's system checks

        post_save.connect(on_programme_saved, sender=CityProgrammePage, dispatch_uid="editions_grant_programme")
