"""Production: refuses to start without SECRET_KEY, HTTPS everywhere, hashed static files."""

import logging
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, task_backend_path

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
SECRET_KEY = os.environ["SECRET_KEY"]

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin iframe; DENY would blank it.
# Framing by other sites stays forbidden, which is what security.W019 protects.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# /healthz answers the load balancer's plain-HTTP probe instead of redirecting it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The members' e-mails wait in the database for `manage.py db_worker --backend community`
# (`make worker`) instead of being sent inside the request that caused them.
TASKS = {
    **TASKS,  # noqa: F405
    "community": {
        "BACKEND": task_backend_path(os.environ.get("COMMUNITY_TASK_BACKEND"), "database")
    },
}

# gunicorn's sync workers serve one request at a time: keeping the connection open saves a
# PostgreSQL connection set-up per request; the health check drops a connection that died.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Redis, when REDIS_URL names one, is the cache every app server shares: rate limits (login,
# panel applications) count across servers, and sessions are read from it before the database.
# Without it each gunicorn worker has its own local-memory cache, which is right for one worker
# only: run more than one app server (or several workers) with REDIS_URL set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several sites (or CI runs) may share one Redis; the prefix keeps their keys apart.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kennisdeling"),
        }
    }
    # Sessions survive a Redis restart (the database keeps them) but are read from Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Python warnings go through logging too, so that stdout stays JSON lines only.
logging.captureWarnings(True)

# Anonymous visitors get Wagtail pages from the (shared) cache; see home/page_cache.py.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# One JSON object per line on stdout; gunicorn uses the same formatter (config/gunicorn.conf.py).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's default handlers (console only under DEBUG, mail to ADMINS).
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
    },
}
