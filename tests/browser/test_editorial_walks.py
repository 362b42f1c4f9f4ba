"""The editorial workflow walked in the real admin, one role at a time, on the demo site (issue 16).

1. A translator changes a string of a Spanish translation in wagtail-localize's editor and hands it over with
   "Save translation as draft and submit for review"; the page is then in moderation and the translator can
   neither publish it (no button, and a direct POST is refused) nor convert it to an alias.
2. A moderator finds it on the dashboard (language, percentage, who submitted), reads the comparison with the live
   version, approves it, and the public Spanish page shows the new text. A second hand-over is sent back with a
   comment, which the translator then reads.
3. Council staff open their own Spanish programme: no "Convert to alias" anywhere, the translation editor and the
   conversion refused, the live page unchanged.

The walks run in this order on one demo server (the second reviews what the first handed over).
With CDHR_DOCS_SCREENSHOTS=1 the run also refreshes the pictures of the README (docs/workflow/).
"""

import io
import os
import re
import urllib.request

from PIL import Image
from playwright.sync_api import expect

from home.roles import CONSORTIUM_APPROVAL_TASK

from .conftest import ROOT

DOCS = ROOT / "docs" / "workflow"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "drets-humans-demo")

# A Spanish translation of the demo (the privacy notice) and the string the translator rewrites.
SPANISH_TITLE = "Aviso de privacidad"
SPANISH_URL = "/es/privacidad/"
CATALAN_STRING = "Què fem amb les dades que ens confieu i quant temps les guardem."
OLD_STRING = "Qué hacemos con los datos que nos confía y cuánto tiempo los guardamos."
NEW_STRING = "Qué hacemos con los datos que nos confía y durante cuánto tiempo los conservamos."


def keep_for_docs(name, png):
    """Pictures for the README only on request: a plain test run writes nothing into the repository."""
    if os.environ.get("CDHR_DOCS_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        image.save(DOCS / name, optimize=True)


def sign_in(page, username):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()  # whoever was signed in before
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def public_html(base_url, path):
    with urllib.request.urlopen(base_url + path, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def csrf_post(page, url, data):
    """A POST as the signed-in user's browser would send it (its session and CSRF cookie), no redirects followed."""
    token = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    return page.request.post(
        url, form=data, headers={"X-CSRFToken": token, "Referer": page.url, "Accept-Language": "en-US"}, max_redirects=0
    )


def open_status(page):
    """The page's status side panel (the "i" toggle of the editor's header)."""
    page.locator("[data-side-panel-toggle=status]").first.click()
    status = page.locator("[data-side-panel=status]").first
    expect(status).to_be_visible()
    return status


def hand_over(page, page_id, catalan, text):
    """In the open translation editor: rewrite one string, save it, hand the translation over."""
    segment = page.locator(".js-translation-editor li", has_text=catalan).last
    segment.get_by_role("button", name="Edit").click()
    segment.locator("textarea").fill(text)
    segment.get_by_role("button", name="Save").click()
    expect(segment.get_by_role("button", name="Edit")).to_be_visible()
    expect(segment).to_contain_text(text)
    page.get_by_role("link", name="Save translation as draft and submit for review").click()
    page.get_by_role("button", name="Save translation as draft and submit for review").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{page_id}/edit/"))
    expect(page.locator(".messages")).to_contain_text("submitted for review")


def open_in_admin(page, title, language_label):
    """Find a page through the admin's search and open it (translations open in wagtail-localize's editor)."""
    page.goto(f"/admin/pages/search/?q={title}")
    row = page.locator("tr", has_text=language_label).filter(has=page.get_by_role("link", name=title, exact=True))
    row.get_by_role("link", name=title, exact=True).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    return int(re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1))


def test_translator_hands_a_translation_over(page, demo_server):
    sign_in(page, "translator")
    page_id = open_in_admin(page, SPANISH_TITLE, "Español")
    editor = page.locator(".js-translation-editor")
    segment = editor.locator("li", has_text=CATALAN_STRING).last
    expect(segment).to_contain_text(OLD_STRING)
    # The editor's actions (its menu opened too): neither publishing nor converting to an alias for a translator.
    expect(page.get_by_text("Stop Synced translation")).to_be_visible()
    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_text("Preview", exact=True).first).to_be_visible()
    expect(page.get_by_text(re.compile("Publish"))).to_have_count(0)
    expect(page.get_by_text(re.compile("Convert to alias"))).to_have_count(0)
    page.get_by_role("button", name="More actions").click()

    segment.get_by_role("button", name="Edit").click()
    segment.locator("textarea").fill(NEW_STRING)
    segment.get_by_role("button", name="Save").click()
    expect(segment.get_by_role("button", name="Edit")).to_be_visible()
    expect(segment).to_contain_text(NEW_STRING)
    # Saved strings are not published: readers still get the old text.
    assert OLD_STRING in public_html(demo_server, SPANISH_URL)

    handover = page.get_by_role("link", name="Save translation as draft and submit for review")
    expect(handover).to_be_visible()
    # The header with the hand-over, and the string just changed.
    keep_for_docs("translator-submit.png", page.screenshot(clip={"x": 200, "y": 0, "width": 1080, "height": 470}))
    handover.click()
    page.wait_for_url(re.compile(r"/translation-status/submit/\d+/"))
    expect(page.locator("main")).to_contain_text("will be saved as a draft and sent to the moderators")
    page.get_by_role("button", name="Save translation as draft and submit for review").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{page_id}/edit/"))
    expect(page.locator(".messages")).to_contain_text("Translation saved as a draft and submitted for review.")
    status = open_status(page)
    expect(status).to_contain_text("In Moderation")
    expect(status).to_contain_text("by Tània Traductora")
    expect(status).to_contain_text(f"Sent to {CONSORTIUM_APPROVAL_TASK}")

    # Publishing is refused, even by a hand-made request like the editor's own Publish button would send.
    response = csrf_post(page, f"/admin/pages/{page_id}/edit/", {"action": "publish"})
    assert (response.status, response.headers["location"]) == (302, "/admin/")  # Wagtail's "permission denied"
    page.goto("/admin/")
    expect(page.locator(".messages")).to_contain_text("you do not have permission")
    assert OLD_STRING in public_html(demo_server, SPANISH_URL)


