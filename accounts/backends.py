"""django-axes' authentication backend, tolerant of calls without a request."""

from axes.backends import AxesStandaloneBackend


class ThrottledAuthenticationBackend(AxesStandaloneBackend):
    """Refuses sign-in while an account/address pair is locked out (see AXES_* settings).

    Axes needs the request to know the client's address. Every sign-in over HTTP (the Wagtail login form, password
    reset) passes it; calls without one come from code on the server itself (Django's test client `login()`,
    shell scripts), where there is no remote attacker to throttle, so they are left to the next backend instead of
    raising an error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
