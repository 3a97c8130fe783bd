"""A visitor opens the seed question in a real browser: the thread reads as published and
the page has no WCAG 2.1 A/AA violations that axe-core can find."""

import re

from playwright.sync_api import expect

from .axe import describe_violations

QUESTION = (
    "Wat zijn jouw ervaringen als jeugdprofessional in het voorkomen/tegengaan van polarisatie?"
)


def test_visitor_reads_the_seed_question(page, demo_site):
    response = page.goto(demo_site.url_for(demo_site.question))

    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION)
    main = page.get_by_role("main")
    expect(main).to_contain_text("31 augustus 2022")
    expect(main).to_contain_text("Farid Bouchlaghmi")
    expect(main).to_contain_text("We krijgen signalen dat professionals soms worstelen")
    expect(main).to_contain_text("Ervaringen uitwisselen met andere professionals")
    expect(main).to_contain_text("Hidde Boonstra")
    expect(main).to_contain_text("Venlo")
    # The alt text's wording ("Profielfoto van …") is a UI string, translated later.
    expect(main.get_by_role("img", name=re.compile("Farid Bouchlaghmi"))).to_be_visible()


def test_seed_question_has_no_axe_violations(page, demo_site, axe_violations):
    page.goto(demo_site.url_for(demo_site.question))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe_violations(violations)
