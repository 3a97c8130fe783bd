"""What `/healthz` checks: can this app server reach its database and its cache?

A load balancer takes an app server out of rotation when either fails, so each check does a
real round trip (a query, a cache write and read) rather than trusting a pooled connection.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def check_database():
    """Run ``SELECT 1`` on the default database; return "ok" or the error's class name."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not healthy", whatever the driver raises
        logger.warning("Health check: database unavailable", exc_info=True)
        return f"error: {type(error).__name__}"
    return "ok"


def check_cache():
    """Write a unique value to the default cache and read it back; return "ok" or the error."""
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:  # redis-py's ConnectionError, a timeout, a misconfiguration
        logger.warning("Health check: cache unavailable", exc_info=True)
        return f"error: {type(error).__name__}"
    if found != value:
        logger.warning("Health check: cache did not return the value written")
        return "error: value not stored"
    return "ok"


def health_report():
    """The status of each dependency and an overall ``ok`` flag."""
    checks = {"database": check_database(), "cache": check_cache()}
    return {"status": "ok" if all(v == "ok" for v in checks.values()) else "error", **checks}
