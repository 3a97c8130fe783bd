"""Asking in a real browser: a verified member asks a question from the question index, sees
it "in review" on their questions, and axe-core finds no violations on the form (also with
errors) and on the member's pages."""

import re

from playwright.sync_api import expect

from .accounts import log_in
from .axe import assert_no_axe_violations

MEMBER = "sanne@example.org"
TITLE = "Hoe houd je het gesprek gaande als een groep dichtklapt?"


def test_member_asks_a_question_and_sees_it_in_review(page, demo_site):
    from questions.models import QuestionPage
    from tests.community.factories import verified_member

    member = verified_member(MEMBER, "Sanne de Vries").profile
    index_path = demo_site.question_index.get_url_parts()[2]
    log_in(page, demo_site, MEMBER, index_path)

    ask_path = f"/questions/ask/{demo_site.question_index.pk}/"
    page.locator(f".question-actions a[href='{ask_path}']").click()
    expect(page).to_have_url(demo_site.base_url + ask_path)
    expect(page.locator(".rich-toolbar")).to_be_visible()
    assert_no_axe_violations(page)

    # Sent empty: the error summary, focused, linking to the question field.
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary a[href='#id_title']")).to_be_visible()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_explanation").fill("Soms valt een groep jongeren ineens stil.")
    page.locator("main form button[type=submit]").click()

    draft = QuestionPage.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/questions/mine/{draft.pk}/$"))
    expect(page.locator(".status--in_review")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_no_axe_violations(page)
    assert draft.author == member
    assert not draft.live

    page.goto(demo_site.base_url + "/questions/mine/")
    expect(page.locator(".question-summary .status--in_review")).to_be_visible()
    assert_no_axe_violations(page)

    # Not on the site for anyone else yet.
    visitor = page.context.browser.new_page()
    visitor.goto(demo_site.base_url + index_path)
    expect(visitor.get_by_role("main")).not_to_contain_text(TITLE)
    visitor.close()
