"""Discovery in a real browser: a member filters the topic list of the ask form from the
keyboard, a visitor filters the question index by province and finds the panel sessions near
Limburg; axe-core finds no violations on any of them."""

import re

from playwright.sync_api import expect

from .accounts import log_in
from .axe import assert_no_axe_violations

MEMBER = "lotte@example.org"


def test_member_filters_topics_from_the_keyboard(page, demo_site):
    from tests.community.factories import verified_member

    verified_member(MEMBER, "Lotte Lid", province="limburg", municipality="Venlo")
    ask_path = f"/questions/ask/{demo_site.question_index.pk}/"
    log_in(page, demo_site, MEMBER, ask_path)

    # The profile's region is filled in.
    expect(page.locator("#id_province")).to_have_value("limburg")
    expect(page.locator("#id_municipality")).to_have_value("Venlo")

    search = page.locator("#id_topics_filter")
    expect(search).to_be_visible()
    checkboxes = page.locator("input[name=topics]")
    total = checkboxes.count()
    assert total > 2
    search.fill("polaris")
    # "polarisatie" and "depolarisatie" stay; the rest is hidden.
    expect(page.locator("input[name=topics]:visible")).to_have_count(2)
    expect(page.locator("#id_topics_filter_status")).not_to_be_empty()
    search.press("Enter")  # never sends the form
    expect(page).to_have_url(demo_site.base_url + ask_path)
    search.press("ArrowDown")
    focused = page.locator("input[name=topics]:focus")
    expect(focused).to_have_count(1)
    page.keyboard.press("Space")
    expect(focused).to_be_checked()
    assert_no_axe_violations(page)

    # A chosen topic stays in view whatever is typed next.
    search.fill("jongeren")
    expect(page.locator("input[name=topics]:checked:visible")).to_have_count(1)
    search.press("Escape")
    expect(page.locator("input[name=topics]:visible")).to_have_count(total)


def test_visitor_filters_questions_and_finds_sessions_nearby(page, demo_site):
    page.goto(demo_site.url_for(demo_site.question_index))
    page.locator("main form.question-filters select[name=topic]").select_option("polarisatie")
    page.locator("main form.question-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"topic=polarisatie"))
    expect(page.locator(".question-summary")).not_to_have_count(0)
    assert_no_axe_violations(page)

    page.goto(demo_site.base_url + "/panels/")
    page.locator("#id_province").select_option("noord-brabant")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"province=noord-brabant"))
    # Venlo (Limburg) borders Noord-Brabant: it is listed as nearby.
    nearby = page.locator("section[aria-labelledby=sessions-nearby-heading]")
    expect(nearby).to_contain_text("Venlo")
    assert_no_axe_violations(page)

    page.goto(demo_site.url_for(demo_site.question))
    expect(page.locator("#related-questions-heading, .resource-card").first).to_be_visible()
    assert_no_axe_violations(page)
