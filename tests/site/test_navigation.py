"""The site header: the menu pages, then the topic index and the panel sessions of the apps."""

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def demo(db, root_page):
    call_command("load_demo", verbosity=0)


def main_navigation(client, path):
    response = client.get(path)
    assert response.status_code == 200
    nav = BeautifulSoup(response.content, "html.parser").find("nav", class_="site-nav")
    return {a.get_text(strip=True): a for a in nav.find_all("a")}


def test_the_header_links_the_topics_and_the_panel_sessions(demo, client):
    links = main_navigation(client, "/")

    assert links["Onderwerpen"]["href"] == "/onderwerpen/"
    assert links["Panelgesprekken"]["href"] == "/panels/"
    assert not any(a.has_attr("aria-current") for a in links.values())


@pytest.mark.parametrize(
    ("path", "label"), [("/onderwerpen/", "Onderwerpen"), ("/panels/", "Panelgesprekken")]
)
def test_the_current_section_is_marked(demo, client, path, label):
    links = main_navigation(client, path)

    assert links[label]["aria-current"] == "page"
