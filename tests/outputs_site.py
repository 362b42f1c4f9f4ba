"""A small site with one live page of every public page type, shared by the tests of the site's machine-readable
outputs (tests/test_outputs_*.py). Defenders of all three safety levels carry the same portrait, of a colour found
nowhere else on the site, so that a share card can be searched for it pixel by pixel."""

import datetime

from contact.models import ContactPage
from defenders.factories import make_image
from editions.factories import (
    EventFactory,
    defender_directory,
    edition_index,
    madrid,
    make_defender,
    make_programme,
    make_tour,
)
from home.models import Municipality, OpenDataPage, StandardPage
from home.setup import publish_new_page
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceIndexPage, ResourcePage
from statements.factories import StatementPageFactory
from statements.models import StatementIndexPage

PORTRAIT_COLOUR = (0, 255, 0)  # pure green: the site's cards draw nothing in it


def build(homes):
    home = homes["ca"]
    portrait = make_image("Green portrait", color="#00ff00", size=(400, 400))
    directory = defender_directory(home)
    defenders = {
        level: make_defender(
            directory,
            f"riu-{level}",
            f"Riu {level.title()}",
            level,
            legal_name=f"Legal Riu {level} Secret",
            organisation="Public Organisation",
            summary=f"Riu {level.title()} defends the river.",
            portrait=portrait,
            portrait_alt=f"Portrait of Riu {level.title()}",
            portrait_credit="Photographer",
        )
        for level in ("public", "limited", "protected")
    }
    index = edition_index(home)
    tour = make_tour(index, slug="prova-2027", start=datetime.date(2027, 4, 12), end=datetime.date(2027, 4, 21))
    past_tour = make_tour(index, slug="prova-2019", start=datetime.date(2019, 4, 1), end=datetime.date(2019, 4, 9))
    programme = make_programme(
        tour,
        Municipality.objects.get(slug="sabadell"),
        events=[
            EventFactory(title="Xerrada oberta", start=madrid(2027, 4, 13, 18)),
            EventFactory(title="Taula rodona", audience="invitation", start=madrid(2027, 4, 14, 17)),
        ],
        defenders=[defenders["public"], defenders["protected"]],
    )
    news_index = NewsIndexPage.objects.child_of(home).first()
    news = publish_new_page(
        news_index,
        NewsPage(
            title="Comença la gira", slug="comenca-la-gira", date=datetime.date(2026, 11, 20), intro="Sis ciutats."
        ),
    )
    statements = StatementIndexPage.objects.child_of(home).first()
    statement = StatementPageFactory(parent=statements, year=2026)
    resources = ResourceIndexPage.objects.child_of(home).first()
    resource = publish_new_page(
        resources,
        ResourcePage(title="Drets en joc", slug="drets-en-joc", summary="Una activitat.", level="secondary", year=2026),
    )
    return {
        "home": home,
        "standard": StandardPage.objects.child_of(home).live().first(),
        "news index": news_index,
        "news": news,
        "defender index": directory,
        "public defender": defenders["public"],
        "limited defender": defenders["limited"],
        "protected defender": defenders["protected"],
        "tour index": index,
        "tour": tour,
        "past tour": past_tour,
        "programme": programme,
        "statement index": statements,
        "statement": statement,
        "resource index": resources,
        "resource": resource,
        "contact": ContactPage.objects.child_of(home).first(),
        "open data": OpenDataPage.objects.child_of(home).first(),
        "portrait": portrait,
    }
