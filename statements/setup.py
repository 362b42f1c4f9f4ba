"""What `manage.py setup_site` does for statements: the statement index page in every language; with --demo, the
2020 statement (the consortium's real text), a 2026 statement with an open window, endorsements in every status and
the demo municipal editors and moderator. Every step looks before it creates, so a second run changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Locale

from home.models import Municipality
from home.roles import MUNICIPALITY_PREFIX
from home.setup import TARGET_LANGUAGES, publish_new_page, stream
from home.translation import publish_translation

from .content import INDEX, STATEMENT_2020, STATEMENT_2026
from .forms import private_collection
from .models import AdoptingBody, Endorsement, StatementIndexPage, StatementPage

INDEX_SLUG = "declaracio"


def ensure_index_page(context):
    home = context.homes["ca"]
    index = StatementIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_new_page(home, StatementIndexPage(slug=INDEX_SLUG, show_in_menus=True, **INDEX["ca"]))
        context.log("statement index page (ca)")
    for code in TARGET_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        if not index.has_translation(locale):
            publish_translation(index, locale, INDEX[code])
            context.log(f"statement index page ({code})")
    return index


def setup(context):
    ensure_index_page(context)
    private_collection()


# --- demo ---------------------------------------------------------------------------------------------------------

DEMO_EDITORS = ["sabadell", "terrassa", "sant-boi-de-llobregat"]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("statements", "add_endorsement"),
    ("statements", "view_endorsement"),
    ("statements", "withdraw_endorsement"),
]
MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("statements", "view_endorsement"),
    ("statements", "verify_endorsement"),
]


def _permissions(pairs):
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def ensure_demo_roles(context):
    """Municipal editors groups and demo users for three councils, and a moderator. The workflow issue will take
    over groups and users: this is the only place statements creates them."""
    users = {}
    for slug in DEMO_EDITORS:
        municipality = Municipality.objects.get(slug=slug)
        group = municipality.editors_group
        if group is None:
            group, created = Group.objects.get_or_create(name=f"{MUNICIPALITY_PREFIX}{municipality.name}")
            municipality.editors_group = group
            municipality.save(update_fields=["editors_group"])
            if created:
                context.log(f"group {group.name}")
        group.permissions.add(*_permissions(EDITOR_PERMISSIONS))
        users[slug] = _demo_user(context, f"muni-{slug}", groups=[group])
    users["moderator"] = _demo_user(context, "moderator", permissions=_permissions(MODERATOR_PERMISSIONS))
    return users


def _demo_user(context, username, groups=(), permissions=()):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, f"{username}@example.org", context.demo_password)
        context.log(f"demo user {username}")
    user.groups.add(*groups)
    user.user_permissions.add(*permissions)
    return user


def _statement(context, index, year, texts, window):
    statement = StatementPage.objects.child_of(index).filter(year=year).first()
    if statement is None:
        values = _values(texts["ca"], year)
        statement = publish_new_page(
            index,
            StatementPage(slug=str(year), year=year, window_opens=window[0], window_closes=window[1], **values),
        )
        context.log(f"statement {year} (ca)")
    for code in TARGET_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        if not statement.has_translation(locale):
            publish_translation(statement, locale, _values(texts[code], year))
            context.log(f"statement {year} ({code})")
    return statement


def _values(texts, year):
    return {
        "title": texts["title"],
        "preamble": "".join(f"<p>{escape(paragraph)}</p>" for paragraph in texts["preamble"]),
        # The same key in every language: a translation's blocks carry the source's ids.
        "commitments": stream([("commitment", text) for text in texts["commitments"]], f"statement-{year}"),
    }


# A minimal valid PDF, to show how a verified endorsement's document is published.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

VERIFIED_2020 = [
    "barbera-del-valles", "castelldefels", "cornella-de-llobregat", "el-prat-de-llobregat", "girona", "granollers",
    "mataro", "reus", "sabadell", "sant-boi-de-llobregat", "sant-cugat-del-valles", "tarragona", "terrassa",
    "viladecans",
]  # fmt: skip
VERIFIED_2026 = [
    "barbera-del-valles", "begues", "caldes-de-montbui", "castelldefels", "cornella-de-llobregat",
    "el-prat-de-llobregat", "esplugues-de-llobregat", "gava", "girona", "granollers", "mataro", "molins-de-rei",
    "reus", "santa-coloma-de-gramenet", "tarragona", "vilanova-i-la-geltru",
]  # fmt: skip
BODIES = list(AdoptingBody.values)
# Fictional signatories: roles only matter. "N. N." (nomen nescio) stands for a name in every language, where a note
# such as "(signatura de demostració)" would reach the Spanish and English open data in Catalan. The role is what a
# council types, in its own language.
SIGNATORY = ("N. N.", "Alcalde o alcaldessa")
EARLIER_DEMO_SIGNATORY = "Alcaldia (signatura de demostració)"


def _endorse(context, statement, slug, status, adoption_date, users, reason="", with_document=False):
    municipality = Municipality.objects.get(slug=slug)
    if Endorsement.objects.filter(statement=statement, municipality=municipality, status=status).exists():
        return
    number = len(slug) % len(BODIES)
    endorsement = Endorsement(
        statement=statement,
        municipality=municipality,
        status=status,
        adopting_body=BODIES[number],
        adoption_date=adoption_date,
        reference=f"{statement.year}/{100 + len(slug)}",
        signatory_name=SIGNATORY[0],
        signatory_role=SIGNATORY[1],
        submitted_by=users.get(slug),
        rejection_reason=reason,
    )
    if status in (Endorsement.Status.VERIFIED, Endorsement.Status.REJECTED):
        endorsement.verified_by = users["moderator"]
        endorsement.verified_at = timezone.now()
    if status == Endorsement.Status.WITHDRAWN:
        endorsement.withdrawn_at = timezone.now()
    if with_document:
        document = get_document_model()(
            title=f"{municipality.name} — {statement.year}", collection=private_collection()
        )
        document.file.save(f"endorsement-{statement.year}-{slug}.pdf", ContentFile(DEMO_PDF), save=False)
        document._set_document_file_metadata()
        document.save()
        endorsement.document = document
    endorsement.save()
    context.log(f"endorsement {statement.year} {slug} ({status})")


def create_demo(context):
    users = ensure_demo_roles(context)
    index = ensure_index_page(context)
    statement_2020 = _statement(
        context, index, 2020, STATEMENT_2020, (datetime.date(2020, 1, 15), datetime.date(2020, 6, 30))
    )
    statement_2026 = _statement(
        context, index, 2026, STATEMENT_2026, (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    )
    Endorsement.objects.filter(signatory_name=EARLIER_DEMO_SIGNATORY).update(signatory_name=SIGNATORY[0])
    verified = Endorsement.Status.VERIFIED
    for position, slug in enumerate(VERIFIED_2020):
        date = datetime.date(2020, 2, 3) + datetime.timedelta(days=7 * position)
        _endorse(context, statement_2020, slug, verified, date, users)
    for position, slug in enumerate(VERIFIED_2026):
        date = datetime.date(2026, 10, 5) + datetime.timedelta(days=3 * position)
        _endorse(context, statement_2026, slug, verified, date, users, with_document=position < 2)
    _endorse(context, statement_2026, "terrassa", Endorsement.Status.SUBMITTED, datetime.date(2026, 11, 20), users)
    _endorse(
        context,
        statement_2026,
        "sant-boi-de-llobregat",
        Endorsement.Status.REJECTED,
        datetime.date(2026, 11, 2),
        users,
        reason="El document adjunt és l'acta d'una altra sessió.",
    )
    _endorse(context, statement_2026, "sabadell", Endorsement.Status.WITHDRAWN, datetime.date(2026, 10, 20), users)
