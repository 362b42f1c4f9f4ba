"""The admin in the editor's language, through the admin's own HTTP views.

- Every admin screen a Catalan or a Spanish user opens on the demo site (dashboard, page editor of every page type
  with its block names, endorsements, contact messages, translation status, workflows, collections, snippets,
  settings, two-factor screens) carries no string of ours left in English: no message of our catalogues in its
  English form, and no English name of our workflows, tasks or collections.
- Municipal accounts get a Catalan admin whatever their browser says, and anyone may choose another language.
- Dates and times in our admin screens follow the user's language and the site's time zone.
- PO files downloaded from the translation editor say they are UTF-8.
"""

import contextlib
import datetime
import glob
import io
import json
import os

import django
import polib
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.blocks import StreamBlock, StructBlock
from wagtail.fields import StreamField
from wagtail.models import Collection, Locale, Page, Site, Task, Workflow
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from contact.models import ContactPage
from home import menus, roles
from home.models import Institution, Municipality
from statements.factories import EndorsementFactory, StatementPageFactory, municipal_editor
from statements.forms import EARLIER_PRIVATE_COLLECTION_NAME
from statements.models import Endorsement, StatementIndexPage
from tests.conftest import member
from tests.sidebar import sidebar_items

pytestmark = pytest.mark.django_db
BROWSER_IN_ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
# Names of ours that earlier versions stored (setup_site renames them): workflows, tasks, groups, collections.
ENGLISH_NAMES = {
    *roles.EARLIER_NAMES,
    *roles.EARLIER_GROUP_NAMES,
    *roles.EARLIER_PREFIXES,
    EARLIER_PRIVATE_COLLECTION_NAME,
}
# Keys of JSON data in the page whose values a user reads (the stream field editor's block labels, help texts).
READABLE_KEYS = {"label", "helpText", "help_text", "title", "description", "placeholder", "heading", "text"}


def catalogue_entries(language):
    """(msgid, msgstr) of every translated message of ours in `language` (our .po files, not Wagtail's)."""
    for path in glob.glob(f"{settings.BASE_DIR}/**/locale/{language}/LC_MESSAGES/django.po", recursive=True):
        if ".venv" in path:
            continue
        for entry in polib.pofile(path):
            if entry.msgstr and entry.msgctxt != "URL" and "%(" not in entry.msgid:
                yield entry.msgid.strip(), entry.msgstr.strip()


def capitalised(text):
    return text[:1].upper() + text[1:]


def english_leftovers(language):
    """Our messages in English, as they would show if left untranslated in `language`: those whose translation
    differs, minus words that are also a translation in that language (Catalan "Any" is "Year")."""
    entries = list(catalogue_entries(language))
    english = {
        form for msgid, msgstr in entries if msgid.lower() != msgstr.lower() for form in (msgid, capitalised(msgid))
    }
    translated = {form for _msgid, msgstr in entries for form in (msgstr, capitalised(msgstr))}
    names = {name for _code, name in settings.LANGUAGES}  # each language named in itself, on purpose
    content = set(Page.objects.values_list("title", flat=True))  # pages may be titled in English: that is content
    return english - translated - names - content, ENGLISH_NAMES


def readable_strings(html):
    """What a user reads on an admin screen: text, titles and labels, and the readable parts of embedded JSON."""
    soup = BeautifulSoup(html, "html.parser")
    found = set()

    def walk(value, key=None):
        if isinstance(value, str) and key in READABLE_KEYS:
            found.add(value.strip())
        elif isinstance(value, dict):
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)

    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            if isinstance(value, list):
                continue
            if attribute.startswith("data-") and value[:1] in "[{":
                with contextlib.suppress(ValueError):
                    walk(json.loads(value))
            elif attribute in ("title", "aria-label", "placeholder", "alt"):
                found.add(value.strip())
    for script in soup.find_all("script"):
        if script.get("type") == "application/json" and script.string:
            with contextlib.suppress(ValueError):
                walk(json.loads(script.string))
        script.decompose()
    for text in soup.find_all(string=True):
        if text.strip():
            found.add(" ".join(text.split()))
    return found


