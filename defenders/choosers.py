"""Who may list the people (the `Defender` records) in the admin's choosers.

Wagtail's snippet chooser and wagtail-localize's snippet API list every record of a model to any signed-in admin
user, without asking for a permission on it. A person's display name is decided with their safety level, and a
person not yet published may still carry a name nobody agreed to show: the list of people is for those who work on
people (the consortium's editors and moderators), never for council staff or translators, who choose defenders'
profiles (pages) instead, through choosers that leave out those not offered to them.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.utils.deprecation import MiddlewareMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser

from .models import Defender

WORK_ON_PEOPLE = ("add", "change", "delete", "publish")
# wagtail-localize's snippet listing and detail (its editor's snippet chooser), by view name.
LOCALIZE_SNIPPET_API = ("wagtail_localize:snippets_api_listing", "wagtail_localize:snippets_api_detail")


def may_list_people(user):
    return ModelPermissionPolicy(Defender).user_has_any_permission(user, WORK_ON_PEOPLE)


class OnlyForThoseWhoWorkOnPeople:
    def dispatch(self, request, *args, **kwargs):
        if not may_list_people(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChoosePersonView(OnlyForThoseWhoWorkOnPeople, chooser.ChooseView):
    pass


class ChoosePersonResultsView(OnlyForThoseWhoWorkOnPeople, chooser.ChooseResultsView):
    pass


class PersonChosenView(OnlyForThoseWhoWorkOnPeople, chooser.SnippetChosenView):
    pass


class PeopleChosenView(OnlyForThoseWhoWorkOnPeople, chooser.SnippetChosenMultipleView):
    pass


class PersonCreateView(OnlyForThoseWhoWorkOnPeople, chooser.SnippetCreateView):
    pass


class PersonChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChoosePersonView
    choose_results_view_class = ChoosePersonResultsView
    chosen_view_class = PersonChosenView
    chosen_multiple_view_class = PeopleChosenView
    create_view_class = PersonCreateView


class PeopleListingMiddleware(MiddlewareMixin):
    """Refuses wagtail-localize's snippet API for the people to those who may not list them (its views are its
    own: a middleware is where our rule can meet them)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in LOCALIZE_SNIPPET_API:
            return None
        try:
            model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
        except (KeyError, LookupError):
            return None  # wagtail-localize answers 404 itself
        if model is Defender and not may_list_people(request.user):
            return HttpResponseForbidden()
        return None
