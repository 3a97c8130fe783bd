"""A gunicorn worker killed in the middle of a burst of writes loses nothing and leaves nothing
half-written, and the site answers again within seconds (issue 6, resilience).

gunicorn runs as production runs it (config/gunicorn.conf.py, the production settings, two
workers on 127.0.0.1) against this test's PostgreSQL database, so the rows the test makes are
the ones the workers see. A logged-in member posts replies and visitors apply for a panel
session, over real HTTP, from several threads at once; after the first answers, one worker
gets SIGKILL, as the kernel's OOM killer or a crash would do it: no cleanup, no finishing
the request. Then:

- every request that was answered with success is in the database (an answer means a commit);
- every reply has its "wagtail.create" log entry and its author follows the question, and
  every registration has its first state change, in the state it shows: each is written in
  one transaction with its row, so a kill can only take all or nothing;
- the site answers a page (200) within seconds of the kill, and gunicorn's master has
  replaced the lost worker within seconds too (measured while the burst goes on).

PostgreSQL only: the suite's SQLite database lives in this process's memory, out of reach of
gunicorn's workers.
"""

import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client

from wagtail.models import ModelLogEntry

import pytest

from panels.models import PanelSession, Registration, SessionState
from questions.models import Follow, QuestionPage, Reply
from tests.community.factories import verified_member

REPO_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WORKERS = 2
REPLIES = 30
APPLICATIONS = 30
THREADS = 10
KILL_AFTER = 12  # answers received before a worker is killed
RECOVERY_SECONDS = 10
# A secret in the format Django's CSRF cookie holds; as the form's token it is accepted
# unmasked, so every thread can post without first fetching a form.
CSRF_SECRET = "Resilience0Test0CsrfSecret000042"

SETTINGS_MODULE = """
from config.settings.production import *  # noqa: F403

# Plain HTTP on 127.0.0.1: no redirect to https, cookies travel without TLS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Hashed static files need collectstatic, which this test does not exercise.
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# The burst comes from one member and one address: rate limits would refuse it.
QUESTIONS_POST_RATE_LIMIT = 0
PANELS_APPLY_RATE_LIMIT = 0
"""

