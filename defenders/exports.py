"""Machine-readable channels of the directory: CSV open data and an RSS feed. Both list only `in_open_data()` /
`listed()` profiles and read every value through public_view()."""

import csv

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .models import DefenderPage
from .safety import public_view

CSV_COLUMNS = ["name", "country", "country_name", "region", "organisations", "summary", "portrait", "url"]


def csv_response(index_page):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="defenders-{index_page.locale.language_code}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    defenders = DefenderPage.objects.in_open_data().child_of(index_page).order_by("title").select_related("portrait")
    for page in defenders:
        data = public_view(page).as_data()
        data["organisations"] = "; ".join(data["organisations"])
        data["portrait"] = data["portrait"] or ""
        data["url"] = page.full_url or ""
        writer.writerow([data[column] for column in CSV_COLUMNS])
    return response


class DefenderFeed(Feed):
    def get_object(self, request, index_page):
        self.request = request
        return index_page

    def title(self, index_page):
        return index_page.title

    def link(self, index_page):
        return index_page.url

    def description(self, index_page):
        return index_page.intro or _("Human rights defenders hosted by Catalan cities.")

    def items(self, index_page):
        pages = DefenderPage.objects.listed().child_of(index_page).order_by("-first_published_at")[:50]
        return [public_view(page) for page in pages]

    def item_title(self, defender):
        return defender.name

    def item_description(self, defender):
        return defender.summary

    def item_link(self, defender):
        return defender.url
