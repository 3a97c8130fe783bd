"""sitemap.xml lists the live public pages, the topic pages and the panels; robots.txt
points crawlers at it and keeps them out of the admin and members' pages."""

import io
import xml.etree.ElementTree as ET

from django.core.management import call_command
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from community.models import Topic
from panels.models import Panel
from questions.models import QuestionIndexPage, QuestionPage
from tests.questions.factories import QuestionIndexPageFactory, QuestionPageFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.django_db


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_sitemap_lists_the_demo_pages_topics_and_panel(client, demo):
    question = QuestionPage.objects.get()
    index = QuestionIndexPage.objects.get()

    listed = locations(client)

    assert question.get_full_url() in listed
    assert index.get_full_url() in listed
    assert "http://localhost/" in listed
    panel = Panel.objects.get()
    assert f"http://localhost{panel.get_absolute_url()}" in listed
    assert f"http://localhost{reverse('topics:index')}" in listed
    for topic in Topic.objects.all():
        assert f"http://localhost{reverse('topics:detail', args=[topic.slug])}" in listed
    # Every address is absolute, on the Wagtail site's own host, and listed once.
    assert all(url.startswith("http://localhost/") for url in listed)
    assert len(listed) == len(set(listed))


def test_sitemap_leaves_out_drafts_and_private_pages(client, site_root):
    question_index = QuestionIndexPageFactory(parent=site_root)
    live = QuestionPageFactory(parent=question_index, title="Gepubliceerd")
    draft = QuestionPageFactory(parent=question_index, title="Concept", live=False)
    private = QuestionPageFactory(parent=question_index, title="Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    listed = locations(client)

    assert live.get_full_url() in listed
    assert draft.get_full_url() not in listed
    assert private.get_full_url() not in listed


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /accounts/" in lines
    # The public pages stay open: nothing disallows the whole site.
    assert "Disallow: /" not in lines
