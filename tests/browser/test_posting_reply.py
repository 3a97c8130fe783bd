"""Posting in a real browser: a verified member logs in and replies on the seed question with
the formatting toolbar and sees the reply; a new member's first reply waits until an editor
approves it in the admin; axe-core finds no violations on the reply form, its error state
and its personal-data warning.

Locators use ids, names and addresses rather than UI wording, so the tests hold in Dutch.
"""

import re

from django.contrib.auth.models import Group, Permission
from django.core import mail

import pytest
from playwright.sync_api import expect

from .accounts import log_in
from .axe import assert_no_axe_violations

EDITOR_PASSWORD = "reply-editor-password-1"  # noqa: S105 - a throwaway test account
MEMBER = "sanne@example.org"


@pytest.fixture
def member(demo_site):
    from tests.community.factories import verified_member

    return verified_member(MEMBER, "Sanne de Vries").profile


@pytest.fixture
def reply_editor(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "reactieredacteur", "redactie@example.org", EDITOR_PASSWORD
    )
    group = Group.objects.create(name="Reactieredactie")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="questions", codename__in=["view_reply", "change_reply"]
        ),
    )
    user.groups.add(group)
    return user


def question_path(demo_site):
    return demo_site.question.get_url_parts()[2]


def write_reply(page):
    """Type a reply with the toolbar: a paragraph, then a bold word inserted with the button."""
    expect(page.locator(".rich-toolbar")).to_be_visible()
    body = page.locator("#id_body")
    body.fill("In ons buurthuis werkte een gesprek met beide groepen. ")
    body.press("End")
    page.locator(".rich-toolbar button[data-wrap=strong]").click()
    # The toolbar selected its placeholder inside the new tags: typing replaces it.
    page.keyboard.type("samen")
    expect(body).to_have_value(
        "In ons buurthuis werkte een gesprek met beide groepen. <strong>samen</strong>"
    )


