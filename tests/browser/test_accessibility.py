"""WCAG 2.1 A/AA (axe-core) on one page of every page type in each language, plus the error and admin login pages.

Each page is also checked for third-party requests: every request that is not addressed to our own server fails
the test (the page fixture blocks and records it).
"""

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PAGES, axe_violations

LANGUAGES = ["ca", "es", "en"]
# One public page per page type and route; later apps add theirs here.
PAGES = ["/{lang}/", "/{lang}/el-projecte/", "/{lang}/cities/sabadell/", "/{lang}/cities/"]


# Each language's own slugs (home/slugs.py) and route names.
SLUGS = {
    "ca": {"/cities/": "/ciutats/", "/el-projecte/": "/el-projecte/"},
    "es": {"/cities/": "/ciudades/", "/el-projecte/": "/el-proyecto/"},
    "en": {"/cities/": "/cities/", "/el-projecte/": "/the-project/"},
}


def localise(path, lang):
    path = path.format(lang=lang)
    for catalan, translated in SLUGS[lang].items():
        path = path.replace(catalan, translated)
    return path


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_public_pages_have_no_axe_violations(page, axe, path, lang):
    response = page.goto(localise(path, lang))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(axe, page) == []
    assert page.foreign_requests == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_has_no_axe_violations(page, axe, demo_server, lang):
    """One page of every page type the demo has (defenders, tours, programmes, statements, resources, news, ...)
    and the route views (agenda, filtered directory), in each language."""
    problems = {}
    checked = 0
    for name, url in DEMO_PAGES[lang]:
        if url.endswith((".ics", ".xml", ".csv", ".json")):
            continue
        response = page.goto(url)
        checked += 1
        violations = axe_violations(axe, page)
        if response.status != 200 or violations or page.foreign_requests:
            problems[f"{name} {url}"] = (response.status, violations, list(page.foreign_requests))
    assert checked >= 12
    assert problems == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_has_no_axe_violations(page, axe, lang):
    response = page.goto(f"/{lang}/no-such-page/")
    assert response.status == 404
    assert axe_violations(axe, page) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sign_in_gate_has_no_axe_violations(page, axe, lang):
    """The form in front of a page only for signed-in visitors (its password gate shares the template), empty and
    after a wrong password."""
    response = page.goto(f"/{lang}/_util/login/?next=/{lang}/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    assert axe_violations(axe, page) == []
    page.fill("#id_username", f"nobody-{lang}")
    page.fill("#id_password", "not-the-password")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert axe_violations(axe, page) == []
    assert page.foreign_requests == []


def test_admin_login_has_no_axe_violations(page, axe):
    page.goto("/admin/login/")
    expect(page.locator("form")).to_be_visible()
    assert axe_violations(axe, page) == []


def test_keyboard_skip_link_moves_focus_to_main(page):
    page.goto("/ca/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_reaches_language_switcher_and_navigation(page):
    page.goto("/ca/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Español" in reached
    assert "El projecte" in reached
    # Follow the language switcher with the keyboard alone.
    page.goto("/ca/el-projecte/")
    page.locator('nav.language-switcher a[hreflang="en"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/the-project/")
    assert page.locator("h1").inner_text() == "The project"


def test_focus_is_visible(page):
    page.goto("/ca/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_pages_read_without_javascript(browser, demo_server):
    context = browser.new_context(base_url=demo_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/es/el-proyecto/")
    assert page.locator("h1").inner_text() == "El proyecto"
    assert page.locator("main p").count() >= 2
    context.close()


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus; fail if it never gets it."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("none", ""), f"{selector} has no visible focus"
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_keyboard_filters_the_directory(page):
    page.goto("/ca/defensors/")
    tab_to(page, "#filter-q")
    page.keyboard.type("Aurora")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ca/defensors/?*q=Aurora*")
    assert page.locator(".defender-card").count() >= 1
    # A select and the submit button, with the keyboard alone.
    page.goto("/ca/defensors/")
    tab_to(page, "#filter-country")
    page.keyboard.press("ArrowDown")
    tab_to(page, ".directory-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ca/defensors/?*country=*")
    assert page.locator(".defender-card").count() >= 1


def test_keyboard_follows_pagination(page):
    page.goto("/ca/defensors/")
    tab_to(page, 'nav.pagination a[rel="next"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/ca/defensors/?page=2")
    expect(page.locator('nav.pagination [aria-current="page"]')).to_contain_text("2")
    assert page.locator(".defender-card").count() >= 1
