"""What `manage.py setup_site` does for accounts, after home has made the roles and the municipalities' groups."""

from .language import municipal_accounts_default_to_catalan


def setup(context):
    # Municipal accounts made before the rule of accounts/language.py, or while it was not connected.
    municipal_accounts_default_to_catalan()
