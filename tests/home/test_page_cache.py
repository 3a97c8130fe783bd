"""The anonymous page cache: fast for visitors, never stale after a write, never personal."""

import datetime
import gzip
import re
import uuid

from django.test import Client

import pytest

from home import generations, page_cache
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
    assert page_cache.CSRF_PLACEHOLDER not in hit_one.content
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


def test_a_hit_runs_no_query_renders_no_template_and_reads_the_cache_once(
    question, django_assert_num_queries, monkeypatch
):
    get(Client(), question.url)
    calls = []

    real = generations.caches["default"]

    class CountingCache:
        """The cache as the middleware sees it, recording each operation it asks for."""

        def __getattr__(self, name):
            calls.append(name)
            return getattr(real, name)

    monkeypatch.setattr(generations, "caches", {"default": CountingCache()})
    monkeypatch.setattr(generations, "cache", CountingCache())
    monkeypatch.setattr(page_cache, "cache", CountingCache())

    with django_assert_num_queries(0):
        response = get(Client(), question.url)

    assert response[page_cache.HIT_HEADER] == "hit"
    assert response.templates == []
    # One round trip to Redis: the generation (the page is this process's own copy).
    assert calls == ["get_many"]


def test_the_cache_answers_before_sessions_locale_csrf_authentication_and_messages(settings):
    order = settings.MIDDLEWARE
    position = order.index("home.page_cache.AnonymousPageCacheMiddleware")

    # It must see the request after Accept-Language is dropped, so that it predicts the
    # language LocaleMiddleware will choose.
    assert order.index("home.middleware.ExplicitLanguageChoiceMiddleware") < position
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ):
        assert position < order.index(later), later


def test_a_hit_carries_the_pages_headers_and_a_csrf_cookie_for_a_new_visitor(question, settings):
    miss = get(Client(), question.url)
    visitor = Client()

    hit = get(visitor, question.url)

    assert hit[page_cache.HIT_HEADER] == "hit"
    for header in ("Content-Type", "Content-Language", "X-Frame-Options"):
        assert hit[header] == miss[header], header
    assert "Cookie" in hit["Vary"]
    assert int(hit["Content-Length"]) == len(hit.content)
    assert settings.CSRF_COOKIE_NAME in hit.cookies
    assert visitor.cookies[settings.CSRF_COOKIE_NAME].value


def test_a_returning_visitor_keeps_their_csrf_secret_on_a_hit(question, settings):
    from django.middleware.csrf import _unmask_cipher_token

    visitor = Client(enforce_csrf_checks=True)
    get(visitor, question.url)  # miss: sets the visitor's cookie
    secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value

    hit = get(visitor, question.url)

    assert hit[page_cache.HIT_HEADER] == "hit"
    token = TOKEN.search(hit.content.decode()).group(1)
    assert _unmask_cipher_token(token) == secret


def test_credentials_in_a_header_bypass_the_cache(question):
    get(Client(), question.url)

    response = get(Client(HTTP_AUTHORIZATION="Basic c29tZW9uZTpzZWNyZXQ="), question.url)

    assert page_cache.HIT_HEADER not in response


def test_a_page_is_not_stored_when_its_language_differs_from_the_predicted_one(
    question, monkeypatch
):
    # Should the site ever choose the language differently from Django's own rule, a page
    # in one language must not be filed under the other.
    monkeypatch.setattr(page_cache, "predicted_language", lambda request: "en")
    get(Client(), question.url)
    response = get(Client(), question.url)

    assert response[page_cache.HIT_HEADER] == "miss"
    assert '<html lang="nl">' in response.content.decode()


def test_views_other_than_wagtail_pages_are_neither_marked_nor_stored(question):
    for _ in range(2):
        response = Client().get("/accounts/login/")
        assert response.status_code == 200
        assert page_cache.HIT_HEADER not in response


def test_the_fast_csrf_token_is_a_django_token_for_the_visitors_secret(rf):
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token

    new_visitor = rf.get("/")
    token = page_cache.csrf_token(new_visitor)
    secret = new_visitor.META["CSRF_COOKIE"]

    assert len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert new_visitor.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    # Every token is masked afresh (BREACH), for a returning visitor too.
    again = page_cache.csrf_token(new_visitor)
    assert again != token
    assert _unmask_cipher_token(again) == secret
    assert page_cache.random_csrf_string() != page_cache.random_csrf_string()


