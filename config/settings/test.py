"""Test settings: fast hashing, in-memory mail and cache, plain static storage.

A developer's ``.env`` is ignored here (unless ENV_FILE names one) so that the suite runs the
same everywhere; DATABASE_URL from the real environment still selects PostgreSQL in CI.
"""

import os

os.environ.setdefault("ENV_FILE", "")

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks (the members' e-mails among them) run at once, after the transaction commits.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "community": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The live server of the browser tests serves CSS straight from the app and site static
# folders, so the suite needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
