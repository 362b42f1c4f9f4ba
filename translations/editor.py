"""wagtail-localize's translation editor with the project's editorial rules, for our override of its template
(templates/wagtail_localize/admin/edit_translation.html, through translations/templatetags/editorial_tags.py)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.widgets import HeaderButton
from wagtail.models import Page

from home.editorial_guards import may_convert_to_alias

from .translation_status import HAND_OVER_LABEL, hand_over_url


def translation_editor_extras(user, translation, instance, props):
    """What our override of wagtail-localize's editor template changes, for `user` on the translation `instance`:

    - `props`: the editor's settings (JSON) without "Convert to alias page" for those who may not convert (the
      editor offers it to anyone who may edit the translation, as its main action; the view itself is refused in
      TranslationPublishGuardMiddleware);
    - `buttons`: the header's "Save translation as draft and submit for review" (translations/translation_status.py) for
      those who may hand the translation over, since the editor's own actions only publish.
    """
    if isinstance(instance, Page) and not may_convert_to_alias(user, instance):
        settings = json.loads(props)
        if settings.get("links", {}).get("convertToAliasUrl"):
            settings["links"]["convertToAliasUrl"] = None
            props = json.dumps(settings, cls=DjangoJSONEncoder)
    buttons = []
    submit_url = hand_over_url(user, translation, instance)
    if submit_url:
        buttons.append(HeaderButton(HAND_OVER_LABEL, submit_url, icon_name="resubmit", classname="button-secondary"))
    return {"props": props, "buttons": buttons}