def test_read_many_through_redis_gives_what_the_cache_stored(settings):
    """The one-client path for Django's Redis backend (CI starts Redis; skipped without it)."""
    import redis

    url = "redis://127.0.0.1:6379/6"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-page-cache-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache import cache

    cache.set("page", (3, b"<html>", {"Content-Type": "text/html"}), timeout=30)
    cache.set("generation", 3, timeout=30)
    try:
        first = generations.read_many(["generation", "page", "absent"])
        second = generations.read_many(["generation", "page"])
        django_reads = cache.get_many(["generation", "page"])
    finally:
        cache.delete_many(["page", "generation"])

    assert (
        first
        == second
        == django_reads
        == {
            "generation": 3,
            "page": (3, b"<html>", {"Content-Type": "text/html"}),
        }
    )


def test_a_repeated_hit_is_served_from_the_process_memory(question, monkeypatch):
    get(Client(), question.url)
    get(Client(), question.url)  # a hit: now in this process's memory too
    asked = []
    read_many = generations.read_many
    monkeypatch.setattr(
        generations, "read_many", lambda keys: asked.append(keys) or read_many(keys)
    )

    response = get(Client(), question.url)

    assert response[page_cache.HIT_HEADER] == "hit"
    assert asked == [[page_cache.GENERATION_KEY]]  # the generation only, not the page


def test_a_write_makes_the_copy_in_memory_stale_too(question):
    get(Client(), question.url)
    get(Client(), question.url)
    question.title = "Een nieuwe titel"
    question.save_revision().publish()

    response = get(Client(), question.url)

    assert response[page_cache.HIT_HEADER] == "miss"
    assert "Een nieuwe titel" in response.content.decode()


def test_a_flushed_cache_never_revives_a_copy_in_memory(question):
    from django.core.cache import cache

    get(Client(), question.url)
    get(Client(), question.url)
    cache.clear()  # Redis restarted: the count starts again, from a number never used

    assert get(Client(), question.url)[page_cache.HIT_HEADER] == "miss"


def test_the_copies_in_memory_are_bounded(question, settings):
    settings.PAGE_CACHE_LOCAL_PAGES = 2
    urls = [question.url, f"{question.url}?page=2", f"{question.url}?sort=helpful"]
    for url in urls:
        get(Client(), url)

    kept = list(page_cache.local_copies.pages)
    assert len(kept) == 2
    assert kept[0].endswith(urls[1]) and kept[1].endswith(urls[2])


def test_a_copy_in_memory_lives_no_longer_than_the_shared_one(question, monkeypatch):
    get(Client(), question.url)
    get(Client(), question.url)
    later = page_cache.time.monotonic() + page_cache.cache_seconds() + 1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    key = next(iter(page_cache.local_copies.pages))

    assert page_cache.local_copies.get(key, page_cache.generation()) is None


@pytest.mark.parametrize("holes", [0, 1, 3])
def test_a_compressed_page_fills_every_token_hole(holes):
    parts = [f"<p>deel {n} {'polarisatie ' * 200}</p>".encode() for n in range(holes + 1)]
    content = page_cache.CSRF_PLACEHOLDER.join(parts)
    token = b"Abc123" * 8

    body = page_cache.GzippedPage(content).body(token)

    assert gzip.decompress(body) == content.replace(page_cache.CSRF_PLACEHOLDER, token)
    assert len(body) < len(content) / 4


def test_a_browser_that_takes_gzip_gets_the_hit_compressed(question):
    get(Client(), question.url)
    plain = get(Client(), question.url)
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    compressed = get(browser, question.url)

    assert compressed[page_cache.HIT_HEADER] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"] and "Accept-Encoding" in plain["Vary"]
    html = gzip.decompress(compressed.content).decode()
    assert len(compressed.content) < len(plain.content) / 2
    assert TOKEN.sub("", html) == TOKEN.sub("", plain.content.decode())
    # The token in the compressed page is the visitor's own and works.
    token = TOKEN.search(html).group(1)
    switched = browser.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
