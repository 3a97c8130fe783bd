"""Fixtures for the panels tests: a seed-like panel, members and editors."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest

from tests.community.factories import ContactPersonFactory, UserFactory

from .factories import PanelFactory, PanelSessionFactory


@pytest.fixture
def panel(db):
    """A panel with the seed's contact person, four weeks ahead of its first session."""
    panel = PanelFactory(title="Panelgesprekken polarisatie", slug="polarisatie")
    panel.contact_persons.add(
        ContactPersonFactory(
            name="Farid Bouchlaghmi", organisation="Platform JEP", email="fbouchlaghmi@example.org"
        )
    )
    panel.save()  # a ParentalManyToManyField is only written when the cluster is saved
    return panel


@pytest.fixture
def session(panel):
    """Venlo, 28 days ahead, room for 2 to 3 so capacity is quick to reach in tests."""
    return PanelSessionFactory(
        panel=panel,
        city="Venlo",
        date=timezone.localdate() + datetime.timedelta(days=28),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
        venue_name="Buurthuis De Brug",
        venue_address="Kerkstraat 1, 5911 AB Venlo",
        capacity_min=2,
        capacity_max=3,
    )


@pytest.fixture
def member(db):
    return UserFactory(username="lid", first_name="Lotte", last_name="Lid")


def _editor(username, with_permission):
    user = UserFactory(username=username, email=f"{username}@example.org")
    group, _created = Group.objects.get_or_create(name=f"Editors {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if with_permission:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="panels", codename="change_registration")
        )
    user.groups.add(group)
    return prefer_english(user)


@pytest.fixture
def editor(db):
    """A Wagtail editor with the panels permission."""
    return _editor("redacteur", with_permission=True)


@pytest.fixture
def plain_editor(db):
    """A Wagtail editor without the panels permission."""
    return _editor("schrijver", with_permission=False)


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def application_data():
    """What a visitor types into the form."""
    return {
        "name": "Sanne de Vries",
        "email": "Sanne@Example.org",
        "organisation": "Jongerenwerk Venlo",
        "profession": "jongerenwerker",
        "profession_other": "",
        "municipality": "Venlo",
        "years_experience": "7",
        "motivation": "In het buurthuis merk ik dat discussies over de opvang snel escaleren.",
        "needs": "Vegetarisch",
        "second_choice": "",
        "consent": "on",
        "fax_number": "",
    }


@pytest.fixture
def en_client(client):
    """A test client that chose English with the language switch (the site ignores the
    browser's Accept-Language), so UI strings can be asserted before translations land."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def prefer_english(user):
    """Wagtail's admin speaks the user's preferred language: English for assertions."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def english_admin(admin_user):
    return prefer_english(admin_user)