def admin_screens():
    """One URL of every admin screen of ours and of every page type's editor, on the demo site."""
    urls = [
        "/admin/",
        "/admin/pages/",
        reverse("endorsement:index"),
        reverse("translation_status"),
        "/admin/forms/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/collections/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/home/municipality/",
        "/admin/snippets/home/institution/",
        "/admin/snippets/defenders/theme/",
        "/admin/users/",
        "/admin/groups/",
        f"/admin/settings/home/pressoffice/{Site.objects.get(is_default_site=True).pk}/",
        reverse("two_factor_setup"),
        "/admin/account/",
    ]
    endorsement = Endorsement.objects.filter(status=Endorsement.Status.VERIFIED).first()
    urls.append(reverse("endorsement:inspect", args=[endorsement.pk]))
    contact = ContactPage.objects.get(locale__language_code="ca")
    urls.append(reverse("wagtailforms:list_submissions", args=[contact.pk]))
    seen = set()
    for page in Page.objects.filter(locale__language_code="ca", depth__gt=1).specific().order_by("path"):
        if type(page) not in seen:
            seen.add(type(page))
            urls += [f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{page.pk}/"]
    # A translation opens wagtail-localize's editor.
    urls.append(f"/admin/pages/{Page.objects.filter(locale__language_code='es', depth=3).first().pk}/edit/")
    return urls


# Today's workflow and task names hold the earlier ones as their parts, in three languages on purpose.
TODAYS_NAMES = (
    roles.CONSORTIUM_REVIEW,
    roles.CONSORTIUM_APPROVAL_TASK,
    roles.MUNICIPAL_REVIEW,
    roles.MUNICIPAL_APPROVAL_TASK,
)


def without_todays_names(text):
    for name in TODAYS_NAMES:
        text = text.replace(name, "")
    return text


def superuser(language):
    user = get_user_model().objects.create_superuser(f"admin-{language}", f"{language}@example.org", "x-long-pass-123")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def test_admin_screens_carry_no_english_string_of_ours_for_catalan_and_spanish_users(client):
    call_command("setup_site", "--demo", stdout=io.StringIO())
    screens = admin_screens()
    found = {}
    for language in ("ca", "es", "en"):
        client.force_login(superuser(language))
        messages, names = english_leftovers("ca" if language == "en" else language)
        for url in screens:
            response = client.get(url, follow=True, **BROWSER_IN_ENGLISH)
            assert response.status_code == 200, (language, url)
            assert f'lang="{language}"' in response.content.decode()[:500], (language, url)
            for text in readable_strings(response.content.decode()):
                if text in messages or any(name in without_todays_names(text) for name in names):
                    found.setdefault(language, {}).setdefault(text, url)
        client.logout()
    assert found.get("ca", {}) == {}
    assert found.get("es", {}) == {}
    # The check can see English: the English user's screens do show our messages in English (block names, columns).
    assert {"Call to action", "Statement year", "Heading", "Figure"} <= set(found["en"])


def test_every_block_of_our_stream_fields_has_a_translatable_label():
    """A block without a label is named by Wagtail after its Python name, in English in every language."""
    from django.apps import apps
    from django.utils.functional import Promise

    unlabelled = []

    def visit(block, path):
        for name, child in getattr(block, "child_blocks", {}).items():
            if not isinstance(child.meta.label, Promise) and not isinstance(getattr(child, "label", None), Promise):
                unlabelled.append(f"{path}.{name}")
            if isinstance(child, StructBlock | StreamBlock):
                visit(child, f"{path}.{name}")

    for model in apps.get_models():
        if model._meta.app_label not in ("home", "defenders", "editions", "statements", "news", "resources", "contact"):
            continue
        for field in model._meta.local_fields:
            if isinstance(field, StreamField):
                visit(field.stream_block, f"{model._meta.label}.{field.name}")
    assert unlabelled == []


def test_groups_and_collections_are_named_in_catalan_workflows_in_three_languages_and_earlier_names_are_renamed():
    from django.contrib.auth.models import Group

    Group.objects.filter(name=roles.MODERATORS).update(name="Consortium moderators")
    Group.objects.filter(name="Municipi: Reus").update(name="Municipality: Reus")
    Workflow.objects.filter(name=roles.CONSORTIUM_REVIEW).update(name="Consortium review")
    Workflow.objects.filter(name=roles.MUNICIPAL_REVIEW).update(name="Revisió de programa municipal")
    Task.objects.filter(name=roles.MUNICIPAL_APPROVAL_TASK).update(name="Municipal programme approval")
    sabadell = Collection.objects.get(name=f"{roles.MUNICIPAL_COLLECTION_PREFIX}Sabadell")
    sabadell.name = "Municipality: Sabadell"
    sabadell.save()
    call_command("setup_site", stdout=io.StringIO())
    assert set(Workflow.objects.values_list("name", flat=True)) == {roles.CONSORTIUM_REVIEW, roles.MUNICIPAL_REVIEW}
    assert Task.objects.filter(name=roles.MUNICIPAL_APPROVAL_TASK).count() == 1
    assert Collection.objects.filter(name="Municipi: Sabadell").exists()
    assert not Collection.objects.filter(name__startswith="Municipality: ").exists()
    # Groups keep their members and permissions: they are renamed, not replaced.
    assert Group.objects.get(name=roles.MODERATORS).permissions.filter(codename="verify_endorsement").exists()
    assert Municipality.objects.get(slug="reus").editors_group.name == "Municipi: Reus"
    assert not Group.objects.filter(name__in=["Consortium moderators", "Municipality: Reus"]).exists()


def test_a_municipal_account_reads_the_admin_in_catalan_whatever_its_browser_says(client):
    user = municipal_editor(Municipality.objects.get(slug="sabadell"), first_name="Marta", last_name="Soler")
    assert UserProfile.get_for_user(user).preferred_language == "ca"
    client.force_login(user)
    html = client.get("/admin/", **BROWSER_IN_ENGLISH).content.decode()
    assert 'lang="ca"' in html[:300]
    # Chosen per user, in Wagtail's own preferences screen: the form as shown, with another language.
    response = client.post(reverse("wagtailadmin_account"), {**account_form(client), "locale-preferred_language": "es"})
    assert response.status_code == 302
    assert UserProfile.get_for_user(user).preferred_language == "es"
    assert 'lang="es"' in client.get("/admin/", **BROWSER_IN_ENGLISH).content.decode()[:300]


def account_form(client):
    """The values Wagtail's account screen submits as it stands."""
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_account")).content, "html.parser")
    form = soup.find("form", id="w-editor-form")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            data[name] = option.get("value", "") if option else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", field.get_text())
    return data


def test_a_user_added_to_a_municipal_group_in_the_admin_gets_catalan(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.org", "x-long-pass-123"))
    group = Municipality.objects.get(slug="terrassa").editors_group
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nova",
            "email": "nova@example.org",
            "first_name": "Nova",
            "last_name": "Persona",
            "password1": "a-long-new-password-1",
            "password2": "a-long-new-password-1",
            "is_active": "on",
            "groups": [group.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UserProfile.get_for_user(get_user_model().objects.get(username="nova")).preferred_language == "ca"
    # Others keep Wagtail's behaviour until they choose (the consortium's staff, translators).
    other = get_user_model().objects.create_user("altra", "altra@example.org", "x-long-pass-123")
    assert UserProfile.get_for_user(other).preferred_language == ""


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("ca", "Configureu la verificació en dos passos"),
        ("es", "Configure la verificación en dos pasos"),
        ("en", "Set up two-factor authentication"),
    ],
)
def test_two_factor_screens_speak_the_users_language(client, language, heading):
    user = get_user_model().objects.create_user("twofa", "t@example.org", "x-long-pass-123")
    user.user_permissions.add(*roles._permissions(["wagtailadmin.access_admin"]))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    html = client.get(reverse("two_factor_setup"), **BROWSER_IN_ENGLISH).content.decode()
    assert f'lang="{language}"' in html[:300]
    assert heading in html


@pytest.fixture
def endorsement():
    index = StatementIndexPage.objects.get(locale__language_code="ca")
    statement = StatementPageFactory(parent=index, year=2026)
    return EndorsementFactory(
        statement=statement,
        municipality=Municipality.objects.get(slug="el-prat-de-llobregat"),
        adoption_date=datetime.date(2026, 10, 20),
        submitted_at=datetime.datetime(2026, 12, 1, 19, 48, tzinfo=datetime.UTC),
    )


@pytest.mark.parametrize(
    ("language", "adopted", "submitted"),
    [
        ("ca", "20 d'octubre de 2026", "1 de desembre de 2026, 20:48"),
        ("es", "20 de octubre de 2026", "1 de diciembre de 2026, 20:48"),
        ("en", "20 October 2026", "1 December 2026, 20:48"),
    ],
)
def test_endorsement_dates_in_the_admin_follow_the_language_and_the_site_time_zone(
    client, endorsement, language, adopted, submitted
):
    client.force_login(superuser(language))
    listing = BeautifulSoup(client.get(reverse("endorsement:index")).content, "html.parser").get_text(" ")
    inspect = client.get(reverse("endorsement:inspect", args=[endorsement.pk])).content.decode()
    inspect = BeautifulSoup(inspect, "html.parser").get_text(" ")
    # 19:48 UTC is 20:48 in Barcelona in December: the inspect view showed UTC, an hour off the list.
    for text in (listing, inspect):
        assert adopted in " ".join(text.split())
    assert submitted in " ".join(inspect.split())
    assert "20:48" in listing and "19:48" not in listing + inspect
    assert "None" not in inspect


def test_po_downloads_declare_utf8(client):
    page = StatementPageFactory(parent=StatementIndexPage.objects.get(locale__language_code="ca"), year=2027)
    page.title = "Declaració institucional"
    page.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="es"))
    translation.save_target(publish=False)
    client.force_login(get_user_model().objects.create_superuser("po", "po@example.org", "x-long-pass-123"))
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation; charset=utf-8"
    catalogue = polib.pofile(response.content.decode("utf-8"))
    assert "Declaració institucional" in {entry.msgid for entry in catalogue}


