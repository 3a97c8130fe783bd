"""The settings package: safe defaults, values from the environment, a production profile that
refuses to start without a secret and passes Django's deployment checks."""

import secrets

from .conftest import REPO_ROOT, clean_env, run_python

BASE = "config.settings.base"
DEV = "config.settings.dev"
TEST = "config.settings.test"
PRODUCTION = "config.settings.production"


def test_base_defaults_fail_closed(load_settings):
    values = load_settings(BASE, "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY", "EMAIL_BACKEND")

    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == []
    assert values["SECRET_KEY"] == ""
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_default_database_is_a_sqlite_file_tuned_for_concurrent_requests(load_settings):
    database = load_settings(BASE, "DATABASES")["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(REPO_ROOT / "db.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql_without_sqlite_options(load_settings):
    database = load_settings(
        BASE, "DATABASES", DATABASE_URL="postgres://someone:pw@db.internal:5432/kennis"
    )["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "kennis"
    assert database["HOST"] == "db.internal"
    assert "transaction_mode" not in database.get("OPTIONS", {})


def test_values_come_from_the_environment(load_settings, tmp_path):
    values = load_settings(
        BASE,
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECRET_KEY",
        "MEDIA_ROOT",
        "WAGTAILADMIN_BASE_URL",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        DEBUG="true",
        ALLOWED_HOSTS="kennis.example.org, www.kennis.example.org",
        SECRET_KEY="from-the-environment",
        MEDIA_ROOT=str(tmp_path / "uploads"),
        WAGTAILADMIN_BASE_URL="https://kennis.example.org",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="yes",
    )

    assert values == {
        "DEBUG": True,
        "ALLOWED_HOSTS": ["kennis.example.org", "www.kennis.example.org"],
        "SECRET_KEY": "from-the-environment",
        "MEDIA_ROOT": str(tmp_path / "uploads"),
        "WAGTAILADMIN_BASE_URL": "https://kennis.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
    }


def test_env_file_fills_in_what_the_environment_leaves_out(load_settings, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n"
        "SECRET_KEY='from-the-file'\n"
        "export ALLOWED_HOSTS=file.example.org\n"
        "WAGTAILADMIN_BASE_URL=https://file.example.org\n"
    )

    values = load_settings(
        BASE,
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        ENV_FILE=str(env_file),
        WAGTAILADMIN_BASE_URL="https://environment.example.org",
    )

    assert values == {
        "SECRET_KEY": "from-the-file",
        "ALLOWED_HOSTS": ["file.example.org"],
        "WAGTAILADMIN_BASE_URL": "https://environment.example.org",
    }


def test_dev_turns_debug_on_and_prints_mail(load_settings):
    values = load_settings(DEV, "DEBUG", "ALLOWED_HOSTS", "SECRET_KEY", "EMAIL_BACKEND")

    assert values["DEBUG"] is True
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]
    assert values["SECRET_KEY"]
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_test_settings_switch_the_env_file_off():
    env = clean_env()
    del env["ENV_FILE"]
    code = (
        "import json; import config.settings.test as s; import config.settings.base as base; "
        "print(json.dumps([base.ENV_FILE, s.DATABASES['default']['ENGINE']]))"
    )

    result = run_python(["-c", code], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '["", "django.db.backends.sqlite3"]'


def test_dutch_is_the_default_language_and_english_is_available(load_settings):
    values = load_settings(BASE, "LANGUAGE_CODE", "LANGUAGES", "USE_I18N", "LOCALE_PATHS")

    assert values["LANGUAGE_CODE"] == "nl"
    assert [code for code, _name in values["LANGUAGES"]] == ["nl", "en"]
    assert values["USE_I18N"] is True
    assert values["LOCALE_PATHS"] == [str(REPO_ROOT / "locale")]


def test_whitenoise_comes_right_after_the_security_middleware(load_settings):
    middleware = load_settings(BASE, "MIDDLEWARE")["MIDDLEWARE"]

    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


def test_compressed_manifest_storage_in_production_only(load_settings):
    key = secrets.token_urlsafe(50)
    storage = {
        module: load_settings(module, "STORAGES", SECRET_KEY=key)["STORAGES"]["staticfiles"][
            "BACKEND"
        ]
        for module in (BASE, DEV, TEST, PRODUCTION)
    }

    assert storage == {
        BASE: "django.contrib.staticfiles.storage.StaticFilesStorage",
        DEV: "django.contrib.staticfiles.storage.StaticFilesStorage",
        TEST: "django.contrib.staticfiles.storage.StaticFilesStorage",
        PRODUCTION: "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_production_refuses_to_start_without_secret_key():
    result = run_python(["-c", f"import {PRODUCTION}"], clean_env())

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_an_empty_secret_key():
    result = run_python(["-c", f"import {PRODUCTION}"], clean_env(SECRET_KEY=""))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_passes_the_deployment_checks_without_warnings():
    env = clean_env(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kennis.example.org",
    )

    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


def test_production_debug_stays_off_whatever_the_environment_says(load_settings):
    values = load_settings(PRODUCTION, "DEBUG", SECRET_KEY="x" * 60, DEBUG="true")

    assert values["DEBUG"] is False
