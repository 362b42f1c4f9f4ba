"""No page scrolls sideways on a small phone: every page type (and the routes that are not pages), in each language,
at 320 px (the narrowest width WCAG 1.4.10 Reflow asks for) and 390 px (a common phone), with real Chromium.

The page's own width (`document.documentElement.scrollWidth`) must not exceed the window's. A table may scroll inside
its own box (`.table-scroll`); the page may not. On failure the message names the elements that stick out.
"""

import pytest

from .conftest import DEMO_PAGES

LANGUAGES = ["ca", "es", "en"]
WIDTHS = [320, 390]
# Views that are not pages: their paths are translated (home/urls.py).
ROUTES = {
    "ca": ["/ca/ciutats/", "/ca/ciutats/sant-boi-de-llobregat/", "/ca/cerca/?q=drets", "/ca/no-hi-ha-res/"],
    "es": ["/es/ciudades/", "/es/ciudades/sant-boi-de-llobregat/", "/es/buscar/?q=derechos", "/es/no-hay-nada/"],
    "en": ["/en/cities/", "/en/cities/sant-boi-de-llobregat/", "/en/search/?q=rights", "/en/nothing-here/"],
}
# The elements wider than the window, for the failure message.
OVERFLOWING = """() => {
    const limit = window.innerWidth;
    return [...document.querySelectorAll('body *')]
        .filter(element => element.getBoundingClientRect().right > limit + 0.5)
        .filter(element => !element.closest('.table-scroll, .visually-hidden'))
        .slice(0, 5)
        .map(element => {
            const right = Math.round(element.getBoundingClientRect().right);
            const text = (element.textContent || '').trim().slice(0, 40);
            return `${element.tagName.toLowerCase()}.${element.className}: ${right} px «${text}»`;
        });
}"""


def urls(language):
    pages = [url for _name, url in DEMO_PAGES[language] if not url.endswith((".ics", ".xml", ".csv", ".json"))]
    return pages + ROUTES[language]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways(browser, demo_server, language, width):
    context = browser.new_context(base_url=demo_server, viewport={"width": width, "height": 800})
    page = context.new_page()
    too_wide = {}
    checked = 0
    for url in urls(language):
        page.goto(url)
        checked += 1
        sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if sizes[0] > sizes[1]:
            too_wide[url] = (sizes, page.evaluate(OVERFLOWING))
    context.close()
    assert checked >= 20, "fewer page types than the demo has: did the demo change?"
    assert too_wide == {}