@pytest.mark.parametrize(
    ("language", "subject", "adopted"),
    [
        ("", "Adhesió rebuda", "Adoptada per: Ple, 20 d'octubre de 2026."),
        ("es", "Adhesión recibida", "Adoptada por: Pleno, 20 de octubre de 2026."),
        ("en", "Endorsement received", "Adopted by: Plenary, 20 October 2026."),
    ],
)
def test_endorsement_e_mails_speak_the_councils_language_and_date(endorsement, language, subject, adopted):
    from django.core import mail

    from statements import transitions

    user = municipal_editor(endorsement.municipality)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language  # "": the default a municipal account gets, Catalan
    profile.save()
    endorsement.submitted_by = user
    endorsement.save()
    transitions.submitted(endorsement, user)
    message = mail.outbox[-1]
    assert message.subject.startswith(subject)
    assert adopted in message.body


def test_a_page_in_review_names_its_workflow_in_the_readers_language_too(client):
    """Wagtail prints the workflow's stored name in its own screens: an English-reading moderator finds English."""
    page = Page.objects.get(depth=2, locale__language_code="ca").get_children().live().first().specific
    moderator = member("t-lang-moderator", roles.MODERATORS)
    UserProfile.objects.update_or_create(user=moderator, defaults={"preferred_language": "en"})
    page.save_revision(user=moderator)
    page.get_workflow().start(page, moderator)
    client.force_login(moderator)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()

    assert 'lang="en"' in html[:300]
    assert "Consortium review" in html and "Revisión del consorcio" in html and "Revisió del consorci" in html


