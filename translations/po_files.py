"""PO files downloaded from wagtail-localize's editor say that they are UTF-8.

wagtail-localize 1.14 answers "Download PO file" with `Content-Type: text/x-gettext-translation` and no charset, so a
translator's tool or browser may read "Declaració" as Latin-1 ("DeclaraciÃ³"). The body is UTF-8 (Django's default
charset, and the PO header says so): this middleware adds the charset to the header. Its view is not replaced, so
its permission checks stay as they are.
"""

from django.conf import settings

PO_CONTENT_TYPE = "text/x-gettext-translation"


class PoCharsetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").strip().lower() == PO_CONTENT_TYPE:
            response["Content-Type"] = f"{PO_CONTENT_TYPE}; charset={settings.DEFAULT_CHARSET.lower()}"
        return response
