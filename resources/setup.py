"""Set-up of the resources area (`manage.py setup_site`): the directory in every site;
with --demo, eight fictional teaching proposals with small generated PDFs, in three languages. Idempotent."""

import textwrap

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from defenders.models import DefenderPage, Theme
from editions.models import EditionPage
from home.setup import (
    SOURCE_LANGUAGE,
    TARGET_LANGUAGES,
    publish_new_page,
    set_on_every_language,
    stream,
    translate_into_all,
)

from .demo_content import DEMO_RESOURCES, DOCUMENT_DESCRIPTIONS, RESOURCE_INDEX
from .models import ResourceIndexPage, ResourcePage
from .pdf import simple_pdf

INDEX_SLUG = "recursos-educatius"


def ensure_resource_index(context):
    home = context.homes[SOURCE_LANGUAGE]
    index = ResourceIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_new_page(home, ResourceIndexPage(slug=INDEX_SLUG, show_in_menus=True, **RESOURCE_INDEX["ca"]))
        context.log("teaching resources index")
    translate_into_all(index, RESOURCE_INDEX)
    return index


def setup(context):
    ensure_resource_index(context)


def demo_document(resource, language):
    """The resource's dossier in `language`: a small PDF, found again by its title on a second run."""
    Document = get_document_model()
    texts = resource[language]
    title = f"{texts['title']} ({language})"
    document = Document.objects.filter(title=title).first()
    if document is None:
        lines = textwrap.wrap(texts["summary"], 90) + [""]
        for goal in texts["goals"]:
            lines += textwrap.wrap(goal, 88, initial_indent="- ", subsequent_indent="  ")
        data = simple_pdf(texts["title"], lines)
        document = Document(title=title, file=ContentFile(data, name=f"{resource['slug']}-{language}.pdf"))
        document.save()
    return document


def resource_fields(resource, language, documents):
    texts = resource[language]
    slug = resource["slug"]
    return {
        "title": texts["title"],
        "summary": texts["summary"],
        "learning_goals": stream([("goal", goal) for goal in texts["goals"]], f"{slug}/goals"),
        "activity_steps": stream(
            [("step", {"title": t, "minutes": m, "instructions": html}) for t, m, html in texts["steps"]],
            f"{slug}/steps",
        ),
        "documents": stream(
            [
                (
                    "document",
                    {
                        "document": documents[code].pk,
                        "language": code,
                        "description": DOCUMENT_DESCRIPTIONS[language][code],
                    },
                )
                for code in resource["documents"]
            ],
            f"{slug}/documents",
        ),
    }


def create_demo_resources(context):
    index = ResourceIndexPage.objects.get(locale__language_code=SOURCE_LANGUAGE)
    for resource in DEMO_RESOURCES:
        page = ResourcePage.objects.child_of(index).filter(slug=resource["slug"]).first()
        documents = {code: demo_document(resource, code) for code in resource["documents"]}
        if page is None:
            page = ResourcePage(
                slug=resource["slug"],
                level=resource["level"],
                year=resource["year"],
                sessions=resource["sessions"],
                duration_minutes=resource["minutes"],
                licence=resource["licence"],
                **resource_fields(resource, SOURCE_LANGUAGE, documents),
            )
            publish_new_page(index, page)
            context.log(f"teaching resource {resource['slug']}")
        translate_into_all(page, {code: resource_fields(resource, code, documents) for code in TARGET_LANGUAGES})


def create_demo(context):
    create_demo_resources(context)


def link_demo(context):
    """Each demo resource: its theme, the autumn (or spring) tour of its year and, for the first four, the coming
    spring tour too; and up to two listed defenders working on its theme. Only resources not yet linked."""
    tours = EditionPage.objects.filter(locale__language_code=SOURCE_LANGUAGE).order_by("-year", "season")
    coming = tours.filter(year=2027, season="spring").first()
    for number, resource in enumerate(DEMO_RESOURCES):
        page = ResourcePage.objects.filter(slug=resource["slug"], locale__language_code=SOURCE_LANGUAGE).first()
        if page is None or page.themes.exists() or page.related_tours.exists():
            continue
        theme = Theme.objects.filter(slug=resource["theme"], locale__language_code=SOURCE_LANGUAGE).first()
        linked_tours = [tours.filter(year=resource["year"]).first()] + ([coming] if number < 4 else [])
        defenders = []
        if theme:
            defenders = list(
                DefenderPage.objects.listed().filter(locale=page.locale, themes=theme).order_by("title")[:2]
            )
        set_on_every_language(
            page,
            themes=[theme] if theme else [],
            related_tours=[tour for tour in linked_tours if tour],
            related_defenders=defenders,
        )
        context.log(f"teaching resource {resource['slug']}: links")
