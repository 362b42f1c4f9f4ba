"""What `manage.py setup_site` does for the news area: the news index in every language; with --demo, fictional
news items and press releases, linked to their tours once editions has made them."""

from editions.models import EditionPage
from home.setup import SOURCE_LANGUAGE, publish_new_page, set_on_every_language, stream, translate_into_all

from .content import DEMO_NEWS, NEWS_INDEX
from .models import NewsIndexPage, NewsPage


def setup(context):
    ensure_news_index(context)


def create_demo(context):
    create_demo_news(context)


def link_demo(context):
    link_demo_news(context)


def ensure_news_index(context):
    home = context.homes[SOURCE_LANGUAGE]
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_new_page(home, NewsIndexPage(slug="noticies", show_in_menus=True, **NEWS_INDEX["ca"]))
        context.log("news index")
    translate_into_all(index, NEWS_INDEX)
    return index


def create_demo_news(context):
    index = NewsIndexPage.objects.get(locale__language_code=SOURCE_LANGUAGE)
    for slug, item in DEMO_NEWS.items():
        page = NewsPage.objects.child_of(index).filter(slug=slug).first()
        if page is None:
            fields = dict(item["ca"], body=stream(item["ca"]["body"], slug))
            page = publish_new_page(index, NewsPage(slug=slug, date=item["date"], category=item["category"], **fields))
            context.log(f"news {slug}")
        translate_into_all(page, item, key=slug)


def link_demo_news(context):
    """Press releases belong to a tour (its press room lists them); tours exist only once editions has run."""
    for slug, item in DEMO_NEWS.items():
        page = NewsPage.objects.filter(slug=slug, locale__language_code=SOURCE_LANGUAGE).first()
        tour = EditionPage.objects.filter(slug=item.get("tour"), locale__language_code=SOURCE_LANGUAGE).first()
        if page and tour and page.tour_id != tour.pk:
            set_on_every_language(page, tour=tour)
            context.log(f"news {slug} → tour {tour.slug}")
