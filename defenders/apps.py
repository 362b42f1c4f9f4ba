from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _


class DefendersConfig(AppConfig):
    name = "defenders"
    verbose_name = _("Defenders")

    def ready(self):
        from wagtail.images import get_image_model
        from wagtail.signals import page_unpublished

        from .files import untag_hidden_images
        from .images import clean_uploaded_image, keep_likeness
        from .models import Defender, DefenderPage

        # Every image, not only portraits: see defenders/images.py.
        pre_save.connect(clean_uploaded_image, sender=get_image_model(), dispatch_uid="defenders_clean_image")
        post_save.connect(keep_likeness, sender=get_image_model(), dispatch_uid="defenders_keep_likeness")
        # A picture may have become hidden: it keeps no tag (defenders/files.py).
        for sender in (Defender, DefenderPage):
            post_save.connect(untag_hidden_images, sender=sender, dispatch_uid=f"defenders_untag_{sender.__name__}")
        page_unpublished.connect(untag_hidden_images, sender=DefenderPage, dispatch_uid="defenders_untag_unpublished")
