"""The list of upcoming sessions answers "which sessions are in or near my province"."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from community.vocabulary import Province
from tests.community.factories import ProfileFactory

from .factories import PanelFactory, PanelSessionFactory

URL = reverse("panels:index")


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def sessions(db):
    """Sessions in Limburg, in Noord-Brabant (its neighbour), in Groningen (far), one without
    a province and one already held."""
    panel = PanelFactory(title="Panelgesprekken polarisatie", slug="polarisatie")
    return {
        "venlo": PanelSessionFactory(
            panel=panel, city="Venlo", province=Province.LIMBURG, date=in_days(30)
        ),
        "eindhoven": PanelSessionFactory(
            panel=panel, city="Eindhoven", province=Province.NOORD_BRABANT, date=in_days(20)
        ),
        "groningen": PanelSessionFactory(
            panel=PanelFactory(title="Panel jongerenwerk"),
            city="Groningen",
            province=Province.GRONINGEN,
            date=in_days(10),
        ),
        "online": PanelSessionFactory(panel=panel, city="Online", province="", date=in_days(40)),
        "held": PanelSessionFactory(
            panel=panel, city="Maastricht", province=Province.LIMBURG, date=in_days(-3)
        ),
    }


def cities(sessions):
    return [session.city for session in sessions]


def test_without_province_lists_all_upcoming_sessions_by_date(en_client, sessions):
    response = en_client.get(URL)

    assert response.status_code == 200
    assert cities(response.context["sessions"]) == ["Groningen", "Eindhoven", "Venlo", "Online"]
    html = response.content.decode()
    assert "All upcoming sessions" in html
    assert "Maastricht" not in html
    assert 'label for="id_province"' in html


def test_province_first_then_neighbours_then_the_rest(en_client, sessions):
    response = en_client.get(URL, {"province": "limburg"})

    context = response.context
    assert cities(context["here"]) == ["Venlo"]
    assert cities(context["nearby"]) == ["Eindhoven"]
    assert cities(context["others"]) == ["Groningen", "Online"]
    html = response.content.decode()
    assert html.index("In Limburg") < html.index("Nearby: in neighbouring provinces")
    assert html.index("in Venlo") < html.index("in Eindhoven") < html.index(") in Groningen")
    assert "Elsewhere in the country" in html
    # Only the neighbours' sessions are marked nearby, not those elsewhere or in the province.
    assert html.count("(nearby)") == 1
    assert html.index("in Eindhoven") < html.index("(nearby)") < html.index(") in Groningen")


def test_no_session_in_the_province_says_so(en_client, sessions):
    response = en_client.get(URL, {"province": "zeeland"})

    html = response.content.decode()
    assert "No sessions are planned in Zeeland." in html
    assert cities(response.context["nearby"]) == ["Eindhoven"]


def test_a_members_province_is_preselected(en_client, sessions):
    profile = ProfileFactory(province=Province.NOORD_BRABANT)
    en_client.force_login(profile.user)

    response = en_client.get(URL)

    assert response.context["province"] == "noord-brabant"
    assert cities(response.context["here"]) == ["Eindhoven"]
    assert cities(response.context["nearby"]) == ["Venlo"]
    assert '<option value="noord-brabant" selected>' in response.content.decode()


def test_a_member_may_still_choose_all_provinces(en_client, sessions):
    en_client.force_login(ProfileFactory(province=Province.LIMBURG).user)

    response = en_client.get(URL, {"province": ""})

    assert response.context["province"] == ""
    assert "All upcoming sessions" in response.content.decode()


def test_an_unknown_province_is_a_form_error_not_a_500(en_client, sessions):
    response = en_client.get(URL, {"province": "atlantis"})

    assert response.status_code == 400
    assert response.context["form"].errors["province"]
    assert cities(response.context["sessions"]) == ["Groningen", "Eindhoven", "Venlo", "Online"]


def test_venues_stay_private(client, sessions):
    html = client.get(URL, {"province": "limburg"}).content.decode()

    assert "Buurthuis De Brug" not in html
    assert "Kerkstraat" not in html


def test_apply_links_for_open_sessions(client, sessions):
    html = client.get(URL).content.decode()

    assert reverse("panels:apply", args=[sessions["venlo"].pk]) in html
    assert reverse("panels:panel_detail", args=["polarisatie"]) in html


@pytest.mark.parametrize("count", [5, 200])
def test_query_budget_is_constant(client, db, django_assert_max_num_queries, count):
    provinces = list(Province.values)
    for number in range(count):
        PanelSessionFactory(
            city=f"Stad {number}", province=provinces[number % len(provinces)], date=in_days(5)
        )
    member = ProfileFactory(province=Province.UTRECHT)
    client.force_login(member.user)

    # The same few queries for 5 or 200 sessions: session and user, the member's province,
    # the sessions with their panels, and the site layout's own (site, settings, userbar).
    with django_assert_max_num_queries(12):
        response = client.get(URL)

    assert len(response.context["sessions"]) == count
