"""The municipal endorsement flow through the admin's HTTP views: submit, withdraw, verify, reject, what each user
may see, every forbidden case (403 through the URL, not a hidden button) and every invalid input."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from home.models import Municipality
from statements.factories import (
    PDF_BYTES,
    EndorsementFactory,
    StatementPageFactory,
    UserFactory,
    consortium_moderator,
    days_from_today,
    municipal_editor,
    pdf_document,
)
from statements.forms import PRIVATE_COLLECTION_NAME
from statements.models import Endorsement, StatementIndexPage

pytestmark = pytest.mark.django_db

SUBMITTED, VERIFIED = Endorsement.Status.SUBMITTED, Endorsement.Status.VERIFIED


def english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def index():
    return StatementIndexPage.objects.get(locale__language_code="ca")


@pytest.fixture
def statement(index):
    return StatementPageFactory(parent=index, year=2026)


@pytest.fixture
def sabadell():
    return Municipality.objects.get(slug="sabadell")


@pytest.fixture
def terrassa():
    return Municipality.objects.get(slug="terrassa")


@pytest.fixture
def editor(sabadell):
    return english(municipal_editor(sabadell, username="muni-test-sabadell"))


@pytest.fixture
def moderator():
    return english(consortium_moderator(username="moderator-test"))


def url(name, endorsement=None):
    return reverse(f"endorsement:{name}", args=[endorsement.pk] if endorsement else [])


def form_data(statement, municipality, **overrides):
    data = {
        "statement": statement.pk,
        "municipality": municipality.pk,
        "adopting_body": "plenary",
        "adoption_date": days_from_today(-3).isoformat(),
        "reference": "PLE 12/2026",
        "signatory_name": "Persona Signant de Prova",
        "signatory_role": "Alcaldessa",
        "public_statement": "Sabadell s'hi suma.",
        "supporting_document": SimpleUploadedFile("acta.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


# --- what a municipal editor sees ---------------------------------------------------------------------------------


def test_dashboard_invites_the_editor_to_endorse_while_the_window_is_open(client, editor, statement):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Endorse the 2026 statement" in response.content.decode()


def test_dashboard_says_nothing_to_endorse_when_no_window_is_open(client, editor, index):
    StatementPageFactory(parent=index, year=2019, window_opens=days_from_today(-60), window_closes=days_from_today(-1))
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Endorse the 2019 statement" not in response.content.decode()


def test_editor_lists_only_its_own_municipality(client, editor, statement, sabadell, terrassa):
    own = EndorsementFactory(statement=statement, municipality=sabadell)
    other = EndorsementFactory(statement=statement, municipality=terrassa)
    client.force_login(editor)
    response = client.get(url("index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert url("inspect", own) in content
    assert url("inspect", other) not in content
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("inspect", own) in dashboard and url("inspect", other) not in dashboard


def test_moderator_lists_every_municipality(client, moderator, statement, sabadell, terrassa):
    endorsements = [EndorsementFactory(statement=statement, municipality=m) for m in (sabadell, terrassa)]
    client.force_login(moderator)
    content = client.get(url("index")).content.decode()
    assert all(url("inspect", endorsement) in content for endorsement in endorsements)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_endorsements_export_as_csv_with_their_columns_and_only_what_one_may_see(
    client, moderator, editor, statement, sabadell, terrassa
):
    EndorsementFactory(statement=statement, municipality=sabadell, status=VERIFIED, signatory_role="=HYPERLINK(1)")
    EndorsementFactory(statement=statement, municipality=terrassa)
    client.force_login(english(moderator))
    response = client.get(url("index"), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="endorsements.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert sorted(row["Municipality"] for row in rows) == ["Sabadell", "Terrassa"]
    sabadell_row = next(row for row in rows if row["Municipality"] == "Sabadell")
    assert sabadell_row["Statement year"] == str(statement.year)
    assert sabadell_row["Status"] == "Verified"
    assert sabadell_row["Signatory role"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert sabadell_row["Adopting body"] == "Plenary"
    submitted = Endorsement.objects.get(municipality=sabadell).submitted_at
    assert sabadell_row["Submitted at"] == timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M:%S")
    client.force_login(english(editor))
    own = csv_rows(client.get(url("index"), {"export": "csv"}))
    assert [row["Municipality"] for row in own] == ["Sabadell"]


# --- submitting -------------------------------------------------------------------------------------------------


def test_editor_submits_an_endorsement(client, editor, statement, sabadell):
    client.force_login(editor)
    assert client.get(url("add")).status_code == 200
    response = client.post(url("add"), form_data(statement, sabadell))
    assert response.status_code == 302
    endorsement = Endorsement.objects.get(statement=statement, municipality=sabadell)
    assert endorsement.status == SUBMITTED
    assert endorsement.submitted_by == editor
    assert endorsement.document.collection.name == PRIVATE_COLLECTION_NAME
    entry = ModelLogEntry.objects.for_instance(endorsement).get()
    assert entry.action == "statements.endorsement.submit" and entry.user == editor
    assert mail.outbox[-1].to == [editor.email]


def test_the_private_document_is_not_served_by_wagtail_document_urls(client, editor, statement, sabadell):
    client.force_login(editor)
    client.post(url("add"), form_data(statement, sabadell))
    document = Endorsement.objects.get(statement=statement).document
    client.logout()
    assert client.get(document.url).status_code != 200
    client.force_login(editor)
    response = client.get(url("document", Endorsement.objects.get(statement=statement)))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def assert_refused(client, data, message):
    documents_before = get_document_model().objects.count()
    response = client.post(url("add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Endorsement.objects.exists()
    assert get_document_model().objects.count() == documents_before


def test_refused_outside_the_window(client, editor, index, sabadell):
    closed = StatementPageFactory(
        parent=index, year=2018, window_opens=days_from_today(-60), window_closes=days_from_today(-1)
    )
    client.force_login(editor)
    assert_refused(client, form_data(closed, sabadell), "endorsement window of the 2018 statement is not open")


def test_refused_before_the_window_opens(client, editor, index, sabadell):
    future = StatementPageFactory(
        parent=index, year=2027, window_opens=days_from_today(10), window_closes=days_from_today(40)
    )
    client.force_login(editor)
    assert_refused(client, form_data(future, sabadell), "endorsement window of the 2027 statement is not open")


def test_refused_a_second_active_endorsement(client, editor, statement, sabadell):
    EndorsementFactory(statement=statement, municipality=sabadell, status=VERIFIED)
    client.force_login(editor)
    documents_before = get_document_model().objects.count()
    response = client.post(url("add"), form_data(statement, sabadell))
    assert "Sabadell already has an active endorsement of the 2026 statement" in response.content.decode()
    assert Endorsement.objects.count() == 1
    assert get_document_model().objects.count() == documents_before


def test_a_new_endorsement_is_accepted_after_a_withdrawal(client, editor, statement, sabadell):
    EndorsementFactory(statement=statement, municipality=sabadell, status=Endorsement.Status.WITHDRAWN)
    client.force_login(editor)
    assert client.post(url("add"), form_data(statement, sabadell)).status_code == 302
    assert Endorsement.objects.active().filter(municipality=sabadell).count() == 1


def test_refused_a_document_that_is_not_a_pdf(client, editor, statement, sabadell):
    client.force_login(editor)
    fake = SimpleUploadedFile("acta.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    assert_refused(client, form_data(statement, sabadell, supporting_document=fake), "not a valid PDF file")


def test_refused_a_document_without_the_pdf_extension(client, editor, statement, sabadell):
    client.force_login(editor)
    renamed = SimpleUploadedFile("acta.docx", PDF_BYTES)
    assert_refused(client, form_data(statement, sabadell, supporting_document=renamed), "must be a PDF file")


def test_refused_a_document_over_10_mb(client, editor, statement, sabadell):
    client.force_login(editor)
    big = SimpleUploadedFile("acta.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    assert_refused(client, form_data(statement, sabadell, supporting_document=big), "larger than 10 MB")


def test_refused_without_a_document(client, editor, statement, sabadell):
    client.force_login(editor)
    data = form_data(statement, sabadell)
    del data["supporting_document"]
    assert_refused(client, data, "This field is required")


def test_refused_an_adoption_date_in_the_future(client, editor, statement, sabadell):
    client.force_login(editor)
    tomorrow = (days_from_today(1)).isoformat()
    assert_refused(client, form_data(statement, sabadell, adoption_date=tomorrow), "cannot be in the future")


def test_editor_cannot_submit_for_another_municipality(client, editor, statement, terrassa):
    client.force_login(editor)
    assert_refused(client, form_data(statement, terrassa), "Select a valid choice")


def test_user_outside_any_municipality_cannot_submit(client, statement, sabadell):
    outsider = english(UserFactory())
    outsider.user_permissions.add(
        *__import__("statements.factories", fromlist=["_permissions"])._permissions(
            "wagtailadmin.access_admin", "statements.add_endorsement"
        )
    )
    client.force_login(outsider)
    assert client.get(url("add")).status_code == 403
    assert client.post(url("add"), form_data(statement, sabadell)).status_code == 403
    assert not Endorsement.objects.exists()


def test_anonymous_is_sent_to_the_login(client, statement):
    response = client.get(url("index"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


# --- withdrawing ---------------------------------------------------------------------------------------------


def test_editor_withdraws_before_verification(client, editor, statement, sabadell):
    endorsement = EndorsementFactory(statement=statement, municipality=sabadell, submitted_by=editor)
    client.force_login(editor)
    assert client.get(url("withdraw", endorsement)).status_code == 200
    response = client.post(url("withdraw", endorsement))
    assert response.status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.WITHDRAWN
    assert endorsement.withdrawn_at is not None
    assert ModelLogEntry.objects.for_instance(endorsement).get().action == "statements.endorsement.withdraw"
    assert "withdrawn" in mail.outbox[-1].subject.lower() or "retirada" in mail.outbox[-1].subject.lower()


def test_editor_cannot_withdraw_once_verified(client, editor, statement, sabadell):
    endorsement = EndorsementFactory(statement=statement, municipality=sabadell, status=VERIFIED)
    client.force_login(editor)
    assert client.post(url("withdraw", endorsement)).status_code == 403
    endorsement.refresh_from_db()
    assert endorsement.status == VERIFIED


# --- another municipality's endorsement: 403 through every admin URL ------------------------------------------


@pytest.mark.parametrize("view", ["inspect", "history", "withdraw", "verify", "reject", "document"])
def test_editor_gets_403_on_another_municipality(client, editor, statement, terrassa, view):
    other = EndorsementFactory(statement=statement, municipality=terrassa, document=pdf_document())
    client.force_login(editor)
    assert client.get(url(view, other)).status_code == 403
    assert client.post(url(view, other), {"reason": "x"}).status_code in (403, 405)
    other.refresh_from_db()
    assert other.status == SUBMITTED


@pytest.mark.parametrize("view", ["verify", "reject"])
def test_editor_cannot_verify_or_reject_its_own(client, editor, statement, sabadell, view):
    own = EndorsementFactory(statement=statement, municipality=sabadell)
    client.force_login(editor)
    assert client.post(url(view, own), {"reason": "x"}).status_code == 403
    own.refresh_from_db()
    assert own.status == SUBMITTED


def test_there_is_no_edit_or_delete_view():
    with pytest.raises(NoReverseMatch):
        reverse("endorsement:edit", args=[1])
    with pytest.raises(NoReverseMatch):
        reverse("endorsement:delete", args=[1])


# --- moderating ---------------------------------------------------------------------------------------------------


def test_moderator_verifies(client, moderator, editor, statement, sabadell):
    endorsement = EndorsementFactory(statement=statement, municipality=sabadell, submitted_by=editor)
    client.force_login(moderator)
    assert client.get(url("verify", endorsement)).status_code == 200
    assert client.post(url("verify", endorsement)).status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.status == VERIFIED
    assert endorsement.verified_by == moderator and endorsement.verified_at is not None
    entry = ModelLogEntry.objects.for_instance(endorsement).get()
    assert (entry.action, entry.user) == ("statements.endorsement.verify", moderator)
    assert mail.outbox[-1].to == [editor.email]
    # The audit entry is visible in the endorsement's history, with its registered label.
    history = client.get(url("history", endorsement)).content.decode()
    assert "Endorsement verified" in history


def test_moderator_cannot_verify_twice(client, moderator, statement, sabadell):
    endorsement = EndorsementFactory(statement=statement, municipality=sabadell, status=VERIFIED)
    client.force_login(moderator)
    assert client.post(url("verify", endorsement)).status_code == 403


def test_moderator_rejects_with_a_reason(client, moderator, editor, statement, sabadell):
    endorsement = EndorsementFactory(statement=statement, municipality=sabadell, submitted_by=editor)
    client.force_login(moderator)
    response = client.post(url("reject", endorsement), {"reason": "The minutes are of another session."})
    assert response.status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.REJECTED
    assert endorsement.rejection_reason == "The minutes are of another session."
    entry = ModelLogEntry.objects.for_instance(endorsement).get()
    assert entry.action == "statements.endorsement.reject"
    assert entry.data["reason"] == "The minutes are of another session."
    assert "The minutes are of another session." in mail.outbox[-1].body


def test_rejecting_without_a_reason_changes_nothing(client, moderator, statement, sabadell):
    endorsement = EndorsementFactory(statement=statement, municipality=sabadell)
    client.force_login(moderator)
    response = client.post(url("reject", endorsement), {"reason": "   "})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode() or "Say why" in response.content.decode()
    endorsement.refresh_from_db()
    assert endorsement.status == SUBMITTED
    assert not ModelLogEntry.objects.for_instance(endorsement).exists()


def test_every_transition_is_in_the_audit_log(client, moderator, editor, statement, sabadell):
    client.force_login(editor)
    client.post(url("add"), form_data(statement, sabadell))
    first = Endorsement.objects.get()
    client.post(url("withdraw", first))
    client.post(url("add"), form_data(statement, sabadell))
    second = Endorsement.objects.exclude(pk=first.pk).get()
    client.force_login(moderator)
    client.post(url("verify", second))
    entries = ModelLogEntry.objects.for_instance(first) | ModelLogEntry.objects.for_instance(second)
    actions = list(entries.order_by("timestamp", "pk").values_list("action", flat=True))
    assert actions == [
        "statements.endorsement.submit",
        "statements.endorsement.withdraw",
        "statements.endorsement.submit",
        "statements.endorsement.verify",
    ]
    assert len(mail.outbox) == 4


def test_adoption_date_default_format_is_accepted(client, editor, statement, sabadell):
    client.force_login(editor)
    data = form_data(statement, sabadell, adoption_date=datetime.date(2026, 1, 2).isoformat())
    assert client.post(url("add"), data).status_code == 302
