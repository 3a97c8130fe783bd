"""The ground floor's rate limiter (community/ratelimit.py), used by the posting limit."""

from django.test import RequestFactory

import pytest

from community.ratelimit import RateLimit, client_address


@pytest.fixture
def limit():
    limit = RateLimit("tests:limit", limit=3, window=600)
    for identity in ("a", "b"):
        limit.reset(identity)
    return limit


def test_allows_up_to_the_limit_then_refuses(limit):
    assert [limit.hit("a", now=1000 + i) for i in range(4)] == [True, True, True, False]
    assert limit.retry_after("a", now=1003) == 597
    assert limit.hit("b", now=1003)


def test_a_refused_attempt_does_not_count(limit):
    for i in range(3):
        limit.hit("a", now=1000 + i)
    for _attempt in range(10):
        assert not limit.hit("a", now=1100)
    # The first attempt leaves the window at 1600, freeing one place.
    assert limit.hit("a", now=1600.5)
    assert not limit.hit("a", now=1600.6)


def test_the_window_slides(limit):
    limit.hit("a", now=0)
    limit.hit("a", now=300)
    limit.hit("a", now=599)
    assert limit.retry_after("a", now=599) == 1
    assert limit.retry_after("a", now=601) == 0


def test_zero_switches_it_off():
    unlimited = RateLimit("tests:off", limit=0, window=600)
    assert all(unlimited.hit("a") for _attempt in range(100))
    assert unlimited.retry_after("a") == 0


def test_identities_are_hashed_in_the_key(limit):
    assert "a@example.org" not in limit._key("a@example.org")


def test_client_address_takes_the_rightmost_forwarded_entry():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.1")
    assert client_address(request, "HTTP_X_FORWARDED_FOR") == "10.0.0.1"
    assert client_address(request) == "127.0.0.1"
