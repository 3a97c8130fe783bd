"""Fixtures shared by the whole suite: a site tree the way Wagtail's own tests build it."""

from wagtail.models import Locale, Page, Site

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploads and generated photos go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


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
