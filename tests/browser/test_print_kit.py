"""The print kit as people meet it on the demo site: a council's editor opens the "Print and share" tab of its
programme in Chromium (axe finds nothing wrong with it, the previews load, nothing leaves the machine), and a visitor
downloads the poster from the programme page.

With CDHR_DOCS_SCREENSHOTS=1 the run also refreshes the pictures the README shows (docs/print-kit/).
"""

import io
import os
import re
import subprocess

from PIL import Image

from .conftest import ROOT, axe_violations

DOCS = ROOT / "docs" / "print-kit"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "drets-humans-demo")


def keep_for_docs(name, png):
    if os.environ.get("CDHR_DOCS_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / name).write_bytes(png)


def sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_council_editor_finds_posters_of_its_programme_in_the_print_and_share_tab(page, axe):
    page.set_viewport_size({"width": 1280, "height": 1100})
    sign_in(page, "muni-sabadell")
    # The Catalan source of the spring programme: translations open in wagtail-localize's editor instead.
    page.goto("/admin/pages/search/?q=Sabadell")
    row = page.locator("tr", has_text="Català").filter(has_text="primavera 2027")
    row.locator("a[href$='/edit/']").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    tab = page.locator("[role=tab]", has_text=re.compile("Imprimeix i comparteix|Print and share"))
    tab.click()
    panel = page.locator(".print-kit")
    panel.wait_for(state="visible")
    previews = panel.locator("img.print-kit__preview")
    assert previews.count() >= 1
    for index in range(previews.count()):
        previews.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(
            "image => image.complete && image.naturalWidth > 0", arg=previews.nth(index).element_handle()
        )
    languages = panel.locator("section.print-kit__language")
    assert [languages.nth(i).get_attribute("lang") for i in range(languages.count())] == ["ca", "es", "en"]
    results = axe.run(page, context=".print-kit", options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    assert results.response["violations"] == []
    assert page.foreign_requests == []
    png = panel.screenshot()
    keep_for_docs("admin-panel.png", shrink(png, 1000))


def test_a_visitor_downloads_the_poster_from_the_programme_page(page, axe, demo_server):
    assert page.goto("/ca/edicions/primavera-2027/sabadell/").status == 200
    line = page.locator(".print-links")
    assert "Cartells i fullets" in line.inner_text()
    assert axe_violations(axe, page) == []
    href = line.locator("a").first.get_attribute("href")
    response = page.request.get(demo_server + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    first_page = subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-"],
        input=response.body(),
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(first_page))
    assert abs(image.width / image.height - 210 / 297) < 0.01
    keep_for_docs("poster-a4.png", first_page)


def shrink(png, width):
    image = Image.open(io.BytesIO(png))
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
