"""Settings shared by every environment.

Everything that differs between machines comes from environment variables (see README, "Configuration");
dev.py, test.py and production.py only change defaults and switch features on or off.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cdhr_cms"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def site_url_from_env(value):
    """SITE_URL, checked: the public address as scheme://host[:port], which is all a Wagtail Site can hold
    (hostname and port; port 443 means https, any other port http)."""
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"SITE_URL must look like https://example.org (got {value!r}).")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (parts.scheme == "https") != (port == 443):
        raise ImproperlyConfigured("SITE_URL: use https on port 443 only, and http on any other port.")
    return url


# The public address: every absolute URL the site emits (sitemap, canonical, Open Graph, feeds, calendars, API,
# e-mails) starts with it, and `setup_site` gives the default Wagtail site its host name and port.
SITE_URL = site_url_from_env(os.environ.get("SITE_URL", "http://127.0.0.1:8000"))
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first, so that their templates and translations win.
    "cdhr_cms.apps.SiteShellConfig",
    "home",
    "defenders",
    "editions",
    "statements",
    "news",
    "resources",
    "contact",
    "translations",
    # wagtail-localize replaces wagtail.locales and simple_translation: never install those too.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersConfig",  # wagtail.users, with the rules of accounts/users.py
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_countries",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cdhr_cms.security.SecurityHeadersMiddleware",
    "cdhr_cms.security.SitePolicyCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Reads the language from the URL prefix (i18n_patterns) and from Accept-Language for "/".
    "cdhr_cms.middleware.LanguagePrefixMiddleware",
    # A query string with control characters (NUL…) is answered 400 before any view or database sees it.
    "cdhr_cms.middleware.RefuseMalformedParametersMiddleware",
    # A quotation mark left open or a search of nothing but spaces: read as the backends can (a 500 in SQLite).
    "cdhr_cms.middleware.ReadableSearchMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The Wagtail site of this host, as this process remembers it until content changes (home/serving.py).
    "home.serving.RememberedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ETags for every response, cached or not; then the page cache, which must know who is asking.
    "django.middleware.http.ConditionalGetMiddleware",
    # wagtail-localize's PO downloads declare their charset (translations/po_files.py).
    "translations.po_files.PoCharsetMiddleware",
    "cdhr_cms.cache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Addresses from before slugs and route names were translated: 301 to today's (home/moved.py). Before Wagtail's
    # redirects in this list, so that an editor's redirect answers first.
    "home.moved.MovedAddressMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cdhr_cms.middleware.DatabaseUnavailableMiddleware",
    # Wagtail's views given, by a hand-made request, what no screen or link writes: bulk actions and image previews
    # (400), a document asked for with a method other than GET or HEAD (405).
    "cdhr_cms.middleware.WagtailAddressCheckMiddleware",
]

ROOT_URLCONF = "cdhr_cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "cdhr_cms.wsgi.application"

# SQLite in the project folder unless DATABASE_URL says otherwise (PostgreSQL in production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
# SQLite (`make run`, served by threads): a transaction that read and then wrote could not take the write lock
# another request held, and failed at once with "database is locked" (a 500, e.g. two saves of one page at the same
# moment). IMMEDIATE takes the lock when the transaction starts, so the second request waits its turn (`timeout`, s).
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------------------------------
# Catalan is the source language; Spanish and English are translations made with wagtail-localize.
LANGUAGE_CODE = "ca"
LANGUAGES = [
    ("ca", "Català"),
    ("es", "Español"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Our own strings first; then Spanish for the admin strings that Wagtail's, wagtail-localize's and Django's own Spanish
# catalogues lack: Django falls back to LANGUAGE_CODE, so a Spanish admin would read them in Catalan. No source file
# lives beside that catalogue, so makemessages leaves it alone (tests/test_admin_languages.py keeps it complete).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "translations" / "upstream" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Madrid"
USE_TZ = True
# Dates, times and numbers as each language writes them, public site and admin alike (see cdhr_cms/formats/).
FORMAT_MODULE_PATH = ["cdhr_cms.formats"]
# The admin speaks the site's languages, chosen per user (Account → Preferences); see accounts/language.py.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Times are read in the site's zone, where the events happen, by every admin user alike (no per-user zone).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# Translations start as drafts, so that they go through moderation before the public sees them.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static and media ------------------------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Media are always answered by Django (defenders/files.py decides who may see a file). Behind nginx, set this to an
# `internal` location that maps MEDIA_ROOT (e.g. "/_media/"): Django then only says yes and nginx sends the bytes.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
STORAGES = {
    # Renditions written once, atomically, under a name derived from image and filter (cdhr_cms/storage.py).
    "default": {"BACKEND": "cdhr_cms.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Cache -----------------------------------------------------------------------------------------------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "cdhr",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered public pages are cached for anonymous visitors (cdhr_cms/cache.py); 0 turns that off.
CDHR_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long browsers and proxies may keep a public page without asking again (ETag makes the re-check cheap).
CDHR_BROWSER_CACHE_SECONDS = int(os.environ.get("BROWSER_CACHE_SECONDS", "60"))
# For how long after a change an anonymous reader may get a page it made stale, while a worker re-renders it
# (cdhr_cms/cache.py). 0: every stale page is rendered before answering.
CDHR_SERVE_STALE_SECONDS = int(os.environ.get("SERVE_STALE_SECONDS", "30"))
# How many of those re-renders may run at once (per cache: per machine, or for all machines sharing Redis).
CDHR_REVALIDATIONS_AT_ONCE = int(os.environ.get("REVALIDATIONS_AT_ONCE", "1"))
# Posters and leaflets (editions/printkit/) are kept this long, and made again at once after any content change.
CDHR_PRINT_KIT_CACHE_SECONDS = int(os.environ.get("PRINT_KIT_CACHE_SECONDS", str(24 * 3600)))

# From this many live pages, /sitemap.xml is an index of one sitemap per language, each in files of at most
# SITEMAP_LIMIT pages (cdhr_cms/sitemap.py; a tour's press room comes with its tour).
SITEMAP_INDEX_FROM = 1000
SITEMAP_LIMIT = 2000

# --- E-mail ----------------------------------------------------------------------------------------------------
# Console by default: nothing leaves the machine unless EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    CDHR_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    CDHR_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Subjects on one line whatever reaches them (home/mail.py), then the delivery backend above.
EMAIL_BACKEND = "home.mail.SingleLineSubjectBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "web@ciutatsdefensores.cat")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ---------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Ciutats Defensores dels Drets Humans"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
# The gates in front of a page that is not public, in the site's own layout (home/templates/home/access_gate.html);
# after signing in there, a visitor without a page to go back to lands on the home page.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "home/password_required.html"  # noqa: S105 (a template name)
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "home/login.html"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "csv", "xlsx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents lose their metadata (author, software, photos' GPS) before storage: home/scrub.py.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.CleanDocumentForm"
# Images: no SVG (it can carry scripts); limits stated explicitly rather than inherited. An image that cannot be read
# to the end (so not cleaned of its metadata: defenders/images.py) is refused by the form.
WAGTAILIMAGES_IMAGE_FORM_BASE = "defenders.image_forms.CleanableImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Form fields of one request (uploaded files not counted): Django's 2.5 MB would do, but a long biography with many
# blocks, or a translation editor's save, must never hit it; 5 MB is still far from hurting the server.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True

WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 100

# Country names shown in the visitor's language (django-countries ships ca/es/en).
COUNTRIES_FIRST_REPEAT = False
# django-countries' Catalan names of these carry a stray space ("El Salvador ") or a lower-case initial ("filipines"),
# which reach profiles, JSON-LD and open data: the same English names, translated in our catalogue (locale/), which
# Django reads before the package's. tests/test_formatting.py checks every country in every language.
COUNTRIES_OVERRIDE = {
    "AD": _("Andorra"),
    "BN": _("Brunei Darussalam"),
    "BO": _("Bolivia"),
    "ER": _("Eritrea"),
    "GB": _("United Kingdom of Great Britain and Northern Ireland"),
    "IQ": _("Iraq"),
    "JM": _("Jamaica"),
    "MG": _("Madagascar"),
    "NF": _("Norfolk Island"),
    "PH": _("Philippines"),
    "SV": _("El Salvador"),
    "VE": _("Venezuela"),
}

# --- Security headers (see cdhr_cms/security.py) ----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
PERMISSIONS_POLICY = "geolocation=(), camera=(), microphone=(), payment=(), usb=()"
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [],
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'none'"],
        "upgrade-insecure-requests": False,
    },
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [_SELF],
    # Wagtail's admin uses inline scripts and styles; see the module docstring of cdhr_cms/security.py.
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:"],
    "font-src": [_SELF, "data:"],
    "connect-src": [_SELF],
    "object-src": ["'none'"],
    "base-uri": [_SELF],
    "form-action": [_SELF],
    # Page previews are shown in an iframe of the admin itself.
    "frame-ancestors": [_SELF],
    "frame-src": [_SELF],
}

# Demo content and demo users: allowed in dev and test settings only.
CDHR_ALLOW_DEMO = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "cdhr_cms.log_filters.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_one_line": {"class": "logging.StreamHandler", "filters": ["without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # A request for a host that is not ours: one line each, not a stack trace (cdhr_cms/log_filters.py).
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["console_one_line"], "level": "ERROR", "propagate": False},
    },
}

# --- workflow: accounts (two-factor authentication, login throttling, admin sessions) ---------------------------
# See accounts/ and home/PERMISSIONS.md, "Accounts".
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes
    "axes",
]
_auth_index = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE[_auth_index + 1 : _auth_index + 1] = [
    # Marks the session verified once a second factor was entered; then our rule keeps unverified users out.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "accounts.middleware.TranslationPublishGuardMiddleware",
    "accounts.middleware.MunicipalAdminScopeMiddleware",
    # The list of people only for those who work on people (defenders/choosers.py).
    "defenders.choosers.PeopleListingMiddleware",
    # A protected defender's face not even by its id in the image chooser (defenders/files.py).
    "defenders.files.ChosenImageMiddleware",
]
# django-axes must come last: it turns a locked-out sign-in into the lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ThrottledAuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Moderators and superusers must use two-factor (TOTP app + recovery codes); everyone else may. Only development
# settings let OTP_REQUIRED=false switch this off; production ignores it.
CDHR_OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "Ciutats Defensores"

# After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked for
# AXES_COOLOFF_HOURS. Per pair, so that one attacker cannot lock a colleague out from elsewhere. Unlock early with
# `manage.py axes_reset_username <username>`.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Admin sessions end after SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS after signing in whatever the
# activity, when the browser closes, and at once when the user is deactivated (accounts/sessions.py). The public
# site sets no session.
CDHR_SESSION_IDLE_SECONDS = int(float(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60)
CDHR_SESSION_MAX_SECONDS = int(float(os.environ.get("SESSION_MAX_HOURS", "8")) * 3600)
# The store's own expiry is a backstop that clears abandoned sessions; saved on every request, so it tracks idleness.
SESSION_COOKIE_AGE = CDHR_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
INSTALLED_APPS += ["accounts.apps.AccountsConfig"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "accounts.sessions.SessionLifetimeMiddleware",
)

# Workflow e-mails (submitted, approved, rejected with the moderator's comment) use the e-mail settings above.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- contact (the contact form; contact/) -------------------------------------------------------------------------
# Contact messages are deleted this many days after they arrive (`manage.py delete_old_contact_messages`, daily cron).
# The privacy notice ("privacitat", home/content.py) states this period: change both together.
CDHR_CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", "180"))
# Moderators told "a new message arrived" (a link, never the message). Comma-separated; empty: nobody is told.
CDHR_CONTACT_NOTIFY_EMAILS = env_list("CONTACT_NOTIFY_EMAILS")
# Spam defences: a form sent sooner than MIN or later than MAX seconds after it was shown is refused; at most
# RATE_LIMIT messages per IP address within RATE_WINDOW seconds.
CDHR_CONTACT_MIN_SECONDS = 3
CDHR_CONTACT_MAX_SECONDS = 2 * 60 * 60
CDHR_CONTACT_RATE_LIMIT = 5
CDHR_CONTACT_RATE_WINDOW_SECONDS = 10 * 60

# --- deploy: stateless app servers (README, "Deploying") ---------------------------------------------------------
# Every piece of state lives outside the app server, so any number of them can run behind one proxy: content in the
# database, media in S3-compatible storage, cache and sessions in Redis, background tasks in the database queue.

# Media: S3-compatible storage when a bucket is named, the local MEDIA_ROOT otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    STORAGES["default"] = {
        # A private bucket: pages link to /media/<name>, and Django redirects to a link signed for one minute only
        # when the file may be seen (defenders/files.py). No public-read objects, no public CDN domain: a file of a
        # defender who is not public must not be one URL away.
        "BACKEND": "cdhr_cms.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            # An upload never silently replaces another file of the same name (renditions excepted: same bytes).
            "file_overwrite": False,
        },
    }
    # Browsers follow the redirect to the bucket's origin: the pages' Content-Security-Policy must allow it.
    if AWS_S3_ENDPOINT_URL:
        _MEDIA_ORIGIN = AWS_S3_ENDPOINT_URL.rstrip("/")
    else:
        _MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_MEDIA_ORIGIN)
    ADMIN_CONTENT_SECURITY_POLICY["img-src"].append(_MEDIA_ORIGIN)

# Sessions: with Redis, read from the cache and written through to the database, so that a Redis restart signs
# nobody out and deactivating a user can find every session of theirs. SESSION_ENGINE overrides it.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE") or (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)

# Background tasks (Wagtail's search indexing, reference index, cache purges): run at once in the request unless a
# settings module says otherwise; production.py queues them in the database for `manage.py db_worker`.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Front-end cache (CDN or caching proxy) purged when a page is published or unpublished. One of:
# FRONTEND_CACHE_URL (Varnish/nginx accepting PURGE), CLOUDFLARE_ZONE_ID + CLOUDFLARE_BEARER_TOKEN, or
# CLOUDFRONT_DISTRIBUTION_ID. Nothing is purged when none is set.
INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }
