"""Causerie settings: one module, read from the environment.

Development needs no set-up at all (``make run``); production refuses to start without what it
needs. Every variable is listed, with its default, in the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    """A string from the environment, or from the file named by ``NAME_FILE`` (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(or DJANGO_SECRET_KEY_FILE naming a file that holds it)."
        )
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "articles",
    "comments",
    "moderation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "allauth",
    "allauth.account",
    "django_tasks_db",
]

MIDDLEWARE = [
    "accounts.middleware.RequestLogMiddleware",  # first: its duration covers all the others
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, that reads the member in one prepared query (accounts/sessions.py).
    "accounts.sessions.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.theme.context",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL (psycopg 3) with DATABASE_URL=postgres://…
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 600), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's, with a kept connection's health checked at most once a second
        # (config/postgresql).
        DATABASES["default"]["ENGINE"] = "config.postgresql"
    if DATABASES["default"]["ENGINE"] == "config.postgresql" and env_int(
        "DB_PREPARED_STATEMENTS", 1
    ):
        # Parameters sent apart from the statement, and a statement run a few times on a
        # connection prepared by the server (parsed and planned once): the page's and a vote's
        # statements are the same each time. Off (DB_PREPARED_STATEMENTS=0) behind a pooler
        # in transaction mode, which does not keep a connection's prepared statements.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # Writers take the lock when their transaction starts and wait up to 20 s for it,
                # instead of failing half-way with "database is locked" (queued, rather than
                # polling: config/sqlite3).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Kept open between requests, as with PostgreSQL: opening the file and running the
            # pragmas again cost more than a page served from the cache.
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, whose write transactions queue for a lock file rather than poll.
    DATABASES["default"]["ENGINE"] = "config.sqlite3"
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set; otherwise the database, which every gunicorn worker shares
# (rate limits kept in one process's memory would not hold across workers).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, keeping a client per server (accounts/cache.py).
            "BACKEND": "accounts.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering fails requests (and /sante/) in seconds, not never.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            # Django's database cache, writing in one statement (see accounts/cache.py).
            "BACKEND": "accounts.cache.DatabaseCache",
            "LOCATION": "causerie_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

AUTH_USER_MODEL = "accounts.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "articles:home"

# django-allauth: email sign-up with mandatory verification, log in by username or email.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Confirming the address logs the newcomer in, in the browser that signed up (allauth keeps the
# pending log-in in its session), and takes them where they were going: the `next` they signed up
# with, such as an article's comment form or a reply. An hour for that (allauth's default is 15
# minutes): after it, or in another browser, confirming leads to the log-in page, `next` kept.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_TIMEOUT = 60 * 60
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Causerie] "
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "telephone"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Behind a reverse proxy, how many proxies append to X-Forwarded-For: the client's address (for
# the rate limits per address) is read from there. 0: REMOTE_ADDR, no proxy trusted.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm", "login": "accounts.forms.LoginForm"}
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so operators see them; sign-ups limited per address.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: printed to the console in development, SMTP otherwise (Django 6.1's MAILERS, filled from
# the classic environment variables).
EMAIL_BACKEND_PATH = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_EMAIL_OPTIONS = {
    "django.core.mail.backends.smtp.EmailBackend": lambda: {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    },
    "django.core.mail.backends.filebased.EmailBackend": lambda: {
        "file_path": os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail")),
    },
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": _EMAIL_OPTIONS.get(EMAIL_BACKEND_PATH, dict)(),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Causerie <noreply@localhost>")
# Where readers write to a person (shown where someone may be stuck, e.g. no confirmation email).
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production defaults are strict; behind a TLS-terminating proxy set
# DJANGO_SECURE_PROXY_SSL_HEADER=1, or turn the redirect off with DJANGO_SECURE_SSL_REDIRECT=0.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Links in emails (confirmation, password reset) use https whenever the site is served over it.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = (
    "https" if SECURE_SSL_REDIRECT or env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False) else "http"
)
# Load balancers probe the app servers over plain http.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with one statement prepared once (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"

