"""Production profile: Redis as the shared cache and session store when REDIS_URL is set."""

import secrets

PRODUCTION = "config.settings.production"
NAMES = ("CACHES", "SESSION_ENGINE", "SECURE_REDIRECT_EXEMPT", "DATABASES", "PAGE_CACHE_SECONDS")


def test_redis_url_makes_redis_the_cache_and_sessions_cached_db(load_settings):
    values = load_settings(
        PRODUCTION,
        *NAMES,
        SECRET_KEY=secrets.token_urlsafe(50),
        REDIS_URL="redis://cache.internal:6379/2",
        CACHE_KEY_PREFIX="site-a",
    )

    default = values["CACHES"]["default"]
    assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert default["LOCATION"] == "redis://cache.internal:6379/2"
    assert default["KEY_PREFIX"] == "site-a"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_url_the_cache_and_sessions_stay_djangos_defaults(load_settings):
    values = load_settings(PRODUCTION, *NAMES, SECRET_KEY=secrets.token_urlsafe(50), REDIS_URL="")

    # Not set by the settings: Django's local-memory cache and database sessions apply.
    assert values["CACHES"] is None
    assert values["SESSION_ENGINE"] is None


def test_production_keeps_database_connections_and_exempts_healthz(load_settings):
    values = load_settings(PRODUCTION, *NAMES, SECRET_KEY=secrets.token_urlsafe(50))

    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    assert values["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert values["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$"]


def test_the_page_cache_is_on_in_production_and_off_elsewhere(load_settings):
    production = load_settings(PRODUCTION, *NAMES, SECRET_KEY=secrets.token_urlsafe(50))
    base = load_settings("config.settings.base", "PAGE_CACHE_SECONDS")
    chosen = load_settings(
        PRODUCTION, *NAMES, SECRET_KEY=secrets.token_urlsafe(50), PAGE_CACHE_SECONDS="0"
    )

    assert production["PAGE_CACHE_SECONDS"] == 300
    assert base["PAGE_CACHE_SECONDS"] == 0
    assert chosen["PAGE_CACHE_SECONDS"] == 0
