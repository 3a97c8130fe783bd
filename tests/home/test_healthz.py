"""/healthz: what a load balancer asks every few seconds."""

from unittest import mock

from django.db import OperationalError

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    # A cached "ok" would hide an outage from the load balancer.
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_needs_no_login_and_sets_no_cookie(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.cookies == {}


def test_healthz_is_503_when_the_database_fails(client):
    with mock.patch("home.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error: OperationalError",
        "cache": "ok",
    }


def test_healthz_is_503_when_the_cache_raises(client):
    with mock.patch("home.health.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError"
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_the_cache_loses_the_value(client):
    # A cache that accepts writes but keeps nothing (DummyCache, a full memcached) is not ok.
    with mock.patch("home.health.cache.get", return_value=None):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "error: value not stored"


def test_healthz_is_503_when_redis_cannot_be_reached(client, settings):
    # A real Redis client against a port where nothing listens: redis-py's own error.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError"


def test_healthz_answers_plain_http_under_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

    assert client.get("/healthz").status_code == 200
    assert client.get("/vragen/").status_code == 301


def test_healthz_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