# Content Security Policy, enforced: our own files only, scripts by nonce too.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "https:"],  # articles may show images hosted elsewhere
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# One line per record on the console, key=value (logfmt), each with the id of its request (nginx's
# X-Request-ID); accounts.middleware.RequestLogMiddleware writes one line per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "accounts.middleware.RequestIdFilter"}},
    "formatters": {"logfmt": {"()": "accounts.middleware.LogfmtFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "logfmt",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Request bodies: a form's fields are a few KB; files (avatars) stream to disk above the memory
# threshold, and a request larger than MAX_REQUEST_BYTES is refused (413) before its body is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 12 * 1024 * 1024)

# Rate limits of our own actions: (how many, per how many seconds), per member or per address.
RATE_LIMITS = {
    "article_vote": (env_int("RATE_ARTICLE_VOTES", 60), 60 * 10),
    "article_share": (env_int("RATE_ARTICLE_SHARES", 30), 60 * 10),
    "error_report": (env_int("RATE_ERROR_REPORTS", 5), 60 * 60),
}

# The same vote again within this time is one click arriving twice (a double click, a resubmitted
# form, two tabs): it is kept rather than taken back.
VOTE_REPEAT_WINDOW = timedelta(seconds=env_int("VOTE_REPEAT_WINDOW_SECONDS", 2))

# On PostgreSQL a vote's commit does not wait for the disk (synchronous_commit off for its
# transaction alone): a crash of the database server may lose the votes of its last fraction of
# a second (each whole, with its counts: never half of one), and votes take about a third less
# of the server's time under load (the disk's flush was most of a vote's wait). Posts, edits
# and everything else still wait for it. VOTES_WAIT_FOR_DISK=1: votes wait too.
VOTES_WAIT_FOR_DISK = env_bool("VOTES_WAIT_FOR_DISK", False)

# Comments.
COMMENT_EDIT_WINDOW = timedelta(hours=env_int("COMMENT_EDIT_WINDOW_HOURS", 24))
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)  # top-level comments, with all their replies
COMMENT_MAX_DEPTH = 4  # deeper replies are shown flat, "en réponse à <name>"
# A reader's open article asks this often whether the discussion has new comments (a fourth as
# often in a background tab); each answer that nothing changed is a 304 (comments.views.live).
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 30)
LIVE_MAX_COMMENTS = 50  # new comments put in place at once; more: reload the page
RATE_LIMITS["comment_post"] = (env_int("RATE_COMMENT_POSTS", 10), 60 * 10)
RATE_LIMITS["comment_vote"] = (env_int("RATE_COMMENT_VOTES", 120), 60 * 10)
RATE_LIMITS["comment_report"] = (env_int("RATE_COMMENT_REPORTS", 10), 60 * 60)
# Every other request a member makes that renders Markdown or resizes an image.
RATE_LIMITS["comment_edit"] = (env_int("RATE_COMMENT_EDITS", 20), 60 * 10)
RATE_LIMITS["profile_save"] = (env_int("RATE_PROFILE_SAVES", 10), 60 * 10)
# The completion of names after "@" in the comment form: one request per pause in typing.
RATE_LIMITS["member_lookup"] = (env_int("RATE_MEMBER_LOOKUPS", 120), 60)

# make bench: size of the fixed page its ceiling view returns (0: no such view).
BENCH_CEILING_BYTES = env_int("CAUSERIE_BENCH_CEILING_BYTES", 0)

# Moderation and limits on abuse.
NEWCOMER_DAYS = timedelta(days=env_int("NEWCOMER_DAYS", 3))  # newcomers: younger than this…
NEWCOMER_MESSAGES = env_int("NEWCOMER_MESSAGES", 3)  # …or fewer accepted messages than this
# Newcomers' messages per hour, counted from their visible comments (a deleted one gives its
# slot back); answering a member who replied to them is always allowed.
NEWCOMER_POSTS_PER_HOUR = env_int("RATE_NEWCOMER_POSTS", 3)
VOTES_PER_AUTHOR_PER_DAY = env_int("VOTES_PER_AUTHOR_PER_DAY", 20)  # against vote rings
AUTO_HIDE_REPORTS = env_int("AUTO_HIDE_REPORTS", 3)  # distinct reporters: hidden pending review
# Cooling down a heated thread: past this many messages in one thread within the hour, a member
# waits COOLDOWN_STEP_SECONDS more before each further one.
COOLDOWN_FREE_MESSAGES = env_int("COOLDOWN_FREE_MESSAGES", 3)
COOLDOWN_STEP_SECONDS = env_int("COOLDOWN_STEP_SECONDS", 60)

# Background tasks (django.tasks): emails leave after the transaction commits. In development the
# immediate backend runs them at once; in production a database-backed queue holds them until
# `manage.py db_worker` runs them (see the README).
TASKS_BACKEND = os.environ.get(
    "DJANGO_TASKS_BACKEND",
    "django.tasks.backends.immediate.ImmediateBackend"
    if DEBUG
    else "django_tasks_db.DatabaseBackend",
)
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}

# Notifications.
FOLLOW_EMAIL_INTERVAL = timedelta(minutes=env_int("FOLLOW_EMAIL_INTERVAL_MINUTES", 60))
NOTIFICATION_EMAIL_ATTEMPTS = env_int("NOTIFICATION_EMAIL_ATTEMPTS", 5)  # then it gives up
# The weekly digest (comments.digest): members per batch (claimed, composed in a fixed number
# of queries, sent over one SMTP connection), and batches per task before it queues itself
# again and lets other emails through.
DIGEST_BATCH_SIZE = env_int("DIGEST_BATCH_SIZE", 100)
DIGEST_BATCHES_PER_TASK = env_int("DIGEST_BATCHES_PER_TASK", 10)
