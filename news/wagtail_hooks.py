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
        # What the press room lists, its address included: the rows are remembered (`press_releases`).
        .only("title", "url_path", "locale_id", "path", "depth", "date", "intro")
    ),
)


def press_releases(tour):
    # Read once until content changes: a press release's title, date and introduction are listed here, and saving
    # them moves the content generation (only its body is shown on its own page alone).
    return PRESS_RELEASES.remembered(tour.locale_id, tour.translation_key)


@hooks.register("tour_press_room_context")
def releases_in_the_press_room(request, tour, press_office):
    return {"releases": press_releases(tour)}
