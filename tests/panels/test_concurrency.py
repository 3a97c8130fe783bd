"""Capacity that holds: many threads confirming, promoting and applying at the same moment.

Each thread has its own database connection and real transactions (transaction=True),
so the session-row lock (PostgreSQL) or the IMMEDIATE write lock (SQLite) is what keeps
the group within its maximum.
"""

import random
import sqlite3
import threading

from django.db import connection, connections

import pytest

from panels import services
from panels.models import PanelSession, Registration, RegistrationState

from .factories import RegistrationFactory

State = RegistrationState
THREADS = 24
EXPECTED = (
    services.CapacityExceeded,
    services.InvalidTransition,
    services.DuplicateApplication,
    services.NotAllowed,
)


def run_at_once(jobs):
    """Start every job at the same instant; return the unexpected exceptions."""
    barrier = threading.Barrier(len(jobs))
    errors = []
    outcomes = []

    def worker(job):
        try:
            barrier.wait()
            outcomes.append(job())
        except EXPECTED as expected:
            outcomes.append(expected)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors, outcomes


def application(n):
    return {
        "name": f"Deelnemer {n}",
        # Six applying threads share three addresses: every address is sent twice at once.
        "email": f"gelijktijdig{(n // 4) % 3}@example.org",
        "organisation": f"Organisatie {n}",
        "profession": "buurtwerker",
        "profession_other": "",
        "municipality": "Venlo",
        "years_experience": None,
        "motivation": "Gelijktijdig aangemeld.",
        "needs": "",
        "second_choice": None,
    }


def hammer(session):
    """24 threads: editors confirming overlapping batches, promotions, cancellations,
    and visitors applying (partly with the same e-mail address)."""
    session.panel.auto_promote = True
    session.panel.save()
    pool = [RegistrationFactory(session=session) for _n in range(30)]
    confirmed = pool[:4]
    services.confirm(confirmed)
    services.waitlist(pool[26:])
    candidates = pool[4:26]
    rng = random.Random(2022)
    jobs = []
    for n in range(THREADS):
        kind = n % 4
        if kind == 0:
            batch = rng.sample(candidates, 3)
            jobs.append(lambda batch=batch: services.confirm(batch))
        elif kind == 1:
            one = rng.choice(candidates)
            jobs.append(lambda one=one: services.confirm([one]))
        elif kind == 2:
            jobs.append(lambda n=n: services.apply(session, application(n)))
        elif n < 12:
            leaving = confirmed[n // 4]
            jobs.append(lambda leaving=leaving: services.withdraw(leaving))
        else:
            jobs.append(lambda: services.promote_next(session, count=2))
    return run_at_once(jobs)


def assert_never_overbooked(session, errors, outcomes):
    assert errors == []
    session = PanelSession.objects.get(pk=session.pk)
    confirmed = Registration.objects.filter(session=session, state=State.CONFIRMED).count()
    assert confirmed <= session.capacity_max
    assert session.confirmed_count == confirmed
    # The capacity was really contested: more confirmations were asked than fit.
    assert any(isinstance(outcome, services.CapacityExceeded) for outcome in outcomes)
    emails = list(
        Registration.objects.filter(session=session, email__startswith="gelijktijdig").values_list(
            "email_normalised", flat=True
        )
    )
    assert sorted(emails) == sorted(set(emails))
    assert len(emails) == 3


@pytest.fixture
def roomy_session(session):
    session.capacity_min = 6
    session.capacity_max = 8
    session.save()
    return session


@pytest.mark.django_db(transaction=True)
def test_postgresql_never_overbooks_under_20_plus_threads(roomy_session):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL row locks; the SQLite variant is the next test")
    errors, outcomes = hammer(roomy_session)
    assert_never_overbooked(roomy_session, errors, outcomes)
    assert len(outcomes) == THREADS


@pytest.fixture
def file_backed_sqlite(roomy_session, tmp_path):
    """Move the test database into a file for the duration of the test.

    pytest-django's SQLite test database lives in memory with a shared cache, where
    concurrent writers fail at once with "database table is locked" instead of waiting:
    a test artefact, not how a site runs. So the database is copied (sqlite3 backup) into
    a file and opened with the project's own options (IMMEDIATE transactions, busy
    timeout, WAL), exactly as `make run` uses SQLite.
    """
    memory = connections["default"]  # the wrapper itself, not the django.db.connection proxy
    memory.ensure_connection()
    settings_dict = memory.settings_dict
    original_name = settings_dict["NAME"]
    path = str(tmp_path / "panels.sqlite3")
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()
    settings_dict["NAME"] = path
    on_file = connections.create_connection("default")
    connections["default"] = on_file
    try:
        yield roomy_session
    finally:
        on_file.close()
        connections["default"] = memory
        settings_dict["NAME"] = original_name


@pytest.mark.django_db(transaction=True)
def test_sqlite_never_overbooks_under_20_plus_threads(request):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; PostgreSQL has its own test")
    session = request.getfixturevalue("file_backed_sqlite")
    assert connection.settings_dict["OPTIONS"].get("transaction_mode") == "IMMEDIATE"
    errors, outcomes = hammer(session)
    assert_never_overbooked(session, errors, outcomes)
    assert len(outcomes) == THREADS
