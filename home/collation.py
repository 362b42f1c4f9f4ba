"""How council names sort: as a Catalan reader expects, not by code point.

"el Prat de Llobregat" sorts under P and "l'Hospitalet de Llobregat" under H (the article does not count), "Àger" next
to "Agramunt" (accents and case do not count), "Cornellà" before "Cubelles". Stored on each municipality as
`sort_name` (Municipality.save), so the database sorts every list the same way: the statement's endorsers, the list
of cities, the agenda's city filter, the admin.
"""

import re
import unicodedata

# A leading article: el, la, els, les, or l' (straight or typographic apostrophe).
LEADING_ARTICLE = re.compile(r"^(?:(?:el|la|els|les)\s+|l['’]\s*)", re.IGNORECASE)


def council_sort_key(name):
    """The key to sort `name` by: without its leading article, accents, case and the middle dot of "l·l"."""
    text = LEADING_ARTICLE.sub("", (name or "").strip(), count=1)
    text = unicodedata.normalize("NFKD", text.replace("·", "").replace("’", "'"))
    text = "".join(character for character in text if not unicodedata.combining(character))
    return text.casefold()
