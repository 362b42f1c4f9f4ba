"""What the news area adds to other apps' pages: a tour's press releases in its press room (editions/press.py)."""

from wagtail import hooks

from home.queries import PreparedQuery

from .models import NewsPage

# A tour's press releases in its language, the latest first: SQL compiled once per process (`PreparedQuery`), the
# tour's locale and translation key its parameters.
PRESS_RELEASES = PreparedQuery(
    "a tour's press releases",
    lambda locale_id, tour_key: (
        NewsPage.objects.live()
        .public()
        .filter(locale_id=locale_id, category=NewsPage.Category.PRESS_RELEASE, tour__translation_key=tour_key)
        .order_by("-date", "-pk")
    ),
)


def press_releases(tour):
    return PRESS_RELEASES(tour.locale_id, tour.translation_key)


@hooks.register("tour_press_room_context")
def releases_in_the_press_room(request, tour, press_office):
    return {"releases": press_releases(tour)}
