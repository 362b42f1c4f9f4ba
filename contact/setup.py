"""What `manage.py setup_site` does for the contact area: the contact page in every language."""

from home.setup import SOURCE_LANGUAGE, publish_new_page, translate_into_all

from .content import CONTACT
from .models import ContactPage

CONTACT_SLUG = "contacte"


def setup(context):
    ensure_contact_page(context)


def ensure_contact_page(context):
    home = context.homes[SOURCE_LANGUAGE]
    page = ContactPage.objects.child_of(home).first()
    if page is None:
        page = publish_new_page(home, ContactPage(slug=CONTACT_SLUG, show_in_menus=False, **CONTACT["ca"]))
        context.log("contact page")
    translate_into_all(page, CONTACT)
    return page
