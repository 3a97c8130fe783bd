"""Members log in ("Inloggen"); "Aanmelden" on this site means applying for a panel."""

from django.urls import reverse

import pytest


@pytest.mark.django_db
def test_login_page_says_inloggen_not_aanmelden(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "<h1>Inloggen</h1>" in html.replace("\n", "").replace("  ", "") or ">Inloggen<" in html
    assert "Aanmelden" not in html
    assert "Maak er eerst een aan" in html
