from django.conf import settings

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


def choose_english(client):
    """The site speaks Dutch whatever the browser asks; English is the visitor's choice with
    the language switch, kept in Django's language cookie. Tests asserting UI strings use it."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def prefer_english(user):
    """Wagtail's admin speaks the user's preferred language: English for assertions."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The posting limit counts in the cache; every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def question(question_index):
    """A live question under the index, asked by a member who follows it."""
    from questions.models import Follow
    from tests.questions.factories import QuestionPageFactory

    page = QuestionPageFactory(parent=question_index, title="Hoe bereik je jongeren online?")
    Follow.objects.create(profile=page.author, question=page)
    return page


@pytest.fixture
def member():
    """A member (profile with an account) who has not posted anything yet."""
    from tests.community.factories import ProfileFactory

    return ProfileFactory(display_name="Sanne de Vries")


@pytest.fixture
def other_member():
    from tests.community.factories import ProfileFactory

    return ProfileFactory(display_name="Joris Kok")


@pytest.fixture
def trusted(settings):
    """Members' replies are published at once (no first-post moderation)."""
    settings.QUESTIONS_MODERATE_FIRST_POSTS = 0


def editor_user():
    """An editor as Wagtail's migrations set one up ("Moderators": publish pages) who may
    also moderate replies, with a profile of their own."""
    from django.contrib.auth.models import Group, Permission

    from tests.community.factories import ProfileFactory

    profile = ProfileFactory(display_name="Eva Redacteur")
    group = Group.objects.get(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="questions", codename__contains="reply")
    )
    profile.user.groups.add(group)
    return profile.user


@pytest.fixture
def editor():
    return editor_user()


def logged_in(client, profile_or_user):
    """``client`` logged in as the member (a Profile) or user."""
    user = getattr(profile_or_user, "user", profile_or_user)
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def tasks_run():
    """Every django-tasks task run during the test, with its backend alias. The immediate
    backend records a failing task instead of raising; this fails the test instead."""
    from django_tasks.signals import task_finished

    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_finished.connect(record, dispatch_uid="questions-tests-tasks-run")
    yield results
    task_finished.disconnect(dispatch_uid="questions-tests-tasks-run")
    failed = [result for result in results if result.status == "FAILED"]
    assert not failed, "\n".join(error.traceback for result in failed for error in result.errors)
