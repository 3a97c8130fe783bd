"""`manage.py ensure_demo_admin`: a local superuser whose login is printed, never on a server."""

import io
import re

from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

import pytest

LOGIN_LINE = re.compile(
    r"^Demo admin: (?P<url>\S+) user admin, password (?P<password>\S+)$", re.MULTILINE
)


def ensure_demo_admin(*args):
    out = io.StringIO()
    call_command("ensure_demo_admin", *args, stdout=out)
    match = LOGIN_LINE.search(out.getvalue())
    assert match, out.getvalue()
    return match["url"], match["password"]


@pytest.fixture
def debug(settings, monkeypatch):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)


def test_prints_the_admin_url_and_a_working_login(db, debug, client):
    url, password = ensure_demo_admin()

    assert url == "http://127.0.0.1:8000/admin/"
    user = authenticate(username="admin", password=password)
    assert user is not None
    assert user.is_superuser and user.is_staff and user.is_active
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200


def test_password_from_the_environment(db, debug, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "kennis-delen-2022")

    _url, password = ensure_demo_admin()

    assert password == "kennis-delen-2022"
    assert authenticate(username="admin", password="kennis-delen-2022")


def test_generated_passwords_are_long_and_differ(db, debug):
    _url, first = ensure_demo_admin()
    _url, second = ensure_demo_admin()

    assert len(first) >= 16
    assert first != second


def test_running_again_resets_the_same_user(db, debug, monkeypatch):
    _url, old_password = ensure_demo_admin()
    admin = get_user_model().objects.get(username="admin")
    admin.is_active = False
    admin.is_superuser = False
    admin.save()
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "opnieuw-ingesteld")

    ensure_demo_admin()

    assert get_user_model().objects.filter(username="admin").count() == 1
    admin.refresh_from_db()
    assert admin.is_active and admin.is_superuser
    assert authenticate(username="admin", password="opnieuw-ingesteld")
    assert not authenticate(username="admin", password=old_password)


def test_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("ensure_demo_admin", stdout=io.StringIO())

    assert not get_user_model().objects.filter(username="admin").exists()


def test_force_overrides_the_debug_check(db, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)

    _url, password = ensure_demo_admin("--force")

    assert authenticate(username="admin", password=password)


def test_base_url_names_where_the_site_runs(db, debug):
    """`make run PORT=8200` prints the admin on port 8200, not the settings' default."""
    url, _password = ensure_demo_admin("--base-url", "http://127.0.0.1:8200/")

    assert url == "http://127.0.0.1:8200/admin/"
