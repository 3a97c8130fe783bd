from wagtail.coreutils import get_dummy_request
from wagtail.test.utils import WagtailPageTestCase

import pytest

from tests.questions.factories import QuestionIndexPageFactory


@pytest.fixture
def page_asserts(client):
    """Wagtail's own page assertions (assertCanCreateAt, assertPageIsRenderable …) bound to
    pytest's client, so page tests can use them alongside pytest fixtures."""
    case = WagtailPageTestCase()
    case.client = client
    case.dummy_request = get_dummy_request()
    return case


@pytest.fixture
def question_index(site_root):
    """A live "Vragen" index under the site's home page."""
    return QuestionIndexPageFactory(parent=site_root, title="Vragen", slug="vragen")
