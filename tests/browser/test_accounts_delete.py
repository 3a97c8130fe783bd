"""A member downloads their data and deletes their account in a real browser, keeping their
reply as "former member"; axe-core checks the deletion form and its error state."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe import describe_violations

PASSWORD = "correct horse battery staple"  # noqa: S105 - the test factories' password
MY_PROFILE_LINK = "header nav.account-menu a[href='/community/mijn-profiel/']"


@pytest.fixture
def member_with_reply(demo_site):
    from questions.models import Reply
    from tests.community.factories import verified_member

    user = verified_member("sanne@example.org", "Sanne de Vries")
    reply = Reply.objects.create(
        question=demo_site.question,
        author=user.profile,
        body="<p>In ons buurthuis praten we eerst met de jongeren zelf.</p>",
        status=Reply.Status.PUBLISHED,
    )
    return user, reply


def log_in(page, demo_site):
    page.goto(demo_site.base_url + "/accounts/login/")
    page.locator("#id_login").fill("sanne@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(
        page.locator("header nav.account-menu a[href='/community/mijn-profiel/']")
    ).to_be_visible()


def test_member_downloads_data_and_deletes_the_account(
    page, demo_site, member_with_reply, axe_violations
):
    from community.models import Profile
    from questions.models import Reply

    user, reply = member_with_reply
    log_in(page, demo_site)
    page.goto(demo_site.base_url + "/community/mijn-profiel/")

    with page.expect_download() as download_info:
        page.locator("a[href='/community/mijn-profiel/gegevens/']").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["display_name"] == "Sanne de Vries"
    assert [item["id"] for item in data["content"]["replies"]["items"]] == [reply.pk]

    page.locator("a[href='/community/mijn-profiel/verwijderen/']").click()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    # Without a choice and with a wrong password: the errors, accessibly.
    page.locator("#id_password").fill("fout wachtwoord")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    page.locator("input[name=replies][value=keep]").check()
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header nav.account-menu a[href^='/accounts/login/']")).to_be_visible()

    assert not Profile.objects.filter(pk=user.profile.pk).exists()
    assert Reply.objects.get(pk=reply.pk).author is None
    page.goto(demo_site.url_for(demo_site.question))
    main = page.get_by_role("main")
    expect(main).to_contain_text("In ons buurthuis praten we eerst met de jongeren zelf.")
    expect(main).not_to_contain_text("Sanne de Vries")
