"""The site, its settings, the home page's children and the menu kept between requests
(home/site_context.py): fewer queries, and every change shows on the very next request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from community.models import CommunitySettings
from home import site_context
from home.models import StandardPage
from tests.questions.factories import QuestionIndexPageFactory, QuestionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_index(site_root):
    return QuestionIndexPageFactory(parent=site_root, title="Vragen", slug="vragen")


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response


def warm(client, url):
    client.get(url)


def test_a_warm_request_reads_no_site_settings_or_menu(client, question_index):
    warm(client, "/vragen/")

    sql, _response = queries_of(client, "/vragen/")

    assert not [query for query in sql if "wagtailcore_site" in query]
    assert not [query for query in sql if "community_communitysettings" in query]
    assert not [query for query in sql if 'AND "wagtailcore_page"."show_in_menus"' in query]


def test_a_changed_setting_shows_on_the_next_request(client, site_root):
    warm(client, "/")
    settings_row = CommunitySettings.objects.get()
    settings_row.footer_text = "Een nieuwe voettekst"
    settings_row.save()

    response = client.get("/")

    assert "Een nieuwe voettekst" in response.content.decode()


def test_a_renamed_site_shows_on_the_next_request(client, site_root):
    warm(client, "/")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Kennisplein Jeugd"
    site.save()

    assert "Kennisplein Jeugd" in client.get("/").content.decode()


def test_each_request_gets_its_own_copy_of_the_settings(rf, site_root):
    middleware = site_context.SiteContextMiddleware(lambda request: None)
    first, second = rf.get("/"), rf.get("/")
    middleware.attach(first)
    middleware.attach(second)

    first_settings = CommunitySettings.for_request(first)
    second_settings = CommunitySettings.for_request(second)

    assert first_settings is not second_settings
    assert first_settings._request is first and second_settings._request is second
    assert Site.find_for_request(first) is Site.find_for_request(second)


def test_a_page_moved_to_a_new_slug_routes_at_once(client, question_index):
    warm(client, "/vragen/")
    question_index.slug = "alle-vragen"
    question_index.save_revision().publish()

    assert client.get("/vragen/").status_code == 404
    assert client.get("/alle-vragen/").status_code == 200


def test_a_question_below_the_home_page_routes_in_one_query_less(client, question_index):
    question = QuestionPageFactory(parent=question_index, title="Hoe ga je om met polarisatie?")
    warm(client, question.url)

    sql, response = queries_of(client, question.url)

    assert "Hoe ga je om met polarisatie?" in response.content.decode()
    # The index is fetched as its own type straight away: no generic row first.
    index_queries = [query for query in sql if "\"slug\" = 'vragen'" in query]
    assert index_queries == []


def test_kept_slugs_out_of_date_fall_back_to_wagtail(rf, question_index):
    request = rf.get("/vragen/")
    site_context.SiteContextMiddleware(lambda request: None).attach(request)
    kept = request._site_context
    kept.children[question_index.get_parent().pk] = {"vragen": (question_index.content_type_id, 0)}

    assert site_context.specific_child(request, question_index.get_parent(), "vragen") is None
    assert site_context.specific_child(request, question_index.get_parent(), "elders") is None


def test_a_new_menu_page_is_in_the_menu_at_once(client, site_root):
    warm(client, "/")
    about = StandardPage(title="Over ons", slug="over-ons", show_in_menus=True)
    site_root.add_child(instance=about)

    html = client.get("/").content.decode()

    assert 'href="/over-ons/"' in html


def test_the_kept_context_expires_after_its_maximum_age(client, site_root, settings):
    warm(client, "/")
    settings.SITE_CONTEXT_MAX_AGE = 0
    # A change no signal reports (an update() in another process's view, say).
    Site.objects.filter(is_default_site=True).update(site_name="Zonder signaal")

    assert "Zonder signaal" in client.get("/").content.decode()


def test_a_restriction_on_an_ancestor_still_applies(client, question_index):
    question = QuestionPageFactory(parent=question_index, title="Alleen voor leden")
    warm(client, question.url)
    PageViewRestriction.objects.create(
        page=question_index, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get(question.url)

    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_view_restrictions_are_one_query(question_index):
    question = QuestionPageFactory(parent=question_index)
    PageViewRestriction.objects.create(page=question_index, restriction_type="login")

    with CaptureQueriesContext(connection) as queries:
        restrictions = list(question.get_view_restrictions())

    assert len(queries) == 1
    assert [restriction.page_id for restriction in restrictions] == [question_index.pk]


def test_an_alias_takes_the_restrictions_of_its_source(question_index, site_root):
    question = QuestionPageFactory(parent=question_index)
    PageViewRestriction.objects.create(page=question, restriction_type="login")
    other_index = QuestionIndexPageFactory(parent=site_root, title="Elders", slug="elders")
    alias = question.create_alias(parent=other_index, update_slug="alias-vraag")

    restrictions = Page.objects.get(pk=alias.pk).specific.get_view_restrictions()

    assert [restriction.page_id for restriction in restrictions] == [question.pk]


def test_without_the_cache_or_database_the_request_goes_on(rf, monkeypatch, site_root):
    def broken():
        raise ConnectionError("cache down")

    monkeypatch.setattr(site_context, "generation", broken)
    seen = []
    middleware = site_context.SiteContextMiddleware(lambda request: seen.append(request))

    middleware(rf.get("/"))

    assert seen and not hasattr(seen[0], "_wagtail_site")


def test_only_writes_to_kept_pages_reload(question_index):
    before = site_context.generation()
    QuestionPageFactory(parent=question_index)  # below a child of the home page: never kept
    assert site_context.generation() == before

    question_index.title = "Alle vragen"
    question_index.save()  # a child of the home page: in the menu, routed by slug
    assert site_context.generation() > before


def test_a_moved_page_reloads(question_index, site_root):
    other_index = QuestionIndexPageFactory(parent=site_root, title="Archief", slug="archief")
    before = site_context.generation()

    question_index.move(other_index, pos="last-child")

    assert site_context.generation() > before


def test_unknown_hosts_get_no_kept_context(client, site_root, settings):
    settings.ALLOWED_HOSTS = ["testserver"]

    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert all(host != "attacker.example" for host, _port in site_context._kept)


def test_the_kept_hosts_are_bounded(rf, site_root, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["*"]
    monkeypatch.setattr(site_context, "MAX_HOSTS", 3)
    middleware = site_context.SiteContextMiddleware(lambda request: None)

    for number in range(10):
        middleware.attach(rf.get("/", HTTP_HOST=f"host{number}.example"))

    assert len(site_context._kept) <= 3