def test_menus_read_in_each_users_language_whoever_opened_the_admin_first(client):
    """Wagtail builds its menus once per process: wagtail-localize's "Translations" report and Wagtail's own "What's
    new" item, labelled when they were made, read in the first user's language for everyone after (home/menus.py)."""
    report_url = reverse("wagtail_localize:translations_report")
    whats_new = f"whats-new-in-wagtail-{menus.wagtail_version()}"
    users = {language: superuser(language) for language in ("ca", "en", "es")}
    readers = [
        ("ca", "Traduccions", "Què hi ha de nou a Wagtail"),
        ("en", "Translations", "What's new in Wagtail"),
        ("es", "Traducciones", "Novedades de Wagtail"),
        ("ca", "Traduccions", "Què hi ha de nou a Wagtail"),
    ]
    for language, report, news in readers:
        client.force_login(users[language])
        items = sidebar_items(client.get(reverse("wagtailadmin_home")).content.decode())
        assert [item["label"] for item in items if item["url"] == report_url] == [report], language
        assert [item["label"] for item in items if item["name"] == whats_new] == [f"{news} {menus.wagtail_version()}"]


def translated_keys(path):
    """(context, message) of every translated entry of one catalogue: its compiled file, which is what Django reads
    (some packages ship no .po), else its .po file."""
    compiled = path.removesuffix(".po") + ".mo"
    if os.path.exists(compiled):
        return {(entry.msgctxt, entry.msgid) for entry in polib.mofile(compiled)}
    if not os.path.exists(path):
        return set()
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(path)
        if not entry.obsolete
        and "fuzzy" not in entry.flags
        and (entry.msgstr or (entry.msgstr_plural and all(entry.msgstr_plural.values())))
    }


