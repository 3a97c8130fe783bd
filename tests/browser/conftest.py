"""Browser tests: Debian's Chromium driven by pytest-playwright against pytest-django's
live_server, with the demo content loaded and axe-core at hand.

Reuse in other browser tests (put them in tests/browser/):

    def test_something(page, demo_site):
        page.goto(demo_site.url_for(demo_site.question))
        assert_no_axe_violations(page)   # from tests.browser.axe
"""

import io
import os
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command

import pytest

from .axe import axe_violations as _axe_violations

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse
# to run there. The tests only call the ORM outside the browser calls, so this is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The machine has no network beyond the package registries: without these flags Chromium
# keeps trying to reach Google's services. --no-sandbox because CI runs as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BROWSER_DIR = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def no_rate_limit_counts():
    """Sign-up, login, posting and application limits count in the cache, which the live
    server shares with the tests: each browser test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_DIR in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; a missing browser fails the run instead of skipping it."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Install it with "
            "`apt-get install -y chromium` (or set CHROMIUM_PATH); browser tests never skip."
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Visitors browse in Dutch, the site's default language; a test that needs English
    opens its own context with ``new_context(locale="en-GB")``."""
    return {**browser_context_args, "locale": "nl-NL"}


@dataclass
class DemoSite:
    """The demo content as `make run` shows it, served by the live server."""

    base_url: str
    home: object
    question_index: object
    question: object

    def url_for(self, page):
        """The live server's address of a Wagtail page."""
        _site_id, _root_url, path = page.get_url_parts()
        return self.base_url + path


@pytest.fixture
def demo_site(live_server):
    """Load the demo content (`manage.py load_demo`) into the live server's database.

    live_server flushes the database after every test, Wagtail's root page included;
    load_demo rebuilds the whole tree, so every browser test starts from the same site.
    """
    from home.models import HomePage
    from questions.models import QuestionIndexPage, QuestionPage

    call_command("load_demo", stdout=io.StringIO())
    home = HomePage.objects.get()
    question_index = QuestionIndexPage.objects.live().descendant_of(home).get()
    question = (
        QuestionPage.objects.live()
        .descendant_of(question_index)
        .get(title__icontains="polarisatie")
    )
    return DemoSite(
        base_url=live_server.url, home=home, question_index=question_index, question=question
    )


@pytest.fixture
def axe_violations():
    """``axe_violations(page, context=None)``: the WCAG 2.1 A/AA violations on the page."""
    return _axe_violations
