"""Factories for statements, endorsements and the people who handle them (municipal editors, moderators)."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model

from home.roles import MUNICIPALITY_PREFIX

from .forms import private_collection
from .models import AdoptingBody, Endorsement, StatementPage


def _blank_pdf():
    # A real PDF: uploads are opened (and their metadata removed) before storage, so a fake one would be refused.
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


PDF_BYTES = _blank_pdf()


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


class StatementPageFactory(wagtail_factories.PageFactory):
    """A live Catalan statement (pass parent=the Catalan StatementIndexPage), its window open by default."""

    year = factory.Sequence(lambda n: 1990 + n)
    title = factory.LazyAttribute(lambda o: f"Declaració institucional {o.year}")
    slug = factory.LazyAttribute(lambda o: str(o.year))
    preamble = "<p>Les ciutats defensem els drets humans.</p>"
    commitments = factory.LazyFunction(lambda: [("commitment", "Primer compromís."), ("commitment", "Segon.")])
    window_opens = factory.LazyFunction(lambda: days_from_today(-30))
    window_closes = factory.LazyFunction(lambda: days_from_today(30))

    class Meta:
        model = StatementPage


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def _permissions(*codenames):
    found = []
    for codename in codenames:
        app_label, name = codename.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=name))
    return found


EDITOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "statements.add_endorsement",
    "statements.view_endorsement",
    "statements.withdraw_endorsement",
)


def editors_group_for(municipality):
    """The municipality's editors group, created and linked if missing, with the permissions of the flow."""
    if municipality.editors_group is None:
        group, _created = Group.objects.get_or_create(name=f"{MUNICIPALITY_PREFIX}{municipality.name}")
        municipality.editors_group = group
        municipality.save(update_fields=["editors_group"])
    municipality.editors_group.permissions.add(*_permissions(*EDITOR_PERMISSIONS))
    return municipality.editors_group


def municipal_editor(municipality, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(editors_group_for(municipality))
    return user


def consortium_moderator(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(*_permissions("wagtailadmin.access_admin", "statements.verify_endorsement"))
    return user


def pdf_document(name="acta.pdf"):
    document = get_document_model()(title=name, collection=private_collection())
    document.file.save(name, ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


class EndorsementFactory(DjangoModelFactory):
    """Pass statement= and municipality=."""

    status = Endorsement.Status.SUBMITTED
    adopting_body = AdoptingBody.PLENARY
    adoption_date = factory.LazyFunction(lambda: days_from_today(-5))
    reference = factory.Sequence(lambda n: f"PLE/{n}")
    signatory_name = "Persona Signant de Prova"
    signatory_role = "Alcaldessa"

    class Meta:
        model = Endorsement
