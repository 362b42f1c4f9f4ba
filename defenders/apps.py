from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class DefendersConfig(AppConfig):
    name = "defenders"
    verbose_name = _("Defenders")

    def ready(self):
        from wagtail.images import get_image_model

        from .images import clean_uploaded_image

        # Every image, not only portraits: see defenders/images.py.
        pre_save.connect(clean_uploaded_image, sender=get_image_model(), dispatch_uid="defenders_clean_image")
