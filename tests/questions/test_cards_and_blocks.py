"""Resource and author cards and the motivation's blocks, rendered on their own."""

import datetime

from django.template.loader import render_to_string

import pytest
from bs4 import BeautifulSoup

from questions.blocks import (
    ContactPersonsBlock,
    HeadingBlock,
    MotivationBlock,
    PanelSessionsBlock,
    ResourceBlock,
)
from tests.community.factories import ContactPersonFactory, ProfileFactory
from tests.panels.factories import PanelFactory, PanelSessionFactory
from tests.questions.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def soup(html):
    return BeautifulSoup(html, "html.parser")


class TestResourceCard:
    def test_title_links_to_the_resource_with_publisher_year_and_summary(self):
        resource = ResourceFactory(
            title="Van polarisatie naar verbinding in buurten",
            publisher="VNG",
            year=2021,
            summary="Handreiking van het Kennisplatform Integratie en Samenleving.",
        )
        card = soup(
            render_to_string(
                "questions/includes/resource_card.html",
                {"resource": resource, "heading_level": 3},
            )
        ).article
        assert card.h3.a["href"] == resource.url
        assert card.h3.a.get_text() == "Van polarisatie naar verbinding in buurten"
        assert card.find(class_="resource-card__meta").get_text() == "VNG, 2021"
        assert card.find(class_="resource-card__summary").get_text().startswith("Handreiking")

    @pytest.mark.parametrize(("level", "tag"), [(2, "h2"), (3, "h3"), (4, "h4"), (None, "p")])
    def test_title_is_a_heading_only_at_the_level_asked_for(self, level, tag):
        html = render_to_string(
            "questions/includes/resource_card.html",
            {"resource": ResourceFactory(), "heading_level": level},
        )
        title = soup(html).find(class_="resource-card__title")
        assert title.name == tag
        if tag == "p":
            assert soup(html).find(["h1", "h2", "h3", "h4", "h5", "h6"]) is None

    def test_optional_fields_leave_no_stray_punctuation(self):
        resource = ResourceFactory(publisher="", year=None, summary="")
        card = soup(
            render_to_string("questions/includes/resource_card.html", {"resource": resource})
        )
        assert card.find(class_="resource-card__meta") is None
        assert card.find(class_="resource-card__summary") is None

    def test_year_only(self):
        resource = ResourceFactory(publisher="", year=2020)
        card = soup(
            render_to_string("questions/includes/resource_card.html", {"resource": resource})
        )
        assert card.find(class_="resource-card__meta").get_text() == "2020"

    def test_title_and_summary_are_escaped(self):
        resource = ResourceFactory(title="<b>Vet</b>", summary="<script>x</script>")
        html = render_to_string("questions/includes/resource_card.html", {"resource": resource})
        assert "<b>" not in html
        assert "<script>" not in html

    def test_no_resource_renders_nothing(self):
        html = render_to_string("questions/includes/resource_card.html", {"resource": None})
        assert html.strip() == ""

    def test_resource_block_renders_the_card_with_an_h3(self):
        resource = ResourceFactory()
        block = ResourceBlock()
        html = block.render(block.to_python({"resource": resource.pk}))
        assert soup(html).h3.a["href"] == resource.url


class TestAuthorCard:
    def test_name_role_and_organisation(self):
        profile = ProfileFactory(
            display_name="Farid Bouchlaghmi", role="Sr. adviseur", organisation="Platform JEP"
        )
        card = soup(render_to_string("questions/includes/author_card.html", {"profile": profile}))
        assert card.find(class_="author-card__name").get_text() == "Farid Bouchlaghmi"
        assert card.find(class_="author-card__role").get_text() == "Sr. adviseur, Platform JEP"
        assert card.find(attrs={"role": "img"})

    def test_role_only(self):
        profile = ProfileFactory(role="Sr. adviseur", organisation="")
        card = soup(render_to_string("questions/includes/author_card.html", {"profile": profile}))
        assert card.find(class_="author-card__role").get_text() == "Sr. adviseur"

    def test_former_member(self):
        card = soup(render_to_string("questions/includes/author_card.html", {"profile": None}))
        assert card.find(class_="author-card__name")
        assert card.find(class_="avatar--former")
        assert card.find(class_="author-card__role") is None


class TestMotivationBlocks:
    def test_heading_is_an_h3(self):
        block = HeadingBlock()
        html = block.render(block.to_python({"text": "Ervaringen uitwisselen"}))
        assert soup(html).h3.get_text() == "Ervaringen uitwisselen"

    def test_paragraph_renders_its_rich_text(self):
        stream = MotivationBlock()
        value = stream.to_python([{"type": "paragraph", "value": "<p>Werk <b>jij</b>?</p>"}])
        html = value.render_as_block()
        assert soup(html).find(class_="motivation__text").b.get_text() == "jij"

    def test_panel_sessions_list_the_panels_sessions_in_the_seed_wording(self):
        panel = PanelFactory()
        PanelSessionFactory(
            panel=panel,
            date=datetime.date(2022, 10, 5),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(11, 30),
            city="Alkmaar",
        )
        block = PanelSessionsBlock()
        html = block.render(block.to_python({"panel": panel.pk, "intro": "<p>Meld je aan</p>"}))
        parsed = soup(html)
        assert "Meld je aan" in parsed.get_text()
        items = [span.get_text(strip=True) for span in parsed.select(".session-list__label")]
        assert items == ["Woensdag 5 oktober (09:30 – 11:30 uur) in Alkmaar"]

    def test_contact_persons_with_organisation_and_mailto(self):
        people = [
            ContactPersonFactory(
                name="Hannes van de Ven",
                organisation="Nederlands Jeugdinstituut",
                email="h.vandeven@nji.nl",
            ),
            ContactPersonFactory(name="Mike Loef", organisation="", email="m.loef@nji.nl"),
        ]
        block = ContactPersonsBlock()
        html = block.render(
            block.to_python({"intro": "Voor vragen:", "people": [p.pk for p in people]})
        )
        parsed = soup(html)
        assert parsed.p.get_text() == "Voor vragen:"
        items = parsed.select(".contact-list__item")
        assert (
            items[0]
            .get_text(" ", strip=True)
            .startswith("Hannes van de Ven (Nederlands Jeugdinstituut)")
        )
        assert items[0].a["href"] == "mailto:h.vandeven@nji.nl"
        assert "()" not in items[1].get_text()
        assert items[1].a["href"] == "mailto:m.loef@nji.nl"

    def test_a_deleted_contact_person_is_skipped(self):
        person = ContactPersonFactory()
        block = ContactPersonsBlock()
        value = block.to_python({"intro": "", "people": [person.pk]})
        person.delete()
        value = block.to_python({"intro": "", "people": [person.pk]})
        assert soup(block.render(value)).select(".contact-list__item") == []
