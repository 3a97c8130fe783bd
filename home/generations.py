"""Generation counters in the shared cache, which processes compare with what they keep."""

import time

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction


def first_generation():
    """Where a cold or flushed cache starts counting: the clock in nanoseconds, never a
    number an earlier count reached, so that what a process kept in memory from before the
    flush cannot pass for current."""
    return time.time_ns()


def current(key):
    """The generation stored under ``key``, started when the cache holds none."""
    value = read_many([key]).get(key)
    if value is None:
        cache.add(key, first_generation(), timeout=None)
        value = cache.get(key)
    return value


def bump(key):
    """Make everything kept for the generation under ``key`` stale, in every process that
    shares the cache."""
    try:
        cache.incr(key)
    except ValueError:  # not there yet (a cold or flushed cache): any new value will do
        cache.add(key, first_generation(), timeout=None)


def bump_now_and_at_commit(key):
    """Bump now, so that a request in this process right after the write cannot get what was
    kept before it, and again when the transaction commits, because a request elsewhere may
    have kept the old rows between the bump and the commit."""
    bump(key)
    transaction.on_commit(lambda: bump(key))


def read_many(keys):
    """``cache.get_many(keys)``: one round trip.

    With Django's Redis backend, through one redis-py client kept on the backend's client:
    Django builds a new ``redis.Redis`` for every operation, whose constructor (it fills some
    170 response callbacks) costs as much as the round trip itself. The client is thread-safe
    and shares the backend's connection pool, so nothing else changes.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return backend.get_many(keys)
    client = backend._cache
    if not isinstance(client, RedisCacheClient):
        return backend.get_many(keys)
    redis = client.__dict__.get("_page_cache_redis")
    if redis is None:
        redis = client.__dict__["_page_cache_redis"] = client.get_client(None)
    # make_key, not make_and_validate_key: these keys are ours, and the memcached-safety
    # check walks every character of them on every request.
    values = redis.mget([backend.make_key(key) for key in keys])
    return {
        key: client._serializer.loads(value)
        for key, value in zip(keys, values, strict=True)
        if value is not None
    }
