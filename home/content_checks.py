"""The content checks editors see in the page editor's "Checks" panel and in the userbar of a previewed page.

Wagtail's checker runs a small set of axe-core rules. We add the rules about images without a text alternative:
every image an editor can place goes through an ImageBlock (alt text or an explicit "decorative" choice), and rich
text has no image feature, but a template change or an embed could still put an unlabelled image on a page, and the
editor should hear about it before publishing, not from a visitor.
"""

from wagtail.admin.userbar import ContentCheckerItem

EXTRA_RULES = ["image-alt", "input-image-alt", "role-img-alt", "svg-img-alt", "area-alt", "object-alt"]


class SiteContentChecker(ContentCheckerItem):
    axe_run_only = ContentCheckerItem.axe_run_only + EXTRA_RULES


def use_site_content_checker(request, items, page):
    for position, item in enumerate(items):
        # Wagtail 8 still builds its checker as the deprecated AccessibilityItem subclass.
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentChecker):
            items[position] = SiteContentChecker()
