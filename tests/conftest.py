"""Fixtures shared by the whole suite: a site tree the way Wagtail's own tests build it."""

from wagtail.models import Locale, Page, Site

import pytest


def _database_order(item):
    """0: tests in a rolled-back transaction, 1: transactional ones (they flush the database,
    Wagtail's locale and groups included), 2: tests without a database — Django's order."""
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    transactional = transactional or {"transactional_db", "live_server"} & set(item.fixturenames)
    if transactional:
        return 1
    return 0 if marker or "db" in item.fixturenames else 2


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Sort again after pytest grouped items by Playwright's session-scoped browser_name
    parameter, which undid pytest-django's ordering and ran flushing tests too early."""
    result = yield
    items.sort(key=_database_order)
    return result


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploads and generated photos go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_process_memory():
    """Each test starts without what an earlier test's (rolled-back) database left in this
    process's memory: the kept site context and the page cache's local copies."""
    from home import page_cache, site_context

    site_context.forget()
    page_cache.local_copies.clear()
    yield
    site_context.forget()
    page_cache.local_copies.clear()


@pytest.fixture
def root_page(db):
    """The tree root, recreated when a transactional test (live_server) flushed it."""
    Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            title="Root", slug="root", locale=Locale.objects.get(language_code="nl")
        )
    return root


@pytest.fixture
def site_root(root_page):
    """A live home page serving as the default site's root, as `load_demo` builds it."""
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = root_page.add_child(instance=HomePage(title="Home", slug="start"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home
