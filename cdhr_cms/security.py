"""Security headers: one Content-Security-Policy for the public site, another for the Wagtail admin.

The public site needs no inline script or style at all, so its policy allows only our own origin. The Wagtail admin
ships inline scripts and styles (its editor and telepath bootstrapping), so /admin/ gets a looser policy of its own;
it is reachable only by signed-in staff.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SitePolicyCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy and Cross-Origin-Resource-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
