"""A visitor browses the demo by topic: from the topic index to "polarisatie", then narrows
the topic page to Limburg and finds the Venlo session; both pages pass axe-core."""

import re

from playwright.sync_api import expect

from .axe import describe_violations

QUESTION = (
    "Wat zijn jouw ervaringen als jeugdprofessional in het voorkomen/tegengaan van polarisatie?"
)


def test_visitor_filters_a_topic_page_by_region(page, demo_site):
    response = page.goto(demo_site.base_url + "/onderwerpen/")
    assert response.status == 200
    page.get_by_role("link", name="polarisatie", exact=True).click()

    expect(page).to_have_url(re.compile(r"/onderwerpen/polarisatie/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("polarisatie")
    questions = page.locator("section#questions")
    expect(questions.get_by_role("link", name=QUESTION)).to_be_visible()
    sessions = page.locator("section#sessions")
    for city in ("Venlo", "Alkmaar", "Gorinchem", "Assen"):
        expect(sessions).to_contain_text(city)
    expect(page.locator("section#resources")).to_contain_text("Van polarisatie naar verbinding")

    page.get_by_label(re.compile("^Provin")).select_option("limburg")
    page.locator("form.topic-filter button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"province=limburg"))
    expect(page.get_by_role("status")).to_contain_text("Limburg")
    expect(sessions).to_contain_text("Venlo")
    for city in ("Alkmaar", "Gorinchem", "Assen"):
        expect(sessions).not_to_contain_text(city)
    # The seed question names no province, so it is not in Limburg.
    expect(questions.get_by_role("link", name=QUESTION)).to_have_count(0)
    # The filter keeps its choice, so the visitor sees what the list is narrowed to.
    expect(page.get_by_label(re.compile("^Provin"))).to_have_value("limburg")


def test_topic_pages_have_no_axe_violations(page, demo_site, axe_violations):
    for path in (
        "/onderwerpen/",
        "/onderwerpen/polarisatie/",
        "/onderwerpen/polarisatie/?province=limburg",
    ):
        page.goto(demo_site.base_url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

        violations = axe_violations(page)

        assert violations == [], f"{path}:\n" + describe_violations(violations)
