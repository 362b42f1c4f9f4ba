"""The admin's sidebar as its script reads it: the props Wagtail writes into the page, packed by telepath."""

import json
import re

PROPS = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)


def sidebar_items(admin_page):
    """Every item of the sidebar on `admin_page` (main menu, submenus, account menu): dicts with its label and url."""
    found = PROPS.search(admin_page)
    assert found, "the admin page carries the sidebar's props"
    return list(_items(_unpack(json.loads(found.group(1)), {})))


def _unpack(value, seen):
    """Telepath writes a value it packs more than once in full the first time ({"_val": …, "_id": n} for a string,
    an object with "_id": n) and as {"_ref": n} after; a dict with keys of its own kind as {"_dict": …}."""
    if isinstance(value, list):
        return [_unpack(item, seen) for item in value]
    if not isinstance(value, dict):
        return value
    if "_ref" in value:
        return seen[value["_ref"]]
    if "_val" in value:
        unpacked = value["_val"]
    elif "_dict" in value:
        unpacked = {key: _unpack(item, seen) for key, item in value["_dict"].items()}
    else:
        unpacked = {key: _unpack(item, seen) for key, item in value.items() if key != "_id"}
    if "_id" in value:
        seen[value["_id"]] = unpacked
    return unpacked


def _items(value):
    if isinstance(value, list):
        for item in value:
            yield from _items(item)
    elif isinstance(value, dict):
        if isinstance(value.get("label"), str) and "url" in value:
            yield value
        for item in value.values():
            yield from _items(item)
