from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated photos go to a throwaway directory, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth counts failed logins in the cache: every test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client, settings):
    """Render in English, for tests that assert on interface wording (Dutch comes later):
    the test client carries the language switch's cookie, the test thread speaks English."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def question_index(site_root):
    """A live "Vragen" index under the site's home page, for questions members wrote."""
    from tests.questions.factories import QuestionIndexPageFactory

    return QuestionIndexPageFactory(parent=site_root, title="Vragen", slug="vragen")
