"""allauth's other pages in the site's layout: axe-core finds no WCAG 2.1 A/AA violation on
them, for a visitor and for a logged-in member, and on the public profile page."""

import pytest
from playwright.sync_api import expect

from .axe import describe_violations

PASSWORD = "correct horse battery staple"  # noqa: S105 - the test factories' password


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"]
)
def test_visitor_pages_have_no_axe_violations(page, demo_site, axe_violations, path):
    page.goto(demo_site.base_url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    violations = axe_violations(page)

    assert violations == [], describe_violations(violations)


def test_member_pages_have_no_axe_violations(page, demo_site, axe_violations):
    from tests.community.factories import verified_member

    user = verified_member("sanne@example.org", "Sanne de Vries")
    page.goto(demo_site.base_url + "/accounts/login/")
    page.locator("#id_login").fill("sanne@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("header nav.account-menu a[href='/accounts/logout/']")).to_be_visible()

    for path in [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/logout/",
        user.profile.get_absolute_url(),
    ]:
        page.goto(demo_site.base_url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        violations = axe_violations(page)
        assert violations == [], f"{path}:\n{describe_violations(violations)}"

    # The e-mail change's error state, and with a change pending verification.
    page.goto(demo_site.base_url + "/accounts/email/")
    page.locator("#id_email").fill("geen-adres")
    page.locator("main form button[name=action_add]").click()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    page.locator("#id_email").fill("sanne.nieuw@example.org")
    page.locator("main form button[name=action_add]").click()
    expect(page.locator("#new_email")).to_have_value("sanne.nieuw@example.org")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
