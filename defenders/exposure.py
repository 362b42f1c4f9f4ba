"""The exposure audit: crawl every public channel of the running site, in-process, and look for every fact about a
defender that must not be public. `manage.py exposure_audit` and the moderators' report (Reports → Exposure audit)
run it; CI runs it on the demo site.

What is looked for, per person (never printed, only described: "legal name of defender #12"):

- legal name, former names and their addresses: nowhere (unless the legal name is the public name itself);
- region (limited, protected, hidden): nowhere;
- organisation (protected, hidden): nowhere;
- portrait and profile images (limited, protected, hidden): their file names nowhere, and the files answer 404;
- display name and address (protected): not in machine channels and listings (sitemap, robots, API, feeds, CSV,
  JSON, JSON-LD, directory, search results); (hidden): nowhere.

"Hidden" is a person with no live profile (taken down, or never published). A protected defender's pseudonym may
appear on their own profile and on the events they take part in (HTML and calendars): that is what it is for.

The crawl starts from the home pages, the sitemap, robots.txt, the API and every live page; it follows every
same-site link and file (href, src, srcset, feeds), tries each option of every GET form (directory, agenda and
resource filters), searches the site and the API for each secret, fetches every file of a hidden image directly,
and opens ZIP archives. Nothing leaves the process: requests go through Django's test client.
"""

import hashlib
import html
import io
import json
import logging
import re
import zipfile
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urljoin, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .files import file_stem, hidden_image_ids, stored_files_of
from .models import Defender, DefenderIndexPage, DefenderPage
from .redaction import finder, prepared
from .safety import SafetyLevel, split_organisations

# A secret shorter than this would match ordinary words: it is not looked for (and the README says so).
MIN_SECRET_LENGTH = 4
MAX_URLS = 6000
# Channels where only listed defenders may appear, by name or by address.
MACHINE = "machine"
LISTING = "listing"
ANYWHERE = "anywhere"


@dataclass(frozen=True)
class Secret:
    text: str
    label: str  # "legal name of defender #12": what is reported instead of the text
    forbidden_in: str  # ANYWHERE, or MACHINE (machine channels and listings)
    person_id: int
    is_path: bool = False  # matched as a URL path segment, not as words


@dataclass
class Hit:
    channel: str
    url: str
    label: str

    def __str__(self):
        return f"{self.channel}\t{self.url}\t{self.label}"


@dataclass
class AuditResult:
    hits: list = field(default_factory=list)
    urls_checked: int = 0
    secrets: int = 0

    @property
    def passed(self):
        return not self.hits


def _visible_people():
    """People with at least one live profile."""
    return set(DefenderPage.objects.live().values_list("person_id", flat=True))


def collect_secrets():
    secrets = []
    shown = _visible_people()
    for person in Defender.objects.all():
        label = f"defender #{person.pk}"
        hidden = not (person.live and person.pk in shown)
        name = person.display_name.strip()
        if person.legal_name and not (
            person.safety_level == SafetyLevel.PUBLIC and person.legal_name.strip().lower() in name.lower()
        ):
            secrets.append(Secret(person.legal_name.strip(), f"legal name of {label}", ANYWHERE, person.pk))
        for former in person.former_names:
            if former.strip().lower() in name.lower():
                continue  # the current name contains it: showing the current name shows it anyway
            secrets.append(Secret(former.strip(), f"former name of {label}", ANYWHERE, person.pk))
            secrets.append(Secret(slugify(former), f"former address of {label}", ANYWHERE, person.pk, is_path=True))
        if hidden or person.safety_level != SafetyLevel.PUBLIC:
            for spelling in person.spellings:
                secrets.append(Secret(spelling, f"another spelling of a fact of {label}", ANYWHERE, person.pk))
        if (hidden or person.safety_level != SafetyLevel.PUBLIC) and person.region:
            secrets.append(Secret(person.region.strip(), f"region of {label}", ANYWHERE, person.pk))
        if hidden or person.safety_level == SafetyLevel.PROTECTED:
            for organisation in split_organisations(person.organisation):
                secrets.append(Secret(organisation, f"organisation of {label}", ANYWHERE, person.pk))
            kind = ANYWHERE if hidden else MACHINE
            secrets.append(Secret(name, f"name of {'hidden' if hidden else 'protected'} {label}", kind, person.pk))
            for slug in set(DefenderPage.objects.filter(person=person).values_list("slug", flat=True)):
                secrets.append(
                    Secret(slug, f"address of {'hidden' if hidden else 'protected'} {label}", kind, person.pk, True)
                )
    image_model = get_image_model()
    for image in image_model.objects.filter(pk__in=hidden_image_ids()):
        stem = file_stem(image)
        secrets.append(Secret(stem, f"file of hidden image #{image.pk}", ANYWHERE, 0, is_path=False))
    return [secret for secret in secrets if len(secret.text) >= MIN_SECRET_LENGTH]


