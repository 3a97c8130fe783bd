"""A small sliding-window rate limit on Django's cache, for any app of the community.

Use one ``RateLimit`` per kind of action and ask it about an identity (a member's id, a
client address …)::

    posts = RateLimit("questions:post", limit=5, window=600)
    if posts.retry_after(member.pk):
        ...  # refuse with a clear message
    else:
        ...  # do it, then
        posts.hit(member.pk)

The recent attempts of an identity are kept as a list of timestamps under one cache key, so
the window slides: five posts at 10:00 free the first slot at 10:10, not at the start of a
fixed clock window (which would allow ten posts within a second around its edge).
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import caches


def client_address(request, header="REMOTE_ADDR"):
    """The client's address from ``request.META[header]`` (the rightmost of a list).

    Behind a reverse proxy pass ``header="HTTP_X_FORWARDED_FOR"``: the rightmost entry is the
    one the project's own proxy added; the ones before it are whatever the client claimed.
    """
    raw = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    return raw.split(",")[-1].strip()


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` actions per identity in any ``window`` seconds; 0 switches it off.

    Reading and writing the list are two cache calls, so two requests of the same identity
    at the very same moment may both pass: good enough to stop floods and runaway scripts,
    not meant as an exact quota.
    """

    scope: str
    limit: int
    window: int
    cache_alias: str = "default"

    def _key(self, identity):
        # Hashed, so addresses and ids never appear in a shared cache's key listing.
        digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{digest}"

    def _recent(self, key, now):
        stamps = caches[self.cache_alias].get(key) or []
        return [stamp for stamp in stamps if stamp > now - self.window]

    def retry_after(self, identity, now=None):
        """Seconds until ``identity`` may act again; 0 when it may act now."""
        if not self.limit:
            return 0
        now = time.time() if now is None else now
        recent = self._recent(self._key(identity), now)
        if len(recent) < self.limit:
            return 0
        # The oldest attempt that still counts frees its slot when it leaves the window.
        oldest_counted = sorted(recent)[-self.limit]
        return max(1, math.ceil(oldest_counted + self.window - now))

    def hit(self, identity, now=None):
        """Count one action of ``identity``. False (and nothing counted) when over the limit."""
        if not self.limit:
            return True
        now = time.time() if now is None else now
        key = self._key(identity)
        recent = self._recent(key, now)
        if len(recent) >= self.limit:
            return False
        recent.append(now)
        caches[self.cache_alias].set(key, recent, timeout=self.window)
        return True

    def reset(self, identity):
        """Forget the attempts of ``identity`` (e.g. after an editor lifted a block)."""
        caches[self.cache_alias].delete(self._key(identity))
