"""The Community issue's end-to-end promise in one real browser run: a new visitor signs up
from the header, verifies the address from the mail, follows the seed question and replies on
it; the first post waits for approval (only its author sees it) until an editor publishes it in
Wagtail's admin, after which every visitor sees it. Assertions read the Dutch UI's text.
"""

import re

from django.core import mail

from playwright.sync_api import expect

from .axe import describe_violations

PASSWORD = "een lang wachtwoord voor de reis"  # noqa: S105 - a throwaway test account
EDITOR_PASSWORD = "redacteur-wachtwoord-reis-1"  # noqa: S105 - a throwaway test account
EMAIL = "noor.bakker@example.org"
REPLY_TEXT = "Wij nodigen beide groepen apart uit en luisteren eerst, zonder te oordelen."


def test_new_visitor_signs_up_follows_replies_and_an_editor_publishes_it(
    page, demo_site, axe_violations
):
    from django.contrib.auth import get_user_model

    from questions.models import Reply

    question_url = demo_site.url_for(demo_site.question)

    # Sign up through the header's "Registreren" link on the seed question.
    page.goto(question_url)
    header = page.locator("header")
    header.get_by_role("link", name="Registreren", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/"))
    page.locator("#id_display_name").fill("Noor Bakker")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert [message.to for message in mail.outbox] == [[EMAIL]]

    # The verification link from the mail, then the confirm button: logged in.
    link = re.search(r"https?://\S+/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    page.locator("main form button[type=submit]").click()
    expect(header.get_by_role("link", name="Mijn profiel")).to_be_visible()
    expect(header.get_by_role("link", name="Registreren", exact=True)).to_have_count(0)

    # The seed question: follow it.
    page.goto(question_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("polarisatie")
    page.get_by_role("button", name="Volg deze vraag").click()
    expect(page.get_by_text("Je volgt deze vraag.", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Niet meer volgen")).to_be_visible()

    # The reply form is there, and the page passes axe with it visible.
    expect(page.get_by_role("heading", name="Reageer op deze vraag")).to_be_visible()
    expect(page.locator("#id_body")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    # The first post waits for approval; its author sees it marked so.
    page.locator("#id_body").fill(REPLY_TEXT)
    page.get_by_role("button", name="Reactie plaatsen").click()
    reply = Reply.objects.get(author__user__email=EMAIL)
    assert reply.status == Reply.Status.PENDING
    article = page.locator(f"#reactie-{reply.pk}")
    expect(article).to_contain_text(REPLY_TEXT)
    expect(article).to_contain_text("Wacht op goedkeuring: alleen jij ziet dit")

    # An anonymous visitor, in a context of their own, does not see it.
    visitor_context = page.context.browser.new_context(locale="nl-NL")
    visitor = visitor_context.new_page()
    visitor.goto(question_url)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("polarisatie")
    expect(visitor.get_by_text("Log in om te reageren of deze vraag te volgen")).to_be_visible()
    expect(visitor.get_by_role("main")).not_to_contain_text(REPLY_TEXT)

    # An editor publishes it from the admin's pending replies.
    get_user_model().objects.create_superuser("redacteur", "redactie@example.org", EDITOR_PASSWORD)
    editor_context = page.context.browser.new_context(locale="nl-NL")
    editor = editor_context.new_page()
    editor.goto(demo_site.base_url + "/admin/login/")
    editor.locator("#id_username").fill("redacteur")
    editor.locator("#id_password").fill(EDITOR_PASSWORD)
    editor.locator("form button[type=submit]").first.click()
    expect(editor).to_have_url(re.compile(r"/admin/$"))
    editor.goto(demo_site.base_url + "/admin/snippets/questions/reply/?status=pending")
    row = editor.locator("tbody tr", has_text="Wij nodigen beide groepen")
    row.locator("button.w-dropdown__toggle").click()
    editor.locator(f"a[href*='/admin/bulk/questions/reply/publish/?id={reply.pk}&']").click()
    editor.locator("main form button[type=submit]").click()
    expect(editor).to_have_url(re.compile(r"/admin/snippets/questions/reply/"))
    reply.refresh_from_db()
    assert reply.status == Reply.Status.PUBLISHED

    # Now the anonymous visitor sees the reply, by its author, without the pending mark.
    visitor.reload()
    published = visitor.locator(f"#reactie-{reply.pk}")
    expect(published).to_contain_text(REPLY_TEXT)
    expect(published).to_contain_text("Noor Bakker")
    expect(published).not_to_contain_text("Wacht op goedkeuring")
    visitor_context.close()
    editor_context.close()
