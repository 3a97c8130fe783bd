"""Generation counters in the shared cache, which processes compare with what they keep."""

import time

from django.core.cache import cache


def first_generation():
    """Where a cold or flushed cache starts counting: the clock in nanoseconds, never a
    number an earlier count reached, so that what a process kept in memory from before the
    flush cannot pass for current."""
    return time.time_ns()


def current(key):
    """The generation stored under ``key``, started when the cache holds none."""
    value = cache.get(key)
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
