"""JSON-LD blocks (home/json_ld.py): whatever an editor types, the data cannot close its <script> element, and it reads
back as what was written — the same text Django's own `json_script` would put there."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.utils.html import json_script

from editions.factories import EventFactory, edition_index, madrid, make_programme, make_tour
from home.json_ld import ld_json_script
from home.models import Municipality

HOSTILE = {"name": "</script><script>alert(1)</script> & <!-- «Drets» -->", "count": 3, "nested": ["<b>", "a&b"]}


def payload(block):
    return re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', str(block), re.S).group(1)


def test_the_block_cannot_be_closed_and_reads_back_as_written():
    text = payload(ld_json_script(HOSTILE))
    assert not set("<>&") & set(text)
    assert json.loads(text) == HOSTILE


def test_the_escaping_is_djangos_json_script():
    """Text for text, for ASCII data (Django also writes other letters as \\uXXXX; ours keeps them, as JSON allows)."""
    ascii_only = {"name": "</script><script>alert(1)</script> & <!-- x -->", "nested": ["<b>", "a&b"]}
    django_text = re.fullmatch(r"<script[^>]*>(.*)</script>", json_script(ascii_only), re.S).group(1)
    assert payload(ld_json_script(ascii_only)) == django_text


@pytest.mark.django_db
def test_an_event_title_with_markup_stays_inside_the_programmes_json_ld(client, homes, freeze_now):
    tour = make_tour(edition_index(homes["ca"]))
    title = "Xerrada </script><script>alert('x')</script> & diàleg"
    event = EventFactory(title=title, start=madrid(2027, 4, 13, 18))
    programme = make_programme(tour, Municipality.objects.get(slug="sabadell"), events=[event])
    for url in (programme.url, tour.url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        blocks = soup.find_all("script", type="application/ld+json")
        events = [json.loads(block.string) for block in blocks]
        assert title in [data.get("name") for data in events if isinstance(data, dict)], url
        # Only the page's own scripts (none inline, CSP) and its data blocks: the title opened no script of its own.
        assert all("alert" not in (script.string or "") for script in soup.find_all("script") if script not in blocks)