def spanish_gaps(domain, locale_dirs):
    """Messages that Catalan translates and Spanish does not: Django merges each language's catalogues of
    `locale_dirs` and LOCALE_PATHS into one, and falls back to LANGUAGE_CODE for what that lacks, so a Spanish admin
    user would read them in Catalan."""
    spanish, catalan = set(), {}
    for locale_dir in [*locale_dirs, *settings.LOCALE_PATHS]:
        spanish |= translated_keys(os.path.join(locale_dir, "es", "LC_MESSAGES", f"{domain}.po"))
        for key in translated_keys(os.path.join(locale_dir, "ca", "LC_MESSAGES", f"{domain}.po")):
            catalan.setdefault(key, str(locale_dir))
    return {message: where for (context, message), where in catalan.items() if (context, message) not in spanish}


def test_no_admin_message_reaches_a_spanish_user_in_catalan():
    """Wagtail's, wagtail-localize's and Django's Spanish catalogues lack some messages their Catalan ones have
    ("Page types usage", "Shortcuts", the JavaScript's "Pin toolbar"): translations/upstream/ holds them. After an
    upgrade, add the messages listed here to translations/upstream/locale/es/LC_MESSAGES/."""
    installed = [os.path.join(app.path, "locale") for app in apps.get_app_configs()]
    installed.append(os.path.join(os.path.dirname(django.__file__), "conf", "locale"))
    # The admin's JavaScript catalogue is Wagtail's admin package, with LOCALE_PATHS merged in.
    javascript = [os.path.join(apps.get_app_config("wagtailadmin").path, "locale")]

    assert spanish_gaps("django", installed) == {}
    assert spanish_gaps("djangojs", javascript) == {}


def test_a_spanish_user_reads_wagtails_screens_and_scripts_in_spanish(client):
    client.force_login(superuser("es"))

    report = client.get(reverse("wagtailadmin_reports:page_types_usage")).content.decode()
    scripts = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()

    assert "<h1" in report and "Uso de los tipos de página" in report
    assert "Ús de tipus de pàgines" not in report
    assert "Fijar la barra de herramientas" in scripts
    assert "Fixar barra d" not in scripts


def spanish(user):
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "es"})
    return user


def test_refusals_speak_the_users_language(client, locales):
    """A translator sent back from the Catalan source of a snippet, and council staff refused a closed area, read why
    in their own language: both refusals are made before or outside Wagtail's switch to it."""
    institution = Institution.objects.create(name="Institució de prova", locale=locales["ca"])
    client.force_login(spanish(member("t-refused-translator", roles.TRANSLATORS)))

    sent_back = client.get(reverse("wagtailsnippets_home_institution:edit", args=[institution.pk]), follow=True)

    assert sent_back.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    messages = [str(message).strip() for message in sent_back.context["messages"]]
    assert messages == ["Lo sentimos, no tienes permisos para acceder a esta área."]

    client.force_login(spanish(municipal_editor(Municipality.objects.get(slug="sabadell"))))
    refused = client.get(reverse("wagtailadmin_reports:page_types_usage"))

    assert refused.status_code == 403
    soup = BeautifulSoup(refused.content, "html.parser")
    assert soup.html["lang"] == "es"
    refusal = "No tiene acceso a esta página."
    assert soup.title.get_text(strip=True).startswith(refusal) and soup.h1.get_text(strip=True) == refusal
    assert soup.find("a", href=reverse("wagtailadmin_home"))


@pytest.mark.parametrize(("language", "home"), [("es", "Inicio"), ("en", "Home"), ("ca", "Inici")])
def test_snippet_breadcrumbs_read_in_each_users_language(client, language, home):
    """Wagtail labels its snippet breadcrumbs when it builds the viewsets, at startup (home/menus.py)."""
    client.force_login(superuser(language))

    html = client.get(reverse("wagtailsnippets_home_institution:list")).content.decode()

    breadcrumbs = BeautifulSoup(html, "html.parser").select_one('[data-controller~="w-breadcrumbs"]')
    assert breadcrumbs.find("a", href=reverse("wagtailadmin_home")).get_text(strip=True) == home
