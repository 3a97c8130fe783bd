"""A new visitor signs up in a real browser, verifies the address from the mail, logs out
and in again and fills in the profile; axe-core checks every form, error states included.

Locators use ids, names and addresses, not UI wording, so the tests hold in Dutch and English.
"""

import re

from django.core import mail

from playwright.sync_api import expect

from .axe import describe_violations

PASSWORD = "een lang wachtwoord voor de browser"  # noqa: S105 - a throwaway test account
EMAIL = "sanne.devries@example.org"
MY_PROFILE_LINK = "header nav.account-menu a[href='/community/mijn-profiel/']"
LOGIN_LINK = "header nav.account-menu a[href^='/accounts/login/']"


def assert_accessible(page, axe_violations, what):
    violations = axe_violations(page)
    assert violations == [], f"{what}:\n{describe_violations(violations)}"


def submit(page):
    page.locator("main form.community-form button[type=submit]").first.click()


def test_visitor_signs_up_verifies_logs_in_and_edits_the_profile(page, demo_site, axe_violations):
    from community.models import Profile, Topic

    # From the seed question, the header's sign-up link brings the visitor back afterwards.
    page.goto(demo_site.url_for(demo_site.question))
    page.locator("header nav.account-menu a[href^='/accounts/signup/']").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/\?next="))
    assert_accessible(page, axe_violations, "sign-up form")

    # A mistake first: the passwords differ.
    page.locator("#id_display_name").fill("Sanne de Vries")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD + " anders")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_password2")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe_violations, "sign-up form with errors")
    assert mail.outbox == []

    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page, axe_violations, "verification sent")
    assert [message.to for message in mail.outbox] == [[EMAIL]]

    # Not verified yet: logging in is refused.
    page.goto(demo_site.base_url + "/accounts/login/")
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.locator(LOGIN_LINK)).to_be_visible()

    # The link from the mail, then the confirm button: verified and logged in.
    link = re.search(r"https?://\S+/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    assert link.startswith(demo_site.base_url)
    page.goto(link)
    assert_accessible(page, axe_violations, "confirm e-mail")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(MY_PROFILE_LINK)).to_be_visible()

    # Log out through the header, then log in again.
    page.locator("header nav.account-menu a[href='/accounts/logout/']").click()
    assert_accessible(page, axe_violations, "log out")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(LOGIN_LINK)).to_be_visible()
    page.locator(LOGIN_LINK).click()
    assert_accessible(page, axe_violations, "login form")
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill("fout wachtwoord")
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page, axe_violations, "login form with errors")
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    expect(page.locator(MY_PROFILE_LINK)).to_be_visible()

    # The profile form: an error first (profession "other" without saying which).
    page.locator(MY_PROFILE_LINK).click()
    assert_accessible(page, axe_violations, "profile form")
    page.locator("#id_role").fill("Jongerenwerker")
    page.locator("#id_organisation").fill("Buurtwerk Venlo-Oost")
    page.locator("input[name=profession][value=other]").check()
    page.locator("#id_municipality").fill("Venlo")
    page.locator("#id_province").select_option("limburg")
    page.locator("#id_bio").fill("Tien jaar jongerenwerk in Venlo-Oost.")
    polarisation = Topic.objects.get(slug="polarisatie")
    page.locator(f"input[name=expertise][value='{polarisation.pk}']").check()
    page.locator("#id_weekly_digest").check()
    submit(page)
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_profession_other")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe_violations, "profile form with errors")

    page.locator("#id_profession_other").fill("Jeugdwerker buurthuis")
    submit(page)
    expect(page.locator("main .messages, .messages")).to_be_visible()
    profile = Profile.objects.get(user__email=EMAIL)
    assert profile.profession_other == "Jeugdwerker buurthuis"
    assert profile.weekly_digest is True
    assert list(profile.expertise.values_list("slug", flat=True)) == ["polarisatie"]

    # The public profile shows it, with the initials avatar.
    page.goto(demo_site.base_url + profile.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne de Vries")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Jongerenwerker, Buurtwerk Venlo-Oost")
    expect(main).to_contain_text("Jeugdwerker buurthuis")
    expect(main.locator(".avatar--initials")).to_have_text("SV")
    assert_accessible(page, axe_violations, "public profile")
