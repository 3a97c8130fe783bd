"""The anonymous page cache: fast for visitors, never stale after a write, never personal."""

import datetime
import re

from django.test import Client

import pytest

from home import page_cache
from panels.models import Panel, PanelSession, Registration
from questions import services
from questions.models import Reply
from tests.community.factories import ProfileFactory, verified_member
from tests.questions.factories import QuestionIndexPageFactory, QuestionPageFactory, ReplyFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def question(site_root):
    from django.core.cache import cache

    index = QuestionIndexPageFactory(parent=site_root, slug="vragen")
    page = QuestionPageFactory(parent=index, title="Hoe ga jij om met spanningen?")
    # The very first request on a site creates its settings rows (Wagtail's site settings
    # get_or_create), a write that rightly invalidates; production does it once, ever.
    Client().get(page.url)
    cache.clear()
    return page


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_second_anonymous_request_is_served_from_the_cache(question):
    first = get(Client(), question.url)
    second = get(Client(), question.url)

    assert first[page_cache.HIT_HEADER] == "miss"
    assert second[page_cache.HIT_HEADER] == "hit"
    assert "Hoe ga jij om met spanningen?" in second.content.decode()


def test_no_cache_when_page_cache_seconds_is_zero(question, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(Client(), question.url)

    assert page_cache.HIT_HEADER not in get(Client(), question.url)


def test_an_approved_reply_appears_on_the_very_next_anonymous_request(
    question, django_capture_on_commit_callbacks
):
    reply = ReplyFactory(
        question=question,
        status=Reply.Status.PENDING,
        body="<p>Wij organiseren een buurtdiner.</p>",
    )
    get(Client(), question.url)
    cached = get(Client(), question.url)
    assert cached[page_cache.HIT_HEADER] == "hit"
    assert "buurtdiner" not in cached.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_replies([reply])
    after = get(Client(), question.url)

    assert after[page_cache.HIT_HEADER] == "miss"
    assert "buurtdiner" in after.content.decode()


def test_a_hidden_reply_is_gone_on_the_very_next_anonymous_request(
    question, django_capture_on_commit_callbacks
):
    reply = ReplyFactory(question=question, body="<p>Een ongepaste opmerking.</p>")
    get(Client(), question.url)
    assert "ongepaste" in get(Client(), question.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.hide_replies([reply], reason="Persoonsgegevens")

    assert "ongepaste" not in get(Client(), question.url).content.decode()


def test_publishing_a_page_shows_the_new_version_at_once(question):
    get(Client(), question.url)
    assert get(Client(), question.url)[page_cache.HIT_HEADER] == "hit"

    question.title = "Hoe bespreek je polarisatie?"
    question.save_revision().publish()

    assert "Hoe bespreek je polarisatie?" in get(Client(), question.url).content.decode()


def test_unpublishing_a_page_takes_it_away_at_once(question):
    get(Client(), question.url)
    get(Client(), question.url)

    question.unpublish()

    assert Client().get(question.url).status_code == 404


def test_a_logged_in_member_never_gets_a_cached_page_nor_leaves_one(question):
    anouk_user = verified_member(email="anouk@example.org", display_name="Anouk Bakker")
    bram_user = verified_member(email="bram@example.org", display_name="Bram Visser")
    # A reply waiting for approval is shown to its author only.
    ReplyFactory(
        question=question,
        author=anouk_user.profile,
        status=Reply.Status.PENDING,
        body="<p>Anouks reactie die nog wacht.</p>",
    )
    get(Client(), question.url)  # the anonymous page is cached now
    anouk, bram = Client(), Client()
    anouk.force_login(anouk_user)
    bram.force_login(bram_user)

    for_anouk = get(anouk, question.url)
    for_bram = get(bram, question.url)
    again_for_bram = get(bram, question.url)
    anonymous = get(Client(), question.url)

    assert page_cache.HIT_HEADER not in for_anouk
    assert page_cache.HIT_HEADER not in for_bram
    assert page_cache.HIT_HEADER not in again_for_bram
    assert "Anouks reactie die nog wacht" in for_anouk.content.decode()
    assert "Anouks reactie die nog wacht" not in for_bram.content.decode()
    assert "Anouks reactie die nog wacht" not in again_for_bram.content.decode()
    assert "/accounts/logout/" in for_bram.content.decode()
    assert anonymous[page_cache.HIT_HEADER] == "hit"
    assert "Anouks reactie die nog wacht" not in anonymous.content.decode()
    assert "/accounts/logout/" not in anonymous.content.decode()


def test_a_visitor_with_a_session_is_served_by_the_view(question, settings):
    get(Client(), question.url)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone"

    assert page_cache.HIT_HEADER not in get(client, question.url)


def test_each_visitor_gets_a_working_csrf_token_of_their_own(question):
    get(Client(enforce_csrf_checks=True), question.url)
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)

    hit_one = get(first, question.url)
    hit_two = get(second, question.url)
    token_one = TOKEN.search(hit_one.content.decode()).group(1)
    token_two = TOKEN.search(hit_two.content.decode()).group(1)

    assert hit_one[page_cache.HIT_HEADER] == hit_two[page_cache.HIT_HEADER] == "hit"
    assert page_cache.CSRF_PLACEHOLDER not in hit_one.content.decode()
    assert token_one != token_two
    # The language switch posts with the token the cached page carried, and is accepted.
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token_two}
    )
    assert switched.status_code == 302


def test_each_language_has_its_own_cached_page(question, settings):
    get(Client(), question.url)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = get(english, question.url)

    assert response[page_cache.HIT_HEADER] == "miss"
    assert '<html lang="en">' in response.content.decode()
    assert get(english, question.url)[page_cache.HIT_HEADER] == "hit"


def test_unknown_query_parameters_are_not_cached(question):
    get(Client(), f"{question.url}?utm_source=x")

    assert page_cache.HIT_HEADER not in get(Client(), f"{question.url}?utm_source=x")
    get(Client(), f"{question.url}?sort=helpful")
    assert get(Client(), f"{question.url}?sort=helpful")[page_cache.HIT_HEADER] == "hit"


def test_an_application_or_a_profile_change_invalidates(site_root):
    before = page_cache.generation()
    panel = Panel.objects.create(title="Panel", slug="panel")
    session = PanelSession.objects.create(
        panel=panel,
        date=datetime.date(2030, 1, 10),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        city="Venlo",
    )
    after_session = page_cache.generation()
    Registration.objects.create(
        session=session,
        name="Iris",
        email="iris@example.org",
        organisation="Jongerenwerk",
        profession="jongerenwerker",
        municipality="Venlo",
        years_experience=3,
        motivation="Ervaring delen",
    )
    after_registration = page_cache.generation()
    profile = ProfileFactory()
    profile.display_name = "Iris Jansen"
    profile.save()

    assert before < after_session < after_registration < page_cache.generation()


def test_writes_that_change_no_page_do_not_invalidate(site_root, client):
    verified_member(email="sem@example.org")
    before = page_cache.generation()

    assert client.login(username="sem", password="correct horse battery staple")

    assert page_cache.generation() == before
