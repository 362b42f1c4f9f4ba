import json

from django import template
from django.urls import reverse
from wagtail.models import Page

from home.editorial_guards import may_convert_to_alias
from home.translation_status import may_hand_over

register = template.Library()


@register.simple_tag(takes_context=True)
def hand_over_url(context, translation, instance):
    """The translator's "submit for review" address for this translation, or "" for someone who may not hand it over
    (moderators publish instead; council staff never translate)."""
    if not may_hand_over(context["request"].user, instance):
        return ""
    return reverse("translation_submit_for_review", args=[translation.pk])


@register.simple_tag(takes_context=True)
def editor_props(context, props, instance):
    """wagtail-localize's editor props without "Convert to alias page" for someone who may not publish the page:
    its editor offers that action from these props (not from Wagtail's action menu, where `editorial_guards` hides it),
    and the conversion publishes at once."""
    user = context["request"].user
    if not isinstance(instance, Page) or may_convert_to_alias(user, instance):
        return props
    data = json.loads(props)
    data.get("links", {})["convertToAliasUrl"] = None
    return json.dumps(data)
