"""Settings for the test suite: production settings with a throw-away key and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders, as under runserver, rather than from collectstatic's output.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# On SQLite, a file rather than the shared in-memory database: several threads writing at once
# then wait for the lock (busy timeout) as they do in production, instead of failing at once.
if DATABASES["default"]["ENGINE"] == "config.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        # Another name lets two runs of the suite share a working copy.
        "NAME": os.environ.get("CAUSERIE_TEST_DATABASE", str(VAR_DIR / "test.sqlite3"))  # noqa: F405
    }
# Tasks run at once, inside the test (a test of the database queue says so itself).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The database cache looks at its size now and then, by chance: never here, so that query counts
# do not depend on chance (accounts/cache.py).
CACHE_CULL_EVERY = 0