def test_member_replies_on_the_seed_question_and_sees_it(page, demo_site, member, settings):
    from questions.models import Reply

    settings.QUESTIONS_MODERATE_FIRST_POSTS = 0
    path = question_path(demo_site)
    log_in(page, demo_site, MEMBER, path)

    toolbar = page.locator(".rich-toolbar")
    expect(toolbar).to_be_visible()
    expect(toolbar).to_have_attribute("role", "toolbar")
    assert_no_axe_violations(page)

    write_reply(page)
    page.locator("form.reply-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(demo_site.base_url + path) + r"#reactie-\d+$"))
    reply = Reply.objects.get(author=member)
    assert reply.status == Reply.Status.PUBLISHED
    article = page.locator(f"#reactie-{reply.pk}")
    expect(article).to_contain_text("In ons buurthuis werkte een gesprek met beide groepen.")
    expect(article.locator(".reply__body strong")).to_have_text("samen")
    expect(article.locator(".author-card__name")).to_have_text("Sanne de Vries")
    # The replier follows the question now.
    expect(page.locator("form.follow-form input[name=action]")).to_have_value("unfollow")

    # Everyone sees it.
    visitor = page.context.browser.new_page()
    visitor.goto(demo_site.base_url + path)
    expect(visitor.locator(f"#reactie-{reply.pk} .reply__body")).to_contain_text("samen")
    visitor.close()


def test_first_reply_waits_until_an_editor_approves_it(page, demo_site, member, reply_editor):
    from questions.models import Reply

    path = question_path(demo_site)
    log_in(page, demo_site, MEMBER, path)
    page.locator("#id_body").fill("Mijn eerste bijdrage: luister eerst naar de jongeren.")
    page.locator("form.reply-form button[type=submit]").click()

    reply = Reply.objects.get(author=member)
    assert reply.status == Reply.Status.PENDING
    article = page.locator(f"#reactie-{reply.pk}")
    expect(article.locator(".badge--pending")).to_be_visible()
    assert_no_axe_violations(page)

    visitor = page.context.browser.new_page()
    visitor.goto(demo_site.base_url + path)
    expect(visitor.locator(f"#reactie-{reply.pk}")).to_have_count(0)

    # The editor finds it among the pending replies and publishes it.
    editor = page.context.browser.new_page()
    editor.goto(demo_site.base_url + "/admin/login/")
    editor.locator("#id_username").fill("reactieredacteur")
    editor.locator("#id_password").fill(EDITOR_PASSWORD)
    editor.locator("form button[type=submit]").first.click()
    expect(editor).to_have_url(re.compile(r"/admin/$"))
    editor.goto(demo_site.base_url + "/admin/snippets/questions/reply/?status=pending")
    row = editor.locator("tbody tr", has_text="Mijn eerste bijdrage")
    # The row's "More" menu offers the moderation that would change this reply.
    row.locator("button.w-dropdown__toggle").click()
    editor.locator(f"a[href*='/admin/bulk/questions/reply/publish/?id={reply.pk}&']").click()
    editor.locator("#id_reason").fill("Welkom!")
    editor.locator("main form button[type=submit]").click()
    expect(editor).to_have_url(re.compile(r"/admin/snippets/questions/reply/"))

    reply.refresh_from_db()
    assert reply.status == Reply.Status.PUBLISHED
    assert reply.moderation_reason == "Welkom!"
    visitor.reload()
    expect(visitor.locator(f"#reactie-{reply.pk}")).to_contain_text("luister eerst")
    told = [m for m in mail.outbox if m.to == [MEMBER]]
    assert len(told) == 1
    assert f"#reactie-{reply.pk}" in told[0].body
    visitor.close()
    editor.close()


def test_reply_form_has_no_axe_violations_also_with_errors(page, demo_site, member, settings):
    from questions.models import Reply

    settings.QUESTIONS_MODERATE_FIRST_POSTS = 0
    reply_path = f"/questions/{demo_site.question.pk}/reply/"
    log_in(page, demo_site, MEMBER, reply_path)
    # Open the optional parts so axe checks their fields too.
    for summary in page.locator("form.reply-form details > summary").all():
        summary.click()
    expect(page.locator("#id_what_happened")).to_be_visible()
    assert_no_axe_violations(page)

    # Nothing written: the error summary takes the focus and links to the box.
    page.locator("form.reply-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_body']")).to_be_visible()
    expect(page.locator("#id_body")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    # Personal data: a warning (not an error) with a box to post anyway; nothing is lost.
    text = "Bel Yusuf op 06-12345678 als het weer misgaat."
    page.locator("#id_body").fill(text)
    page.locator("form.reply-form button[type=submit]").click()
    warning = page.locator("#personal-data-warning")
    expect(warning).to_be_focused()
    expect(warning).to_contain_text("06-12345678")
    expect(page.locator("#error-summary")).to_have_count(0)
    expect(page.locator("#id_body")).to_have_value(text)
    assert_no_axe_violations(page)
    assert not Reply.objects.filter(author=member).exists()

    page.locator("#id_confirm_personal_data").check()
    page.locator("form.reply-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#reactie-\d+$"))
    assert "06-12345678" in Reply.objects.get(author=member).body


def test_toolbar_works_with_the_keyboard(page, demo_site, member):
    path = question_path(demo_site)
    log_in(page, demo_site, MEMBER, path)
    expect(page.locator(".rich-toolbar")).to_be_visible()
    body = page.locator("#id_body")
    body.fill("")
    body.focus()
    # Ctrl+I in the box, and arrow keys between the toolbar's buttons.
    page.keyboard.press("Control+i")
    page.keyboard.type("schuin")
    expect(body).to_have_value("<em>schuin</em>")
    buttons = page.locator(".rich-toolbar button")
    buttons.first.focus()
    page.keyboard.press("ArrowRight")
    expect(buttons.nth(1)).to_be_focused()
    page.keyboard.press("End")
    expect(buttons.last).to_be_focused()
    expect(buttons.first).to_have_attribute("tabindex", "-1")
    expect(buttons.last).to_have_attribute("tabindex", "0")
