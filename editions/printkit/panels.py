"""The "Print and share" tab of the tour and city programme editors.

For each language: whether that version is live, a preview of its poster (the latest draft, drawn from the PDF) and
the files to download — the draft's through the admin, and the public addresses to share once the page is live.
A version the user may not edit shows only its public addresses.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel, TabbedInterface
from wagtail.models import Locale

# (file, size, label) offered for each page type, in the order shown.
POSTERS = [("poster", "a4", _("A4 poster")), ("poster", "a3", _("A3 poster"))]
LEAFLETS = [("leaflet", "a5", _("A5 leaflet"))]


def files_for(page):
    from ..models import CityProgrammePage

    return POSTERS + LEAFLETS if isinstance(page, CityProgrammePage) else POSTERS


def query(size, bleed=False):
    return f"?size={size}" + ("&bleed=1" if bleed else "")


def language_entry(page, locale, user):
    """What the panel shows for the version of `page` in `locale` (None when there is none yet)."""
    translation = page.get_translation_or_none(locale)
    entry = {"locale": locale, "language": locale.get_display_name(), "page": translation}
    if translation is None:
        return entry
    translation = translation.specific
    files = files_for(translation)
    entry["live"] = translation.live
    if translation.permissions_for_user(user).can_edit():
        base = reverse("editions_print_kit", args=[translation.pk, "poster", "png"])
        entry["preview"] = base + query("a4")
        entry["drafts"] = [
            {
                "label": label,
                "url": reverse("editions_print_kit", args=[translation.pk, kind, "pdf"]) + query(size),
                "print_shop_url": reverse("editions_print_kit", args=[translation.pk, kind, "pdf"])
                + query(size, bleed=True),
            }
            for kind, size, label in files
        ]
    if translation.live:
        url = translation.get_full_url()
        entry["public_url"] = url
        entry["public"] = [{"label": label, "url": f"{url}{kind}.pdf{query(size)}"} for kind, size, label in files]
    return entry


class PrintKitPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "editions/print/admin_panel.html"

        class Media:
            css = {"all": ["editions/print_kit_admin.css"]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["saved"] = bool(page.pk)
            if page.pk:
                order = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
                locales = sorted(Locale.objects.all(), key=lambda locale: order.index(locale.language_code))
                context["languages"] = [language_entry(page, locale, self.request.user) for locale in locales]
            return context


def with_print_kit_tab(content_panels, promote_panels, settings_panels):
    """Wagtail's usual Content / Promote / Settings tabs, and "Print and share" after them."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings"), classname="settings"),
            ObjectList([PrintKitPanel(heading=_("Posters and leaflets"))], heading=_("Print and share")),
        ]
    )
