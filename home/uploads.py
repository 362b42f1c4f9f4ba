"""Names of uploaded files: random, so that no URL carries what an uploader called a file ("Name_Surname.jpg")."""

import os
import secrets

# 16 hexadecimal characters (64 bits): unguessable, and short enough that Wagtail's rendition names (which keep at
# most 59 characters, the filter spec included) still start with all of it.
TOKEN_BYTES = 8


def random_name(uploaded_name):
    """A fresh random file name with the uploaded file's extension (lower case), e.g. "3f9c0a6be1d24e7a.jpg"."""
    extension = os.path.splitext(uploaded_name or "")[1].lower()
    return f"{secrets.token_hex(TOKEN_BYTES)}{extension}"