def pending_row(page, title):
    panel = page.locator("section", has=page.locator("#pending-translations-heading"))
    expect(panel).to_be_visible()
    return panel, panel.locator("tbody tr", has_text=title)


def review_action(page, title, action):
    """Wagtail's own dashboard panel "Awaiting your review": the row's Actions menu, then one of its actions."""
    row = page.locator("#awaiting-review-section tbody tr", has_text=title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name=action, exact=True).click()


def test_moderator_reviews_the_change_and_publishes_it(page, demo_server):
    sign_in(page, "moderator")
    panel, row = pending_row(page, SPANISH_TITLE)
    expect(row).to_contain_text("Español")
    expect(row).to_contain_text("100 %")
    expect(row).to_contain_text("Tània Traductora")
    box = panel.bounding_box()
    keep_for_docs(
        "moderator-dashboard.png",
        page.screenshot(clip={"x": 200, "y": box["y"] - 10, "width": 1080, "height": box["height"] + 20}),
    )

    row.get_by_role("link", name="Compare with the live version").click()
    page.wait_for_url(re.compile(r"/revisions/compare/live\.\.\.latest/"))
    changes = page.locator("main table")
    expect(changes).to_contain_text("Introduction")
    expect(changes.locator(".deletion")).to_have_text("guardamos.")
    expect(changes.locator(".addition").last).to_have_text("conservamos.")
    keep_for_docs("moderator-comparison.png", page.screenshot(clip={"x": 200, "y": 0, "width": 1080, "height": 240}))

    page.goto("/admin/")
    with page.expect_navigation():
        review_action(page, SPANISH_TITLE, "Approve")
    expect(page.locator("#awaiting-review-section tr", has_text=SPANISH_TITLE)).to_have_count(0)
    expect(page.locator("section:has(#pending-translations-heading) tr", has_text=SPANISH_TITLE)).to_have_count(0)
    html = public_html(demo_server, SPANISH_URL)
    assert NEW_STRING in html
    assert OLD_STRING not in html


# The second paragraph of the privacy notice, rewritten in a hand-over that the moderator sends back.
CATALAN_SECOND = "Aquest lloc no fa servir galetes de seguiment"
REJECTED_STRING = "Este sitio no usa cookies."
OLD_SECOND = (
    "Este sitio no usa cookies de seguimiento, analítica de terceros ni recursos cargados desde otros servidores."
)
COMMENT = "Falta la mención de la analítica de terceros: vuelve a la frase completa, por favor."


