"""The seed's panels end to end in a real browser: a visitor applies for the Venlo session
from the seed question, sees the receipt; an editor confirms the application in the admin;
the confirmation e-mail carries the venue. axe-core checks the form, errors included.

Locators use ids and addresses, not UI wording, so the tests hold once Dutch translations
land (the browser asks for Dutch, the site's default language).
"""

import re

from django.contrib.auth.models import Group, Permission
from django.core import mail

import pytest
from playwright.sync_api import expect

from .axe import describe_violations

EDITOR_PASSWORD = "panel-editor-password-1"  # noqa: S105 - a throwaway test account


@pytest.fixture
def venlo(demo_site):
    from panels.models import PanelSession

    return PanelSession.objects.get(panel__slug__isnull=False, city="Venlo")


@pytest.fixture
def panel_editor(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        "panelredacteur", "panelredacteur@example.org", EDITOR_PASSWORD
    )
    group = Group.objects.create(name="Panelredactie")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="panels", codename="change_registration"),
    )
    user.groups.add(group)
    return user


def fill_application(page):
    page.locator("#id_name").fill("Sanne de Vries")
    page.locator("#id_email").fill("sanne.devries@example.org")
    page.locator("#id_organisation").fill("Jongerenwerk Venlo")
    page.locator("input[name=profession][value=jongerenwerker]").check()
    page.locator("#id_municipality").fill("Venlo")
    page.locator("#id_years_experience").fill("7")
    page.locator("#id_motivation").fill(
        "In het buurthuis merk ik dat discussies over de opvang snel escaleren."
    )
    page.locator("#id_needs").fill("Vegetarisch")
    page.locator("#id_consent").check()


def test_visitor_applies_and_editor_confirms(page, demo_site, venlo, panel_editor, axe_violations):
    from panels.models import Registration

    apply_path = f"/panels/session/{venlo.pk}/apply/"
    page.goto(demo_site.url_for(demo_site.question))
    page.locator(f"a[href='{apply_path}']").click()
    expect(page).to_have_url(re.compile(re.escape(apply_path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Venlo")
    # The exact venue is for confirmed participants only.
    expect(page.get_by_role("main")).not_to_contain_text("De Wieën")

    fill_application(page)
    page.locator("form.panels-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/panels/application/[\w-]{40,}/received/$"))
    expect(page.get_by_role("main")).to_contain_text("Sanne de Vries")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    registration = Registration.objects.get(email="sanne.devries@example.org")
    assert registration.state == "applied"
    assert registration.session == venlo
    assert [m.to for m in mail.outbox] == [["sanne.devries@example.org"]]
    assert registration.token in mail.outbox[0].body
    mail.outbox.clear()

    page.goto(demo_site.base_url + "/admin/login/")
    page.locator("#id_username").fill("panelredacteur")
    page.locator("#id_password").fill(EDITOR_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(demo_site.base_url + f"/admin/panels/sessions/{venlo.pk}/")
    row = page.locator("#panels-selection-form tr", has_text="Sanne de Vries")
    expect(row).to_contain_text("Jongerenwerk Venlo")
    page.locator(f"#registration-{registration.pk}").check()
    page.locator("button[name=action][value=confirm]").click()
    expect(page.locator(f"#registration-{registration.pk}")).not_to_be_checked()

    registration.refresh_from_db()
    assert registration.state == "confirmed"
    (confirmation,) = [m for m in mail.outbox if m.to == ["sanne.devries@example.org"]]
    assert "Wijkcentrum De Wieën" in confirmation.body
    assert "Kaldenkerkerweg 12" in confirmation.body
    assert confirmation.attachments[0][0].endswith(".ics")


def test_application_form_has_no_axe_violations_also_with_errors(
    page, demo_site, venlo, axe_violations
):
    page.goto(demo_site.base_url + f"/panels/session/{venlo.pk}/apply/")
    expect(page.locator("#id_name")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    # Submit with mistakes: every invalid field gets its message beside it.
    page.locator("#id_name").fill("Sanne de Vries")
    page.locator("#id_email").fill("geen-adres")
    page.locator("input[name=profession][value=other]").check()
    page.locator("form.panels-form button[type=submit]").click()

    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    for field in [
        "email",
        "organisation",
        "profession_other",
        "municipality",
        "motivation",
        "consent",
    ]:
        expect(page.locator(f"#id_{field}_error")).to_be_visible()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    # Nothing typed is lost.
    expect(page.locator("#id_name")).to_have_value("Sanne de Vries")
    expect(page.locator("#id_email")).to_have_value("geen-adres")
    expect(page.locator("input[name=profession][value=other]")).to_be_checked()

    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_panel_page_has_no_axe_violations(page, demo_site, venlo, axe_violations):
    page.goto(demo_site.base_url + venlo.panel.get_absolute_url())
    expect(page.locator(f"a[href='/panels/session/{venlo.pk}/apply/']")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
