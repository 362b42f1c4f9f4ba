"""What the news area adds to other apps' pages: a tour's press releases in its press room (editions/press.py)."""

from wagtail import hooks

from .models import NewsPage


def press_releases(tour):
    return (
        NewsPage.objects.live()
        .public()
        .filter(
            locale_id=tour.locale_id,
            category=NewsPage.Category.PRESS_RELEASE,
            tour__translation_key=tour.translation_key,
        )
        .order_by("-date", "-pk")
    )


@hooks.register("tour_press_room_context")
def releases_in_the_press_room(request, tour, press_office):
    return {"releases": list(press_releases(tour))}