def test_moderator_sends_a_translation_back_with_a_comment(page, demo_server):
    sign_in(page, "translator")
    page_id = open_in_admin(page, SPANISH_TITLE, "Español")
    hand_over(page, page_id, CATALAN_SECOND, REJECTED_STRING)

    sign_in(page, "moderator")
    review_action(page, SPANISH_TITLE, "Request changes")
    dialog = page.get_by_role("dialog")
    dialog.locator("textarea").fill(COMMENT)
    with page.expect_navigation():
        dialog.get_by_role("button", name="Request changes").click()
    expect(page.locator("#awaiting-review-section tr", has_text=SPANISH_TITLE)).to_have_count(0)
    assert REJECTED_STRING not in public_html(demo_server, SPANISH_URL)

    # The translator finds the request and the comment in the page's status, then hands a better text over.
    sign_in(page, "translator")
    open_in_admin(page, SPANISH_TITLE, "Español")
    status = open_status(page)
    expect(status).to_contain_text("Changes requested")
    status.get_by_role("button", name="View details").click()
    # (wagtail-localize renders the status panel twice, so the dialog too)
    details = page.get_by_role("dialog").filter(has_text=COMMENT).first
    expect(details).to_be_visible()
    expect(details).to_contain_text("Changes requested by Mercè Moderadora")
    page.reload()  # closes the dialog; the side panel stays open (Wagtail remembers it) and is closed by its toggle
    page.locator("[data-side-panel-toggle=status]").first.click()
    expect(page.locator("[data-side-panel=status]").first).to_be_hidden()
    hand_over(page, page_id, CATALAN_SECOND, OLD_SECOND)
    expect(open_status(page)).to_contain_text(f"Sent to {CONSORTIUM_APPROVAL_TASK}")
    html = public_html(demo_server, SPANISH_URL)
    assert REJECTED_STRING not in html
    assert NEW_STRING in html  # what the moderator approved before


def main_html(base_url, path):
    html = public_html(base_url, path)
    return html[html.index("<main") : html.index("</main>")]


def test_council_staff_cannot_convert_their_spanish_programme_to_an_alias(page, demo_server):
    from django.urls import reverse

    programme_url = "/es/ediciones/otono-2026/sabadell/"
    before = main_html(demo_server, programme_url)
    sign_in(page, "muni-sabadell")  # council staff's admin speaks Catalan
    page.goto("/admin/pages/search/?q=Sabadell")
    row = page.locator("tbody tr", has_text="Español").filter(has_text="Gira de otoño 2026")
    expect(row).to_have_count(1)
    page_id = int(row.locator("[data-object-id]").get_attribute("data-object-id"))
    # The row's menu offers nothing that converts, publishes or translates.
    row.get_by_role("button", name=re.compile("Més opcions")).click()
    menu = row.locator(".w-dropdown__content")
    expect(menu).to_be_visible()
    expect(menu.locator("a, button")).not_to_have_count(0)
    expect(menu).not_to_contain_text(re.compile("alias|Publica|Tradu", re.IGNORECASE))

    # Opening it is refused: the translation editor is for translators (Wagtail's "permission denied": the dashboard).
    row.get_by_role("link", name="Sabadell").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    # (in the browser's language: Wagtail writes that message before it switches to the user's admin language)
    expect(page.locator(".messages")).to_contain_text(re.compile("do not have permission|No teniu permís"))
    assert page.goto(f"/admin/pages/{page_id}/edit/").url.endswith("/admin/")
    expect(page.get_by_text(re.compile("Convert to alias|Converteix", re.IGNORECASE))).to_have_count(0)

    # The conversion itself, asked for by hand, is refused too.
    convert = reverse("wagtail_localize:convert_to_alias", args=[page_id])
    assert page.goto(convert).status == 403
    assert csrf_post(page, convert, {}).status == 403
    assert main_html(demo_server, programme_url) == before


def test_council_staff_see_their_programme_in_the_preview_panel(page, demo_server):
    """The editor's preview panel frames the page as the public will see it: the previewed page lets the admin frame
    it (it answered with the public site's "never framed" policy, and the panel stayed blank)."""
    sign_in(page, "muni-sabadell")
    page.goto("/admin/pages/search/?q=Sabadell")
    row = page.locator("tbody tr", has_text="Català").filter(has_text="Gira de tardor 2026")
    expect(row).to_have_count(1)
    page_id = int(row.locator("[data-object-id]").get_attribute("data-object-id"))
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "frame" in message.text.lower() else None)
    page.goto(f"/admin/pages/{page_id}/edit/")
    page.locator("[data-side-panel-toggle=preview]").first.click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("Sabadell", timeout=15000)
    expect(preview.locator("article.event").first).to_be_visible()
    assert not refused, refused
