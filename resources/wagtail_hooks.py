"""Hooks of the resources area: the teaching resources section of a defender's profile."""

from wagtail import hooks

from home.addresses import link_to

from .models import resources_linking_to

MAX_RESOURCES_ON_A_PROFILE = 6


@hooks.register("defender_profile_sections")
def teaching_resources_on_a_profile(request, defender_page):
    """A listed defender's profile names the resources built around them (a protected one's never does: no resource
    shows a protected defender, so none may point back to one)."""
    if not defender_page.public.listed:
        return None
    resources = resources_linking_to(defender_page, "related_defenders", limit=MAX_RESOURCES_ON_A_PROFILE)
    return resources and {
        "template": "resources/sections/defender.html",
        # Plain data, written once for what it shows.
        "context": {
            "resources": tuple(
                link_to(resource, resource.title, request, note=resource.get_level_display()) for resource in resources
            )
        },
        "order": 40,
    }


@hooks.register("tour_page_context")
def teaching_resources_on_a_tour(request, tour):
    return {"resources": resources_linking_to(tour, "related_tours")}
