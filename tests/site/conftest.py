"""Helpers for tests that must see settings as a fresh process would, environment and all."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# Variables the settings read; removed from the child's environment so a developer's shell
# (or CI's) cannot change what "the default" means.
SETTINGS_VARIABLES = {
    "ALLOWED_HOSTS",
    "CONN_MAX_AGE",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DEBUG",
    "DEFAULT_FROM_EMAIL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_HOST_USER",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "ENV_FILE",
    "MEDIA_ROOT",
    "SECRET_KEY",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "STATIC_ROOT",
    "WAGTAILADMIN_BASE_URL",
}

# Lazy translations (LANGUAGES) need configured settings to become text; with USE_I18N off
# they stay the English source string.
_DUMP = """
import importlib, json, sys
from django.conf import settings
module = importlib.import_module(sys.argv[1])
settings.configure(USE_I18N=False)
names = sys.argv[2:]
print(json.dumps({name: getattr(module, name, None) for name in names}, default=str))
"""


def clean_env(**overrides):
    """The current environment without the settings' variables and without the .env file."""
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env["ENV_FILE"] = ""
    env.update(overrides)
    return env


def run_python(args, env, timeout=120):
    """Run the venv's Python in the repository root and return the completed process."""
    return subprocess.run(  # noqa: S603 - fixed interpreter, arguments from the tests
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def load_settings():
    """Import a settings module in a fresh interpreter and return the named values."""

    def load(module, *names, **env):
        result = run_python(["-c", _DUMP, module, *names], clean_env(**env))
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return load