APPLICATION = {
    "name": "Deelnemer Veerkracht",
    "organisation": "Jongerenwerk Venlo",
    "profession": "jongerenwerker",
    "profession_other": "",
    "municipality": "Venlo",
    "years_experience": "4",
    "motivation": "Ik zie spanningen in de wijk en deel graag wat werkt.",
    "needs": "",
    "second_choice": "",
    "consent": "on",
    "fax_number": "",
    "csrfmiddlewaretoken": CSRF_SECRET,
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def worker_pids(master):
    """The pids of gunicorn's workers: the master's children."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            children.append(int(entry.name))
    return set(children)


def request(port, method, path, body=None, cookies=None):
    """One request on its own connection; the status and Location, or the error's name."""
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, ""
    finally:
        conn.close()


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with the production settings on this test's database; yields (port, master)."""
    (tmp_path / "resilience_settings.py").write_text(textwrap.dedent(SETTINGS_MODULE))
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "WEB_CONCURRENCY"}},
        "DJANGO_SETTINGS_MODULE": "resilience_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO_ROOT)]),
        "ENV_FILE": "",
        # The test's own key: the member's session, made here, must check out there.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "COMMUNITY_TASK_BACKEND": "immediate",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "WARNING",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            GUNICORN,
            "config.wsgi",
            "-c",
            str(REPO_ROOT / "config" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "20",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while request(port, "GET", "/healthz")[0] != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{(tmp_path / 'gunicorn.log').read_text()}")
            time.sleep(0.3)
        yield port, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture
def demo():
    """The demo site, a member who may post on the seed question, an open panel session."""
    call_command("load_demo", stdout=io.StringIO())  # sessions ahead of today: open
    question = QuestionPage.objects.live().get(title__icontains="polarisatie")
    session = next(s for s in PanelSession.objects.order_by("pk") if s.state() == SessionState.OPEN)
    member = verified_member(email="veerkracht@example.org", display_name="Vera Kracht")
    client = Client()
    client.force_login(member)
    return question, session, member, client.cookies[settings.SESSION_COOKIE_NAME].value


pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: gunicorn's workers cannot reach the suite's in-memory SQLite "
    "database (CI runs the suite on PostgreSQL too)",
)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_loses_no_committed_write_and_leaves_none_half_written(demo, gunicorn):
    question, session, member, session_cookie = demo
    port, master = gunicorn
    workers_before = worker_pids(master)
    assert len(workers_before) == WORKERS

    reply_path = f"/questions/{question.pk}/reply/"
    apply_path = f"/panels/session/{session.pk}/apply/"
    member_cookies = {settings.SESSION_COOKIE_NAME: session_cookie, "csrftoken": CSRF_SECRET}
    visitor_cookies = {"csrftoken": CSRF_SECRET}
    jobs = []
    for number in range(max(REPLIES, APPLICATIONS)):
        if number < REPLIES:
            body = urlencode(
                {"body": f"<p>Veerkrachttest {number}</p>", "csrfmiddlewaretoken": CSRF_SECRET}
            )
            jobs.append(("reply", number, reply_path, body, member_cookies))
        if number < APPLICATIONS:
            body = urlencode({**APPLICATION, "email": f"veerkracht-{number}@example.org"})
            jobs.append(("application", number, apply_path, body, visitor_cookies))

    answered = threading.Semaphore(0)
    killed = {}

    def send(job):
        kind, number, path, body, cookies = job
        status, location = request(port, "POST", path, body, cookies)
        answered.release()
        return kind, number, status, location

    def kill_one_worker():
        for _ in range(KILL_AFTER):
            answered.acquire()
        victim = sorted(worker_pids(master))[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        killed["pid"] = victim
        # While the burst goes on: when does the site answer a page, and when is the lost
        # worker replaced?
        while time.monotonic() - killed_at < RECOVERY_SECONDS:
            if "answers" not in killed and request(port, "GET", "/")[0] == 200:
                killed["answers"] = time.monotonic() - killed_at
            workers = worker_pids(master)
            if "respawned" not in killed and len(workers) == WORKERS and victim not in workers:
                killed["respawned"] = time.monotonic() - killed_at
            if "answers" in killed and "respawned" in killed:
                return
            time.sleep(0.1)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(send, jobs))
    killer.join(timeout=RECOVERY_SECONDS + 5)
    assert "pid" in killed, "the worker was never killed"

    cut = [result for result in results if not isinstance(result[2], int)]
    print(  # shown with -s
        f"worker {killed['pid']} killed after {KILL_AFTER} answers; {len(cut)} requests cut "
        f"off; a page answered after {killed.get('answers', -1):.1f} s, the worker replaced "
        f"after {killed.get('respawned', -1):.1f} s"
    )
    # The site answers again, and the master has replaced the worker it lost.
    assert "answers" in killed, f"no page answered within {RECOVERY_SECONDS} s of the kill"
    assert "respawned" in killed, f"no new worker within {RECOVERY_SECONDS} s of the kill"
    assert request(port, "GET", "/")[0] == 200

    # Every success is in the database.
    succeeded = {
        (kind, number)
        for kind, number, status, location in results
        if status == 302 and "/accounts/login/" not in location
    }
    refused = [r for r in results if isinstance(r[2], int) and r[2] != 302]
    assert not refused, f"requests refused rather than cut off: {refused}"
    assert len(succeeded) >= KILL_AFTER
    assert {"reply", "application"} <= {kind for kind, _number in succeeded}
    replies = Reply.objects.filter(author=member.profile, question=question)
    stored_replies = {int(reply.body.split()[1].split("<")[0]) for reply in replies}
    stored_applications = {
        int(email.split("-")[1].split("@")[0])
        for email in Registration.objects.filter(
            session=session, email__startswith="veerkracht-"
        ).values_list("email", flat=True)
    }
    assert {n for kind, n in succeeded if kind == "reply"} <= stored_replies
    assert {n for kind, n in succeeded if kind == "application"} <= stored_applications
    # Nothing twice: a request cut off is not replayed by anyone.
    assert replies.count() == len(stored_replies)

    # Nothing half-written.
    reply_type = ContentType.objects.get_for_model(Reply)
    logged = set(
        ModelLogEntry.objects.filter(content_type=reply_type, action="wagtail.create").values_list(
            "object_id", flat=True
        )
    )
    for reply in replies:
        assert str(reply.pk) in logged, f"reply {reply.pk} has no creation log entry"
    if replies.exists():
        assert Follow.objects.filter(profile=member.profile, question=question).exists()
    for registration in Registration.objects.filter(session=session).prefetch_related(
        "state_changes"
    ):
        changes = sorted(registration.state_changes.all(), key=lambda change: change.pk)
        assert changes, f"registration {registration.pk} has no state change"
        assert changes[0].from_state == ""
        assert changes[-1].to_state == registration.state
