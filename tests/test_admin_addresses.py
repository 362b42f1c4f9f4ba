"""Admin addresses altered by hand get a clear 400, not a server error: Wagtail's bulk actions with `?id=` that is no
id, and an image preview at a size of zero (cdhr_cms/middleware.py `WagtailAddressCheckMiddleware`). The same
addresses as the admin writes them still work."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from defenders.factories import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(as_user):
    return as_user("editor")


@pytest.mark.parametrize("model", ["wagtailcore/page", "wagtailimages/image"])
@pytest.mark.parametrize("query", ["id=abc", "id=1.5", "id=all&childOf=abc"])
def test_a_bulk_action_given_what_is_not_an_id_is_a_bad_request(editor, model, query):
    assert editor.get(f"/admin/bulk/{model}/delete/?{query}").status_code == 400


def test_a_bulk_action_as_the_admin_writes_it_still_answers(editor):
    page = Page.objects.filter(depth=2).first()
    response = editor.get(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}")
    assert response.status_code in (200, 302, 403)  # what the editor may do is the view's own answer
    image = make_image("Zzriver")
    assert editor.get(f"/admin/bulk/wagtailimages/image/add_tags/?id={image.pk}").status_code == 200


@pytest.mark.parametrize("spec", ["fill-0x0", "fill-300x0", "max-0x200", "width-0", "scale-0"])
def test_an_image_preview_at_a_size_of_zero_is_a_bad_request(editor, spec):
    image = make_image("Zzriver")
    assert editor.get(reverse("wagtailimages:preview", args=[image.pk, spec])).status_code == 400


def test_an_image_preview_at_a_real_size_is_shown(editor):
    image = make_image("Zzriver")
    response = editor.get(reverse("wagtailimages:preview", args=[image.pk, "fill-30x20-c0"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