def _pattern(secret):
    """A function of (text, `prepared` text) telling whether the text carries `secret`: an address as a path
    segment, words as the words check finds them (any case and accents, plain letters, glued into hashtags…)."""
    if secret.is_path:
        pattern = re.compile(rf"/{re.escape(secret.text)}(?:/|\.|$|\?|\")", re.IGNORECASE)
        return lambda text, _words: pattern.search(text) is not None
    finds = finder({secret.text: ""})
    return lambda _text, words: finds(words)


class Auditor:
    def __init__(self, host=None, verbose=None):
        self.host = host or _host()
        self.client = Client(HTTP_HOST=self.host)
        self.secrets = collect_secrets()
        self.patterns = [(secret, _pattern(secret)) for secret in self.secrets]
        self.result = AuditResult(secrets=len(self.secrets))
        self.seen = set()
        self.queue = []
        self.verbose = verbose
        self.hidden_hashes = self._hidden_image_hashes()
        self.listing_prefixes = [page.url for page in DefenderIndexPage.objects.live() if page.url]
        # So that a finding names the page to edit even when its address had to be masked.
        self.page_ids = {page.url: page.pk for page in Page.objects.live().filter(depth__gt=1) if page.url}

    # --- crawling ---------------------------------------------------------------------------------------------

    def add(self, url, channel=None):
        url = self._normalise(url)
        if url and url not in self.seen and len(self.seen) < MAX_URLS:
            self.seen.add(url)
            self.queue.append((url, channel))

    def _normalise(self, url):
        if not url:
            return None
        parts = urlsplit(urljoin("/", html.unescape(url.strip())))
        if parts.netloc and parts.netloc not in (self.host, urlsplit(_site_root()).netloc):
            return None  # another site: not ours to crawl (and no request leaves the machine)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        path = parts.path or "/"
        if path.startswith(("/admin", "/static/", "/healthz", "/favicon")):
            return None
        return f"{path}?{parts.query}" if parts.query else path

    def run(self):
        # Every 404 the crawl meets on purpose would otherwise be logged as a warning.
        request_log = logging.getLogger("django.request")
        level = request_log.level
        request_log.setLevel(logging.ERROR)
        try:
            return self._run()
        finally:
            request_log.setLevel(level)

    def _run(self):
        for url in ["/", "/robots.txt", "/sitemap.xml", "/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]:
            self.add(url)
        for page in Page.objects.live().filter(depth__gt=1).specific(defer=True).iterator():
            if page.url:
                self.add(page.url)
            self.add(f"/api/v2/pages/{page.pk}/")
        self._plant_searches()
        self._check_hidden_files()
        self._check_old_addresses()
        while self.queue:
            url, channel = self.queue.pop(0)
            self._fetch(url, channel)
            self.result.urls_checked += 1
        return self.result

    def _plant_searches(self):
        searches = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                searches.append(reverse("search"))
                self.add(reverse("municipality_list"))
        for secret in self.secrets:
            if secret.is_path:
                continue
            for search_url in searches:
                self.add(f"{search_url}?{urlencode({'q': secret.text})}", channel="search")
            for search_url in searches[:1]:
                self.add(f"{search_url}?{urlencode({'q': secret.text.split()[0]})}", channel="search")
            self.add(f"/api/v2/pages/?{urlencode({'search': secret.text})}", channel="api")

    def _check_hidden_files(self):
        """Every file of a hidden image, original and renditions, known to the database or not, must answer 404."""
        image_model = get_image_model()
        for image in image_model.objects.filter(pk__in=hidden_image_ids()):
            for name in stored_files_of(image):
                url = f"{settings.MEDIA_URL}{name}"
                response = self.client.get(url)
                self.result.urls_checked += 1
                if response.status_code < 300 or response.status_code in (301, 302, 303, 307, 308):
                    self._hit("media", url, f"file of hidden image #{image.pk} is served")
            response = self.client.get(f"/api/v2/images/{image.pk}/")
            if response.status_code == 200:
                self._hit("api", f"/api/v2/images/{image.pk}/", f"hidden image #{image.pk} is listed")

    def _check_old_addresses(self):
        """Addresses made from a former name answer 404 or 410, never a page or a redirect."""
        for person in Defender.objects.exclude(former_names=[]):
            for former in person.former_names:
                slug = slugify(former)
                if not slug or slug in set(person.profiles.values_list("slug", flat=True)):
                    continue
                for index in DefenderIndexPage.objects.live():
                    url = f"{index.url}{slug}/"
                    response = self.client.get(url)
                    self.result.urls_checked += 1
                    if response.status_code not in (404, 410):
                        self._hit("old address", url, f"former address of defender #{person.pk} answers")

    def _fetch(self, url, channel=None):
        response = self.client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            self.add(response.get("Location"), channel)
            return
        if response.status_code != 200:
            return
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        body = b"".join(response.streaming_content) if response.streaming else response.content
        channel = channel or _channel(url, content_type)
        if content_type == "application/zip":
            self._scan_zip(url, body)
            return
        if content_type.startswith("image/"):
            if hashlib.sha256(body).hexdigest() in self.hidden_hashes:
                self._hit("media", url, "picture of a defender who is not public")
            return
        text = body.decode("utf-8", errors="replace")
        if content_type == "application/json":
            text = _json_text(text)
        if channel == "search":
            text = _without_query(text, url)
        if content_type == "text/html":
            if url.split("?")[0] in self.listing_prefixes:
                channel = "directory"
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL):
                self._scan(block, "json-ld", url, machine=True)
            self._follow_html(text, url)
        elif content_type in ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml"):
            self._follow_xml(text)
        elif content_type == "application/json":
            self._follow_json(body, url)
        machine = channel in ("sitemap", "robots", "api", "feed", "csv", "json", "directory", "search")
        self._scan(text, channel, url, machine=machine)

    def _follow_html(self, text, base):
        for attribute in re.findall(r'(?:href|src)="([^"]+)"', text):
            self.add(urljoin(base, html.unescape(attribute)))
        for srcset in re.findall(r'srcset="([^"]+)"', text):
            for candidate in srcset.split(","):
                if candidate.strip():
                    self.add(urljoin(base, html.unescape(candidate.strip().split()[0])))
        for attributes, form in re.findall(r"<form([^>]*)>(.*?)</form>", text, re.DOTALL | re.IGNORECASE):
            self._try_form(attributes, form, base)

    def _try_form(self, attributes, form, base):
        """A GET form (filters): each option of each of its lists, one at a time."""
        if 'method="post"' in attributes.lower():
            return
        action = re.search(r'action="([^"]*)"', attributes)
        target = urljoin(base, html.unescape(action.group(1))) if action and action.group(1) else base.split("?")[0]
        for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.DOTALL):
            for value in re.findall(r'<option[^>]*value="([^"]*)"', options):
                if value:
                    self.add(f"{target.split('?')[0]}?{urlencode({name: html.unescape(value)})}")

    def _follow_xml(self, text):
        for location in re.findall(r"<(?:loc|link|id)>([^<]+)</", text):
            self.add(location)
        for attribute in re.findall(r'(?:href)="([^"]+)"', text):
            self.add(attribute)

    def _follow_json(self, body, url):
        try:
            data = json.loads(body)
        except ValueError:
            return
        total = data.get("meta", {}).get("total_count") if isinstance(data, dict) else None
        if isinstance(total, int) and url.startswith("/api/"):
            # The API's listings come a page at a time: the next one too.
            query = dict(parse_qsl(urlsplit(url).query))
            offset, count = int(query.get("offset", 0) or 0), len(data.get("items", []))
            if count and offset + count < total:
                query["offset"] = str(offset + count)
                self.add(f"{urlsplit(url).path}?{urlencode(query)}")
        for value in _strings(data):
            if value.startswith(("/", "http://", "https://")) and " " not in value:
                self.add(value)
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            for item in data["items"]:
                detail = (item.get("meta") or {}).get("detail_url") if isinstance(item, dict) else None
                if detail:
                    self.add(detail)

    def _scan_zip(self, url, body):
        try:
            archive = zipfile.ZipFile(io.BytesIO(body))
        except zipfile.BadZipFile:
            return
        for member in archive.namelist():
            data = archive.read(member)
            self._scan(member, "zip", f"{url}!{member}", machine=True)
            if hashlib.sha256(data).hexdigest() in self.hidden_hashes:
                self._hit("zip", f"{url}!{member}", "picture of a defender who is not public")
            if member.endswith(".txt"):
                self._scan(data.decode("utf-8", errors="replace"), "zip", f"{url}!{member}", machine=True)

    # --- matching ---------------------------------------------------------------------------------------------

    def _scan(self, text, channel, url, machine):
        text = html.unescape(text)
        words = prepared(text)
        for secret, carries in self.patterns:
            if secret.forbidden_in == MACHINE and not machine:
                continue
            if carries(text, words):
                self._hit(channel, url, secret.label)

    def _hit(self, channel, url, label):
        page_id = self.page_ids.get(url.split("?")[0])
        # The address may hold the secret itself (a search the audit made, a slug made from a name): masked.
        for secret in self.secrets:
            for form in {secret.text, quote_plus(secret.text), quote(secret.text)}:
                url = re.sub(re.escape(form), "[…]", url, flags=re.IGNORECASE)
        hit = Hit(channel, f"{url} (page #{page_id})" if page_id else url, label)
        if all((hit.channel, hit.url, hit.label) != (h.channel, h.url, h.label) for h in self.result.hits):
            self.result.hits.append(hit)

    def _hidden_image_hashes(self):
        hashes = set()
        for image in get_image_model().objects.filter(pk__in=hidden_image_ids()):
            for name in stored_files_of(image):
                try:
                    with image.file.storage.open(name, "rb") as handle:
                        hashes.add(hashlib.sha256(handle.read()).hexdigest())
                except OSError:
                    continue
        return hashes


