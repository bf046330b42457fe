"""Test settings: the real settings, with faster hashing and in-memory e-mail."""

import os
import tempfile

os.environ.setdefault("TENDING_DATA_DIR", tempfile.mkdtemp(prefix="tending-test-"))

from tending.settings import *  # noqa: F403
from tending.settings import INSTALLED_APPS, STORAGES

# Argon2 is deliberately slow; tests hash hundreds of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A model of the test's own that uses the couple boundary, so the shared
# visibility code and the endpoint walker can be exercised before any
# practice exists.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.boundary_app"]
ROOT_URLCONF = "tests.urls"

# What the cache keeps (pages, accounts, memberships, sessions) is off by
# default, so that each test's query counts are the page's own; the tests of
# tending/lib/pagecache.py switch it on, and TENDING_TEST_PAGE_CACHE=1 runs the
# whole suite with it on, to find a page that stays stale after a change.
PAGE_CACHE_ENABLED = os.environ.get("TENDING_TEST_PAGE_CACHE") == "1"
if not PAGE_CACHE_ENABLED:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise warns when it is missing

# A file database rather than SQLite's shared-cache memory database: the
# concurrency tests need real locking (WAL, busy timeout, IMMEDIATE), as in
# production.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
