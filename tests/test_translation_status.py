"""The translation status report: each page and snippet, per language, missing / in progress / stale / up to date."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

from home.models import Institution, StandardPage
from home.roles import TRANSLATORS
from home.setup import publish_new_page
from home.translation import publish_translation
from translations.translation_status import IN_PROGRESS, MISSING, STALE, UP_TO_DATE, translation_status

pytestmark = pytest.mark.django_db


def _page(home, slug, title):
    return publish_new_page(home, StandardPage(title=title, slug=slug, intro=f"{title}: introduction."))


def _start_translation(instance, locale):
    """What "Translate this page" does: a Translation record and a draft target, no string translated yet."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    source.translations.get_or_create(target_locale=locale)
    source.create_or_update_translation(locale, publish=False, fallback=True, copy_parent_pages=True)
    return source


@pytest.fixture
def four_states(homes, locales):
    """One page in each state for Spanish."""
    es = locales["es"]
    up_to_date = _page(homes["ca"], "fresca", "Fresca")
    publish_translation(up_to_date, es, {"title": "Fresca (es)", "intro": "Fresca: introducción."})

    stale = _page(homes["ca"], "antiga", "Antiga")
    publish_translation(stale, es, {"title": "Antigua", "intro": "Antigua: introducción."})
    stale.intro = "Antiga: una introducció reescrita després de traduir."
    stale.save_revision().publish()

    in_progress = _page(homes["ca"], "a-mitges", "A mitges")
    source = _start_translation(in_progress, es)
    # One of the two strings (title, intro) translated: 50 %.
    segment = source.stringsegment_set.select_related("string", "context").get(context__path="title")
    StringTranslation.objects.create(
        translation_of=segment.string, locale=es, context=segment.context, data="A medias", translation_type="manual"
    )

    missing = _page(homes["ca"], "sense-traduir", "Sense traduir")
    return {UP_TO_DATE: up_to_date, STALE: stale, IN_PROGRESS: in_progress, MISSING: missing}


def _row(rows, page, code):
    (row,) = [
        row for row in rows if row.kind == "page" and row.source.pk == page.pk and row.locale.language_code == code
    ]
    return row


def test_each_state_is_recognised(four_states):
    rows = translation_status()
    for state, page in four_states.items():
        assert _row(rows, page, "es").state == state, state
    assert _row(rows, four_states[IN_PROGRESS], "es").percent == 50
    assert _row(rows, four_states[UP_TO_DATE], "es").percent == 100
    assert _row(rows, four_states[UP_TO_DATE], "es").live is True
    # Nothing was translated into English.
    assert {_row(rows, page, "en").state for page in four_states.values()} == {MISSING}


def test_translatable_snippets_are_listed(four_states, locales):
    institution = Institution.objects.filter(locale=locales["ca"]).first()
    rows = [row for row in translation_status() if row.kind == "snippet" and row.source.pk == institution.pk]
    assert {row.locale.language_code for row in rows} == {"es", "en"}
    assert rows[0].model_label == "home.Institution"


def test_report_filters_by_locale_type_and_state(admin_client, four_states):
    url = reverse("translation_status")
    response = admin_client.get(url, {"locale": "es", "type": "home.StandardPage", "state": STALE})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Antiga" in html and "Fresca" not in html and "A mitges" not in html
    response = admin_client.get(url, {"state": IN_PROGRESS, "locale": "es"})
    assert "A mitges" in response.content.decode() and "50 %" in response.content.decode()


def test_report_downloads_as_csv(admin_client, four_states):
    filters = {"locale": "es", "type": "home.StandardPage", "format": "csv"}
    response = admin_client.get(reverse("translation_status"), filters)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    states = {row["title"]: row["state"] for row in rows}
    assert states["Fresca"] == UP_TO_DATE and states["Antiga"] == STALE
    assert states["A mitges"] == IN_PROGRESS and states["Sense traduir"] == MISSING
    assert {row["locale"] for row in rows} == {"es"}


def test_bad_filter_values_do_not_break_the_report(admin_client, four_states):
    response = admin_client.get(reverse("translation_status"), {"state": "nonsense", "locale": "xx", "type": "a.b"})
    assert response.status_code == 200


def test_report_is_for_the_editorial_groups_only(client, django_user_model, four_states):
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    outsider = django_user_model.objects.create_user("outsider", password="x" * 12)
    outsider.user_permissions.add(access_admin)
    client.force_login(outsider)
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with an error message.
    response = client.get(reverse("translation_status"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("translation_status"), {"format": "csv"}).status_code == 302

    translators, _created = Group.objects.get_or_create(name=TRANSLATORS)
    translators.permissions.add(access_admin)
    translator = django_user_model.objects.create_user("translator-x", password="x" * 12)
    translator.groups.add(translators)
    client.force_login(translator)
    assert client.get(reverse("translation_status")).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("translation_status"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_sync_makes_a_stale_translation_in_progress_or_up_to_date(four_states, locales):
    stale = four_states[STALE]
    source = TranslationSource.objects.get_for_instance(stale)
    source.update_from_db()
    # The rewritten introduction is a new string nobody has translated yet.
    row = _row(translation_status(), stale, "es")
    assert row.state == IN_PROGRESS and row.percent == 50
    assert Locale.objects.count() == 3
