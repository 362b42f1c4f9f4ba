"""Machine-readable channels of the directory: CSV and JSON open data and an RSS feed. They list only
`in_open_data()` / `listed()` profiles and read every value through public_view(): a limited defender appears under
the chosen name, without photo or region; a protected one not at all."""

import csv

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, JsonResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from home.opendata import spreadsheet_safe
from home.share_cards import site_name
from home.site_url import absolute_url
from home.tree import children_of

from .models import DefenderPage
from .safety import public_view

CSV_COLUMNS = ["name", "country", "country_name", "region", "organisations", "summary", "portrait", "url"]
JSON_FIELDS = CSV_COLUMNS + ["portrait_alt", "portrait_credit", "safety_level"]


def open_data_rows(request, index_page):
    defenders = (
        DefenderPage.objects.in_open_data()
        .filter(children_of(index_page))
        .order_by("title")
        .select_related("locale", "person__portrait")
        .prefetch_related("person__portrait_texts")
    )
    for page in defenders:
        data = public_view(page).as_data()
        if data["portrait"]:
            data["portrait"] = absolute_url(data["portrait"])
        data["url"] = page.get_full_url(request) or ""
        yield data


def csv_response(request, index_page):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="defenders-{index_page.locale.language_code}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for data in open_data_rows(request, index_page):
        data["organisations"] = "; ".join(data["organisations"])
        data["portrait"] = data["portrait"] or ""
        writer.writerow([spreadsheet_safe(data[column]) for column in CSV_COLUMNS])
    return response


def json_response(request, index_page):
    defenders = [{column: data[column] for column in JSON_FIELDS} for data in open_data_rows(request, index_page)]
    return JsonResponse(
        {"language": index_page.locale.language_code, "count": len(defenders), "defenders": defenders},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


class DefenderFeed(Feed):
    """RSS 2.0: every item dated (first publication of the profile), every URL absolute on SITE_URL."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, index_page):
        self.request = request
        self.language = index_page.locale.language_code
        return index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return absolute_url(index_page.url)

    def feed_url(self, index_page):
        return absolute_url(self.request.path)

    def author_name(self, index_page):
        return site_name()

    def description(self, index_page):
        return index_page.intro or _("Human rights defenders hosted by Catalan cities.")

    def items(self, index_page):
        pages = DefenderPage.objects.listed().filter(children_of(index_page)).order_by("-first_published_at")[:50]
        return [public_view(page) for page in pages]

    def item_title(self, defender):
        return defender.name

    def item_description(self, defender):
        return defender.summary

    def item_link(self, defender):
        return absolute_url(defender.url)

    def item_guid(self, defender):
        return f"urn:cdhr:defender:{defender.page.translation_key}:{self.language}"

    item_guid_is_permalink = False

    def item_pubdate(self, defender):
        return defender.page.first_published_at

    def item_updateddate(self, defender):
        return defender.page.last_published_at