def _channel(url, content_type):
    path = url.split("?")[0]
    if path == "/sitemap.xml" or path.startswith("/sitemap"):
        return "sitemap"
    if path == "/robots.txt":
        return "robots"
    if path.startswith("/api/"):
        return "api"
    if content_type in ("application/rss+xml", "application/atom+xml") or path.endswith(
        ("rss.xml", "atom.xml", "/feed/")
    ):
        return "feed"
    if content_type == "text/csv" or path.endswith(".csv") or path.endswith("/csv/"):
        return "csv"
    if content_type == "application/json":
        return "json"
    if content_type == "text/calendar":
        return "calendar"
    if path.startswith(settings.MEDIA_URL) or path.startswith("/documents/"):
        return "file"
    return "html"


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _json_text(text):
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def _without_query(text, url):
    """A search page repeats what was searched for: that is not a leak, so it is taken out before looking."""
    for _name, value in parse_qsl(urlsplit(url).query):
        if value:
            # As typed, escaped in the page, and encoded in its links (the language switcher, the pagination).
            encoded = {quote_plus(value), quote(value), quote_plus(value, safe="/")}
            forms = {value, html.escape(value), html.escape(value, quote=False), *encoded}
            forms |= {html.escape(form) for form in encoded}
            for form in sorted(forms, key=len, reverse=True):
                text = text.replace(form, "")
    return text


def _site_root():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else "http://localhost"


def _host():
    hostname = urlsplit(_site_root()).netloc.split(":")[0] or "localhost"
    allowed = settings.ALLOWED_HOSTS
    if "*" in allowed or hostname in allowed or f".{hostname.split('.', 1)[-1]}" in allowed:
        return urlsplit(_site_root()).netloc
    return next((host for host in allowed if host and not host.startswith(".")), "localhost")


def run_audit(**kwargs):
    # The crawl's requests run in this thread and each activates its page's language: the caller (the admin's report
    # view) keeps its own.
    with translation.override(translation.get_language()):
        return Auditor(**kwargs).run()
