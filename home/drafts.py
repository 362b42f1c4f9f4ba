"""A new page exists only once its author saves it (issue 16, requirement 7).

Wagtail 8 autosaves the add form too: its first autosave creates the page as an unpublished draft. An editor who
then leaves the form has made a page no one asked for, and starting the same page again fails with "slug already
in use" on a page they never saved. The `before_create_page` hook refuses autosave requests on the add form (they
ask for JSON, not HTML), answered as a form that cannot be saved yet: the indicator says autosave is paused, and
why, rather than "Saved", and nothing is written until the author chooses "Save draft" or "Publish". Autosave
keeps working on the edit form of pages that exist.
"""

from django.forms.models import model_to_dict
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
                # One of the codes whose message Wagtail's autosave indicator shows (invalid_revision, locked,
                # validation_error, in wagtailadmin's core.js): with any other, "blocked_by_hook" included, it says
                # "A server error occurred".
                "error_code": "validation_error",
                "error_message": gettext("A new page is kept only when you save it: autosave starts after that."),
            },
            status=400,
        )
    return None


class DraftChildrenForm:
    """A page form that knows the children (a programme's events) that exist only in its draft.

    Children added since the page was last published live in the draft's revision, without an id until they are
    published. Django's formsets find an existing child's initial values by the id the form sends back: without one,
    the form counts as a new child and always as "changed". Wagtail then takes an unchanged form for an edit: a
    moderator's "Approve" from the editor saved a new revision and, since an edited page is approved again
    (`WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`), restarted the task instead of publishing. Here such a form is
    compared with the draft's child at its place.
    """

    def has_changed(self):
        return bool(self.changed_data) or any(changes_children(formset) for formset in self.formsets.values())


def changes_children(formset):
    """Whether the formset changes, adds, removes or reorders children: its first forms are compared with the children
    they stand for (the draft's, ids or not), the others are new."""
    children = list(formset.get_queryset())[: formset.initial_form_count()]
    return any(
        changes_child(form, children[number]) if number < len(children) else form.has_changed()
        for number, form in enumerate(formset.forms)
    )


def changes_child(form, child):
    """Whether `form` changes `child`: as Django decides when it knows the child, field by field against the child
    itself when the child has no id yet."""
    if child.pk is not None or getattr(form.instance, "pk", None) is not None:
        return form.has_changed()
    # Every field of the child, not only those Django found changed against an empty form: a value cleared counts.
    initial = model_to_dict(child, fields=list(form.fields))
    if any(form.fields[name].has_changed(value, form[name].data) for name, value in initial.items()):
        return True
    return any(name not in initial for name in form.changed_data)  # the formset's own fields: DELETE, ORDER
