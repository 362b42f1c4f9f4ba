"""A new page exists only once its author saves it (issue 16, requirement 7).

Wagtail 8 autosaves the add form too: its first autosave creates the page as an unpublished draft. An editor who
then leaves the form has made a page no one asked for, and starting the same page again fails with "slug already
in use" on a page they never saved. The `before_create_page` hook refuses autosave requests on the add form (they
ask for JSON, not HTML): Wagtail answers them with its own "blocked_by_hook" error, the indicator says autosave is
paused rather than "Saved", and nothing is written until the author chooses "Save draft" or "Publish". Autosave
keeps working on the edit form of pages that exist.
"""

from django.http import JsonResponse
from django.utils.translation import gettext


def autosaves_new_page(request):
    """Is this request the add form's autosave? Autosave posts the form asking for JSON; a submit asks for HTML."""
    return request.method == "POST" and not request.accepts("text/html")


def refuse_autosave_of_new_page(request, parent_page, page_class):
    if autosaves_new_page(request):
        return JsonResponse(
            {
                "success": False,
                "error_code": "blocked_by_hook",
                "error_message": gettext("A new page is kept only when you save it: autosave starts after that."),
            },
            status=400,
        )
    return None
