"""Page types, translation fields, the one-active-endorsement rule and the set-up of statements."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from wagtail.test.utils import WagtailPageTestCase
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import HomePage, Municipality, StandardPage
from statements.factories import EndorsementFactory, StatementPageFactory
from statements.models import Endorsement, StatementIndexPage, StatementPage


class TestPageTypes(WagtailPageTestCase):
    def test_index_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(StatementIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(StatementIndexPage, {StatementPage})

    def test_statement_lives_under_the_index_only_and_has_no_children(self):
        self.assertAllowedParentPageTypes(StatementPage, {StatementIndexPage})
        self.assertAllowedSubpageTypes(StatementPage, {})

    def test_statements_cannot_be_created_elsewhere(self):
        self.assertCanNotCreateAt(HomePage, StatementPage)
        self.assertCanNotCreateAt(StandardPage, StatementIndexPage)
        self.assertCanNotCreateAt(StandardPage, StatementPage)


def split(model):
    fields = model.override_translatable_fields
    return (
        {f.field_name for f in fields if isinstance(f, TranslatableField)},
        {f.field_name for f in fields if isinstance(f, SynchronizedField)},
    )


def test_statement_translatable_and_synchronised_fields():
    translatable, synchronised = split(StatementPage)
    assert {"title", "preamble", "commitments"} <= translatable
    assert {"year", "window_opens", "window_closes", "pdf", "slug"} <= synchronised
    assert not translatable & synchronised


def test_index_translatable_fields():
    translatable, synchronised = split(StatementIndexPage)
    assert {"title", "intro"} <= translatable and "slug" in synchronised


@pytest.mark.django_db
def test_one_active_endorsement_per_municipality_and_statement():
    index = StatementIndexPage.objects.get(locale__language_code="ca")
    statement = StatementPageFactory(parent=index)
    town = Municipality.objects.get(slug="reus")
    EndorsementFactory(statement=statement, municipality=town, status=Endorsement.Status.WITHDRAWN)
    EndorsementFactory(statement=statement, municipality=town, status=Endorsement.Status.REJECTED)
    EndorsementFactory(statement=statement, municipality=town, status=Endorsement.Status.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        EndorsementFactory(statement=statement, municipality=town, status=Endorsement.Status.VERIFIED)


@pytest.mark.django_db
def test_setup_creates_the_index_in_three_languages_in_menus(homes):
    for code, home in homes.items():
        index = StatementIndexPage.objects.child_of(home).get()
        assert index.live and index.show_in_menus, code
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert "statement index" not in out.getvalue()
    assert StatementIndexPage.objects.count() == 3


@pytest.mark.django_db
def test_demo_content(client):
    call_command("setup_site", "--demo", stdout=io.StringIO())
    statements = StatementPage.objects.filter(locale__language_code="ca")
    assert set(statements.values_list("year", flat=True)) >= {2020, 2026}
    s2020 = statements.get(year=2020)
    assert len(s2020.commitments) == 8
    assert StatementPage.objects.filter(translation_key=s2020.translation_key).count() == 3
    english = StatementPage.objects.get(translation_key=s2020.translation_key, locale__language_code="en")
    assert "We renew or commitment to human rights" in english.commitments[7].value
    s2026 = statements.get(year=2026)
    assert s2026.window_is_open()
    assert s2026.public_endorsements().count() >= 12
    statuses = set(Endorsement.objects.filter(statement=s2026).values_list("status", flat=True))
    assert statuses == {"submitted", "verified", "rejected", "withdrawn"}
    # A demo municipal editor reaches the admin and is invited to endorse.
    client.login(username="muni-sabadell", password="drets-humans-demo")
    assert client.get("/admin/endorsement/").status_code == 200
    client.login(username="moderator", password="drets-humans-demo")
    assert client.get("/admin/endorsement/").status_code == 200
