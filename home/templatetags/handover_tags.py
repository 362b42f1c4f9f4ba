from django import template
from django.urls import reverse

from home.translation_status import may_hand_over

register = template.Library()


@register.simple_tag(takes_context=True)
def hand_over_url(context, translation, instance):
    """The translator's "submit for review" address for this translation, or "" for someone who may not hand it over
    (moderators publish instead; council staff never translate)."""
    if not may_hand_over(context["request"].user, instance):
        return ""
    return reverse("translation_submit_for_review", args=[translation.pk])
