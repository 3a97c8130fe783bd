"""A small fixed-window rate limit on Django's cache (local memory, Redis, …)."""

import hashlib
import time

from django.core.cache import cache

from .conf import get_setting


def client_address(request):
    """The client's address, from PANELS_CLIENT_IP_HEADER (the rightmost entry of a list)."""
    raw = request.META.get(get_setting("PANELS_CLIENT_IP_HEADER"), "") or request.META.get(
        "REMOTE_ADDR", ""
    )
    # With X-Forwarded-For the rightmost address is the one our own proxy saw; the
    # others are whatever the client claimed.
    return raw.split(",")[-1].strip()


def allow(request, scope):
    """Count one attempt for this client; False once it is over the limit for the window."""
    limit = get_setting("PANELS_APPLY_RATE_LIMIT")
    if not limit:
        return True
    window = get_setting("PANELS_APPLY_RATE_WINDOW")
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"panels:ratelimit:{scope}:{address}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        # The entry expired between add() and incr(): this is the first attempt again.
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
