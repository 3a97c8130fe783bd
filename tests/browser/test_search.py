"""A visitor searches the site from the header: "polarisatie" leads to the seed question.
The search page, with results and without, has no WCAG 2.1 A/AA violations axe can find."""

from playwright.sync_api import expect

from .axe import describe_violations

QUESTION = (
    "Wat zijn jouw ervaringen als jeugdprofessional in het voorkomen/tegengaan van polarisatie?"
)


def test_visitor_finds_the_seed_question_from_the_header(page, demo_site, axe_violations):
    page.goto(demo_site.url_for(demo_site.home))
    header_search = page.get_by_role("banner").get_by_role("searchbox")
    # Keyboard only: focus the field, type, press Enter.
    header_search.focus()
    page.keyboard.type("polarisatie")
    page.keyboard.press("Enter")

    page.wait_for_url("**/zoeken/?q=polarisatie")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("polarisatie")
    results = page.get_by_role("main").get_by_role("list").first
    expect(results.get_by_role("listitem").first).to_contain_text(QUESTION)
    expect(results.locator("mark").first).to_have_text("polarisatie")

    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    results.get_by_role("link", name=QUESTION).click()
    page.wait_for_url(demo_site.url_for(demo_site.question))
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION)


def test_search_without_results_has_no_axe_violations(page, demo_site, axe_violations):
    page.goto(f"{demo_site.base_url}/zoeken/?q=onvindbaarwoord")
    expect(page.get_by_role("status")).to_contain_text("onvindbaarwoord")
    expect(page.locator(".search-result")).to_have_count(0)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_refused_filters_have_no_axe_violations(page, demo_site, axe_violations):
    page.goto(
        f"{demo_site.base_url}/zoeken/?q=polarisatie&date_from=2023-01-01&date_until=2022-01-01"
    )
    until = page.get_by_role("main").locator("#id_date_until")
    expect(until).to_have_attribute("aria-invalid", "true")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
