"""Error pages. They say what happened in the visitor's language and nothing about the system."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the database may be what failed, and the context processors would query it.
    return HttpResponseServerError(render_to_string("500.html"))
