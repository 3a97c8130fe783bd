"""The suggested group: as diverse as possible, deterministic, explained."""

import pytest

from panels import services
from panels.models import RegistrationState

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def applicant(session, profession, municipality, organisation):
    return RegistrationFactory(
        session=session,
        profession=profession,
        municipality=municipality,
        organisation=organisation,
    )


@pytest.fixture
def crowd(session):
    """Twelve applicants: many youth workers from Venlo, a few others."""
    session.capacity_max = 4
    session.save()
    people = [
        applicant(session, "jongerenwerker", "Venlo", "Jongerenwerk Venlo") for _n in range(6)
    ]
    people += [
        applicant(session, "wijkagent", "Venlo", "Politie Limburg"),
        applicant(session, "wijkagent", "Roermond", "Politie Limburg"),
        applicant(session, "buurtwerker", "Weert", "Buurtwerk Weert"),
        applicant(session, "netwerkregisseur", "Venray", "Gemeente Venray"),
        applicant(session, "jongerenwerker", "Horst", "Jongerenwerk Horst"),
        applicant(session, "other", "Venlo", "Jongerenwerk Venlo"),
    ]
    return people


def test_proposes_up_to_the_maximum_with_every_profession_once(session, crowd):
    suggestion = services.suggest_group(session)
    picked = [pick.registration for pick in suggestion.picks]
    assert len(picked) == 4
    assert len({r.profession for r in picked}) == 4
    assert len({r.region_key for r in picked}) == 4
    assert len({r.organisation_key for r in picked}) == 4
    assert len(suggestion.left_out) == len(crowd) - 4


def test_same_data_same_suggestion(session, crowd):
    first = [pick.registration.pk for pick in services.suggest_group(session).picks]
    second = [pick.registration.pk for pick in services.suggest_group(session).picks]
    assert first == second
    # Ties go to whoever applied first: the first youth worker, not a later one.
    assert crowd[0].pk in first


def test_builds_on_the_confirmed_group(session, crowd):
    services.confirm([crowd[6]])  # a police officer from Venlo is already in
    suggestion = services.suggest_group(session)
    assert suggestion.confirmed == [crowd[6]]
    assert len(suggestion.picks) == 3
    picked = [pick.registration for pick in suggestion.picks]
    assert "wijkagent" not in {r.profession for r in picked}
    assert "venlo" not in {r.region_key for r in picked}


def test_each_pick_is_explained(session, crowd, english):
    picks = services.suggest_group(session).picks
    assert "new profession: Youth worker" in [str(reason) for reason in picks[0].reasons]
    assert any("applied earliest" in str(reason) for reason in picks[0].reasons)
    for pick in picks:
        assert len(pick.reasons) >= 3


def test_declined_and_withdrawn_are_not_suggested(session, crowd):
    services.decline([crowd[7]])
    services.withdraw(crowd[8])
    picked = {pick.registration.pk for pick in services.suggest_group(session).picks}
    assert crowd[7].pk not in picked and crowd[8].pk not in picked


def test_nothing_to_suggest_when_full(session, crowd):
    services.confirm(crowd[:4])
    suggestion = services.suggest_group(session)
    assert suggestion.picks == []
    assert {r.state for r in suggestion.confirmed} == {RegistrationState.CONFIRMED}


def test_composition_counts_and_dominance(session, english):
    group = [applicant(session, "wijkagent", f"Plaats {n}", f"Org {n}") for n in range(2)]
    group.append(applicant(session, "buurtwerker", "Plaats 9", "org 0 "))
    make_up = services.composition(group)
    assert make_up.size == 3
    assert make_up.counts["profession"][0] == ("Community police officer", 2)
    # "Org 0" and "org 0 " are one organisation.
    assert make_up.counts["organisation"][0] == ("Org 0", 2)
    assert len(make_up.warnings) == 2
    assert services.composition(group[:2]).warnings == []
