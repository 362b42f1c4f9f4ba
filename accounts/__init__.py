"""Admin accounts: two-factor authentication (django-otp, TOTP + recovery codes) and login throttling (django-axes).

Who must use two-factor is decided in `policy.py`; `middleware.py` enforces it on every admin URL; `views.py` holds
the enrolment and verification pages. See home/PERMISSIONS.md, "Accounts".
"""
