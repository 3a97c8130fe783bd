"""The interface is Dutch by default, whatever the browser asks; English is an explicit choice."""

from django.conf import settings

import pytest


@pytest.mark.django_db
def test_english_browser_still_gets_dutch(client, site_root):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_chooses_english(client, site_root):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en">' in response.content.decode()
