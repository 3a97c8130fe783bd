"""Logging a member in through the site's login form, as the browser tests do."""

from playwright.sync_api import expect

# The password the test factories give every member.
FACTORY_PASSWORD = "correct horse battery staple"  # noqa: S105


def log_in(page, demo_site, email, next_path, password=FACTORY_PASSWORD):
    """Log in as ``email`` from the login form and land on ``next_path``."""
    page.goto(f"{demo_site.base_url}/accounts/login/?next={next_path}")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(demo_site.base_url + next_path)
