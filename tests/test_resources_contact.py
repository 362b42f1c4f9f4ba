"""The contact page: validation that keeps what was typed, the spam defences (honeypot, signed timestamp, rate
limit), moderators-only access to messages, the notification without content, the page cache, and retention."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import GroupPagePermission

from contact.forms import TIMESTAMP_SALT
from contact.models import ContactPage
from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the rate-limit counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def contact():
    return {page.locale.language_code: page for page in ContactPage.objects.select_related("locale")}


def shown_seconds_ago(seconds):
    return signing.dumps(time.time() - seconds, salt=TIMESTAMP_SALT)


def message(**overrides):
    data = {
        "name": "Marta Fictícia",
        "email": "marta@example.org",
        "subject": "schools",
        "message": "Voldríem la proposta per a 3r d'ESO.",
        "consent": "on",
        "website": "",
        "started": shown_seconds_ago(30),
    }
    data.update(overrides)
    return data


def test_contact_page_exists_in_three_languages_with_translated_labels(client, contact):
    assert set(contact) == {"ca", "es", "en"}
    labels = {"ca": "El vostre nom", "es": "Su nombre", "en": "Your name"}
    for code, page in contact.items():
        html = client.get(page.url).content.decode()
        assert labels[code] in html
        source = StandardPage.objects.get(locale__language_code="ca", slug="privacitat")
        privacy = StandardPage.objects.get(locale__language_code=code, translation_key=source.translation_key)
        assert f'href="{privacy.url}"' in html  # the consent box links to the privacy notice


def test_a_valid_message_is_stored_and_moderators_get_only_a_link(client, contact, settings):
    settings.CDHR_CONTACT_NOTIFY_EMAILS = ["moderators@example.org"]
    response = client.post(contact["ca"].url, message())
    assert response.status_code == 200
    assert "thank_you" in response.templates[0].name or "contact_page_landing" in response.templates[0].name
    submission = FormSubmission.objects.get(page=contact["ca"])
    assert submission.get_data()["email"] == "marta@example.org"
    assert "website" not in submission.form_data and "started" not in submission.form_data
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"/admin/forms/submissions/{contact['ca'].pk}/" in body
    assert "Voldríem" not in body and "marta@example.org" not in body and "Marta" not in body


def test_a_form_sent_twice_is_kept_once_and_the_second_answer_says_so(client, contact, settings):
    """A double click, a reload of the thank-you page or a replay sends the same form again: one message stored,
    one e-mail, and a thank-you page that says the form came twice. Another form shown is another message."""
    settings.CDHR_CONTACT_NOTIFY_EMAILS = ["moderators@example.org"]
    sent = message()

    first = client.post(contact["ca"].url, sent)
    again = client.post(contact["ca"].url, sent)

    assert first.status_code == again.status_code == 200
    assert FormSubmission.objects.filter(page=contact["ca"]).count() == 1
    assert len(mail.outbox) == 1
    twice = "Heu enviat aquest formulari dues vegades"
    assert "Gràcies, el vostre missatge ha arribat" in again.content.decode()
    assert twice in again.content.decode() and twice not in first.content.decode()
    assert client.post(contact["ca"].url, message(message="Una altra pregunta.")).status_code == 200
    assert FormSubmission.objects.filter(page=contact["ca"]).count() == 2


def test_the_same_form_sent_again_with_other_words_is_another_message(client, contact, settings):
    """A message corrected and sent again from the same form (a second click while the first was on its way): the
    corrected words are kept, not dropped as a repeat."""
    sent = message()
    corrected = {**sent, "message": "Voldríem convidar-vos a l'institut el 12 de maig, no l'11."}
    assert client.post(contact["ca"].url, sent).status_code == 200
    again = client.post(contact["ca"].url, corrected)
    assert "Heu enviat aquest formulari dues vegades" not in again.content.decode()
    kept = [submission.get_data()["message"] for submission in FormSubmission.objects.filter(page=contact["ca"])]
    assert sorted(kept) == sorted([sent["message"], corrected["message"]])


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"subject": "lottery"}, "subject"),
        ({"name": ""}, "name"),
        ({"consent": ""}, "consent"),
    ],
)
def test_invalid_input_is_refused_and_what_was_typed_is_kept(client, contact, overrides, error):
    response = client.post(contact["en"].url, message(**overrides))
    assert response.status_code == 200
    assert error in response.context["form"].errors
    html = response.content.decode()
    assert "Your message was not sent yet" in html
    assert "Voldríem la proposta per a 3r d&#x27;ESO." in html
    assert FormSubmission.objects.count() == 0


def test_the_honeypot_refuses_bots_and_is_hidden_from_people(client, contact):
    html = client.get(contact["en"].url).content.decode()
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    assert '<p class="visually-hidden"><label for="id_website">Leave this field empty</label>' in html
    assert "style=" not in html  # strict CSP: no inline styles
    response = client.post(contact["en"].url, message(website="http://spam.example"))
    assert "website" in response.context["form"].errors
    assert FormSubmission.objects.count() == 0


def test_a_form_sent_too_fast_is_refused_with_a_clear_message(client, contact):
    response = client.post(contact["en"].url, message(started=shown_seconds_ago(1)))
    assert "sent very quickly" in response.content.decode()
    assert "marta@example.org" in response.content.decode()
    assert FormSubmission.objects.count() == 0


def test_a_form_open_too_long_is_refused_then_accepted_when_sent_again(client, contact, monkeypatch):
    started = shown_seconds_ago(0)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 60 * 60)
    response = client.post(contact["en"].url, message(started=started))
    assert "open for too long" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    fresh = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    assert fresh != started
    # The fresh timestamp was issued "three hours later": the person resends ten seconds after that.
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 60 * 60 + 10)
    client.post(contact["en"].url, message(started=fresh))
    assert FormSubmission.objects.count() == 1


def test_a_forged_timestamp_is_refused(client, contact):
    response = client.post(contact["en"].url, message(started="12345"))
    assert "started" in response.context["form"].errors
    assert FormSubmission.objects.count() == 0


def test_too_many_messages_from_one_address_get_a_429_with_their_text_kept(client, contact, settings):
    for _ in range(settings.CDHR_CONTACT_RATE_LIMIT):
        assert client.post(contact["es"].url, message()).status_code == 200
    response = client.post(contact["es"].url, message(message="El sexto mensaje, que no se pierde."))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Espere 10 minutos y vuelva a enviarlo" in html
    assert "<title>No enviado: " in html
    # The form comes back as it was sent, ready to send again once the window has passed.
    assert "El sexto mensaje, que no se pierde." in html
    assert 'value="Marta Fictícia"' in html
    assert FormSubmission.objects.count() == settings.CDHR_CONTACT_RATE_LIMIT
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(contact["es"].url, message()).status_code == 200


def test_a_form_sent_again_at_the_limit_is_told_it_arrived(client, contact, settings):
    """The last message allowed, sent twice (a double click): it arrived, and the answer says so, not "not sent"."""
    forms = [message() for _ in range(settings.CDHR_CONTACT_RATE_LIMIT)]
    for form in forms:
        assert client.post(contact["ca"].url, form).status_code == 200
    again = client.post(contact["ca"].url, forms[-1])
    assert again.status_code == 200 and again.context["sent_before"] is True
    assert FormSubmission.objects.count() == settings.CDHR_CONTACT_RATE_LIMIT
    # And it did not count: a new message is still the first one over the limit, not the second.
    assert client.post(contact["ca"].url, message()).status_code == 429


def test_a_form_sent_back_for_corrections_does_not_count_against_the_rate(client, contact, settings):
    # Someone who forgets a field five times must still be able to send their message.
    for _ in range(settings.CDHR_CONTACT_RATE_LIMIT + 2):
        response = client.post(contact["ca"].url, message(email="not-an-address"))
        assert response.status_code == 200
        assert "<title>No enviat: " in response.content.decode()
    assert client.post(contact["ca"].url, message()).status_code == 200
    assert FormSubmission.objects.count() == 1


def test_the_contact_form_says_what_its_personal_fields_are_for_and_focuses_its_errors(client, contact):
    html = client.get(contact["en"].url).content.decode()
    assert re.search(r'<input[^>]*autocomplete="name"[^>]*id="id_name"', html)
    assert re.search(r'<input[^>]*autocomplete="email"[^>]*id="id_email"', html)
    sent_back = client.post(contact["en"].url, message(name="")).content.decode()
    assert re.search(r'<div class="error-summary" role="alert" tabindex="-1" autofocus>', sent_back)


@override_settings(CDHR_PAGE_CACHE_SECONDS=600)
def test_the_contact_page_is_never_served_from_the_page_cache(contact):
    client = Client(enforce_csrf_checks=True)
    first = client.get(contact["ca"].url)
    second = Client(enforce_csrf_checks=True).get(contact["ca"].url)
    assert second.get("X-Cache") != "hit"
    assert "no-store" in first["Cache-Control"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first.content.decode()).group(1)
    response = client.post(contact["ca"].url, message(csrfmiddlewaretoken=token))
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=contact["ca"]).count() == 1


def staff_with_page_edit_rights(username, homes, extra_permission=None):
    group = Group.objects.create(name=f"group-{username}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    if extra_permission:
        app_label, codename = extra_permission.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    for home in homes.values():
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=home, permission=Permission.objects.get(codename=codename)
            )
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-password-123")
    user.groups.add(group)
    return user


def test_only_moderators_read_contact_messages_in_the_admin(client, contact, homes):
    client.post(contact["ca"].url, message())
    url = f"/admin/forms/submissions/{contact['ca'].pk}/"
    editor = staff_with_page_edit_rights("editor-x", homes)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "marta@example.org" not in response.content.decode()
    assert client.get(f"/admin/forms/submissions/{contact['ca'].pk}/?export=csv").status_code in (302, 403)
    moderator = staff_with_page_edit_rights("moderator-x", homes, "wagtailforms.view_formsubmission")
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert "marta@example.org" in response.content.decode()


def test_old_messages_are_deleted_by_the_retention_command(contact, settings):
    settings.CDHR_CONTACT_RETENTION_DAYS = 180
    old = FormSubmission.objects.create(page=contact["ca"], form_data={"name": "old"})
    recent = FormSubmission.objects.create(page=contact["ca"], form_data={"name": "recent"})
    FormSubmission.objects.filter(pk=old.pk).update(submit_time=timezone.now() - timedelta(days=181))
    FormSubmission.objects.filter(pk=recent.pk).update(submit_time=timezone.now() - timedelta(days=179))
    call_command("delete_old_contact_messages", stdout=__import__("io").StringIO())
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_privacy_notice_states_the_retention_period_in_three_languages(client, settings):
    for page in StandardPage.objects.filter(slug="privacitat"):
        assert f"{settings.CDHR_CONTACT_RETENTION_DAYS} " in client.get(page.url).content.decode()


def test_moderators_read_contact_messages_with_labels_and_local_times(client, contact, homes):
    from django.utils import translation
    from django.utils.formats import date_format

    from contact.forms import SUBJECTS

    client.post(contact["ca"].url, message(subject="press"))
    sent = FormSubmission.objects.get(page=contact["ca"])
    moderator = staff_with_page_edit_rights("moderator-y", homes, "wagtailforms.view_formsubmission")
    client.force_login(moderator)

    html = client.get(f"/admin/forms/submissions/{contact['ca'].pk}/").content.decode()
    cells = [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]

    with translation.override("ca"):
        assert str(dict(SUBJECTS)["press"]) in cells  # "Premsa", not the stored code
        madrid = date_format(timezone.localtime(sent.submit_time), "DATETIME_FORMAT")
    assert "press" not in cells and "True" not in cells
    assert any(madrid in cell for cell in cells), (madrid, cells)

    export = client.get(f"/admin/forms/submissions/{contact['ca'].pk}/?export=csv")
    csv = b"".join(export.streaming_content).decode()
    assert "marta@example.org" in csv
    assert ",press," not in csv and ",True" not in csv


def test_a_form_refused_by_the_csrf_check_is_explained_in_the_pages_language(contact):
    # A browser that blocks cookies, or a form left open past its token: never a bare English "Forbidden".
    response = Client(enforce_csrf_checks=True).post(contact["es"].url, message())
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "<h1>No se ha podido enviar el formulario</h1>" in html
    assert FormSubmission.objects.count() == 0


def test_a_refusal_is_a_page_in_the_visitors_language(rf):
    """Django's answer to a refused request (handler403) uses templates/403.html, rendered without the site's context
    processors: a page that says so, never a bare "403 Forbidden"."""
    from django.core.exceptions import PermissionDenied
    from django.utils import translation
    from django.views.defaults import permission_denied

    with translation.override("es"):
        response = permission_denied(rf.get("/es/"), PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="es">' in html and "<h1>No puede hacer esto</h1>" in html
