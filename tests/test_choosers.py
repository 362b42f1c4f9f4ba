"""Choices in the admin: the page's own language only, one per person or theme, labels that tell them apart
(home/choosers.py), through the admin's edit views."""

import pytest
from django.urls import reverse
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from defenders.models import Theme
from editions.factories import EventFactory, defender_directory, edition_index, make_defender, make_programme, make_tour
from home.models import Municipality
from tests.conftest import member


@pytest.fixture
def moderator(db):
    from home import roles

    return member("t-chooser-moderator", roles.MODERATORS)


@pytest.fixture
def defenders(homes, locales):
    directory = defender_directory(homes["ca"])
    translate_object(directory, [locales["es"], locales["en"]])
    people = [
        make_defender(directory, "ana-lopez-hn", "Ana López", "public"),
        make_defender(directory, "ana-lopez-co", "Ana López", "public"),
    ]
    people[1].person.country = "CO"
    people[1].person.save()
    for page in people:
        translate_object(page, [locales["es"], locales["en"]])
    return people


def form_of(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.context["form"]


def test_a_spanish_profile_offers_spanish_themes_only(client, moderator, defenders, locales):
    client.force_login(moderator)
    spanish = defenders[0].get_translation(locales["es"])
    Translation.objects.filter(source__object_id=spanish.translation_key).update(enabled=False)
    themes = form_of(client, spanish).fields["themes"].queryset
    assert set(themes) == set(Theme.objects.filter(locale=locales["es"]))
    assert themes.count() == Theme.objects.filter(locale=locales["ca"]).count()


def test_event_defenders_once_per_person_in_the_programmes_language_with_name_and_country(
    client, moderator, defenders, homes, locales
):
    tour = make_tour(edition_index(homes["ca"]))
    programme = make_programme(tour, Municipality.objects.get(slug="sabadell"), events=[EventFactory()])
    client.force_login(moderator)
    form = form_of(client, programme)
    field = form.formsets["events"].forms[0].fields["defenders"]
    offered = list(field.queryset)
    assert all(page.locale_id == locales["ca"].pk for page in offered)
    people = [page.person_id for page in offered]
    assert len(people) == len(set(people))
    labels = [field.label_from_instance(page) for page in offered]
    namesakes = [label for label in labels if label.startswith("Ana López (")]
    # The country in the admin's language (Catalan by default): "Hondures", "Colòmbia".
    assert sorted(namesakes) == ["Ana López (Colòmbia)", "Ana López (Hondures)"]


def test_the_blank_event_that_add_another_copies_offers_the_same_choices(client, moderator, defenders, homes, locales):
    """ "Add another event" clones a blank form rendered into the page: it must not offer other languages' profiles."""
    tour = make_tour(edition_index(homes["ca"]))
    programme = make_programme(tour, Municipality.objects.get(slug="sabadell"), events=[EventFactory()])
    client.force_login(moderator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[programme.pk]))
    blank = response.context["form"].formsets["events"].empty_form.fields["defenders"]

    assert {page.locale_id for page in blank.queryset} == {locales["ca"].pk}
    assert blank.label_from_instance(defenders[1]) == "Ana López (Colòmbia)"
    # And what the browser clones: the template of the blank form lists each Catalan profile once, no es/en copies.
    html = response.content.decode()
    template = html[html.index('id="id_events-EMPTY_FORM_TEMPLATE"') :]
    spanish = defenders[0].get_translation(locales["es"])
    assert f'value="{defenders[0].pk}"' in template
    assert f'value="{spanish.pk}"' not in template


def test_a_new_participating_defender_on_a_tour_is_chosen_in_the_tours_language(
    client, moderator, defenders, homes, locales
):
    """Every inline list gets the same rule, the blank "Add another" form included (not only the events')."""
    tour = make_tour(edition_index(homes["ca"]))
    translate_object(edition_index(homes["ca"]), [locales["es"]])
    translate_object(tour, [locales["es"]])
    spanish_tour = tour.get_translation(locales["es"])
    # Wagtail's own editor (the translation is no longer synchronised), where the tour's lists are edited.
    Translation.objects.filter(source__object_id=spanish_tour.translation_key).update(enabled=False)
    client.force_login(moderator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[spanish_tour.pk]))
    assert response.status_code == 200
    blank = response.context["form"].formsets["participating_defenders"].empty_form.fields["defender"]

    assert {page.locale_id for page in blank.queryset} == {locales["es"].pk}
    assert blank.queryset.count() == len(defenders)


def test_snippet_forms_have_no_choice_among_translatable_objects_to_filter():
    """Page forms filter choices by language (above); snippet forms have no such choice today. A new one, say a theme
    on an institution, must get the same rule: this test names it."""
    from wagtail.models import TranslatableMixin
    from wagtail.snippets.models import get_snippet_models

    unfiltered = [
        f"{model._meta.label}.{field.name}"
        for model in get_snippet_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and field.name != "locale"
        and field.related_model is not None
        and issubclass(field.related_model, TranslatableMixin)
    ]
    assert unfiltered == []
