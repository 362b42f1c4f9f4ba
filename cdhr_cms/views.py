"""Error pages. They say what happened in the visitor's language and nothing about the system."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def page_not_found(request, exception=None):
    if request.path_info == "/api" or request.path_info.startswith("/api/"):
        # API clients read JSON, errors included (an unknown endpoint, a malformed id).
        response = JsonResponse({"message": "not found"}, status=404)
        response["Cache-Control"] = "no-cache"
        return response
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the database may be what failed, and the context processors would query it.
    return HttpResponseServerError(render_to_string("500.html"))
