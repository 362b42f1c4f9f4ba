"""Security headers: one Content-Security-Policy for the public site, another for the Wagtail admin.

The public site needs no inline script or style at all, so its policy allows only our own origin. The Wagtail admin
ships inline scripts and styles (its editor and telepath bootstrapping), so /admin/ gets a looser policy of its own;
it is reachable only by signed-in staff.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


def is_admin_preview(request):
    """Whether `request` is the one Wagtail makes to render a page for the admin's preview (`make_preview_request`
    marks it `is_dummy` for middleware): it carries the page's public address, but the admin shows its answer in the
    preview panel's iframe."""
    return getattr(request, "is_dummy", False)


class SitePolicyCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith("/admin/"):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif is_admin_preview(request):
            # The public page's policy, except that the admin (our own origin) may frame it.
            parts.config = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": ["'self'"]}
        return parts

    def process_response(self, request, response):
        if is_admin_preview(request):
            # Django's clickjacking middleware (below this one) said DENY, as for every page.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy and Cross-Origin-Resource-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
