"""Burst benchmark for panel applications: gunicorn on 127.0.0.1, PostgreSQL, N at once.

    /tmp/venv/bin/python bench/panels_burst.py [--requests 200] [--duplicates 20]
        [--workers 4] [--threads 1] [--database postgres://postgres@127.0.0.1:5432/h_panels_bench]

It creates a fresh PostgreSQL database, migrates it, adds one panel with one open session
(room for 6 to 8), starts gunicorn, and fires all applications at the same instant from
as many client threads. ``--duplicates`` of them reuse the e-mail address of another
application sent at the same moment, so the unique constraint has to decide between two
simultaneous inserts. It prints accepted, rejected duplicates, errors, what the database
holds (lost or duplicated rows), and the p50/p99 latency of the POSTs.

The rate limit is switched off for the run: every request comes from 127.0.0.1, where on
a real site each visitor has an address of their own.
"""

import argparse
import datetime
import os
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--duplicates", type=int, default=20)
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="clients sending at once (default: all requests at the same instant)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="gunicorn worker processes (default: one per core, which measured best)",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_panels_bench"
        ),
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def recreate_database(url):
    """Drop and create the benchmark's own database."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"Unexpected database name {name!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_settings(directory, port):
    """A settings module for the run: production-like, plain HTTP on 127.0.0.1."""
    (directory / "static").mkdir(exist_ok=True)
    (directory / "panels_bench_settings.py").write_text(
        textwrap.dedent(
            f"""
            from config.settings.base import *  # noqa: F403

            DEBUG = False
            SECRET_KEY = "bench-only-not-secret"
            ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
            EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
            CACHES = {{"default": {{"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}}}
            PANELS_APPLY_RATE_LIMIT = 0
            # As in production: the receipts wait in the database for `make worker`.
            TASKS = {{
                "default": {{"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
                "community": {{"BACKEND": "django_tasks_db.DatabaseBackend"}},
            }}
            WAGTAILADMIN_BASE_URL = "http://127.0.0.1:{port}"
            STATIC_ROOT = "{directory / "static"}"
            LOGGING = {{
                "version": 1,
                "disable_existing_loggers": False,
                "handlers": {{"console": {{"class": "logging.StreamHandler", "level": "ERROR"}}}},
                "root": {{"handlers": ["console"], "level": "ERROR"}},
            }}
            """
        )
    )


def environment(directory, database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="panels_bench_settings",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="600",
        PYTHONPATH=os.pathsep.join([str(directory), str(ROOT)]),
    )
    return env


def create_session(city="Venlo"):
    """An open session six weeks ahead, in the benchmark's panel."""
    from panels.models import Panel, PanelSession

    panel, _created = Panel.objects.get_or_create(
        slug="bench", defaults={"title": "Panelgesprekken polarisatie"}
    )
    return PanelSession.objects.create(
        panel=panel,
        date=datetime.date.today() + datetime.timedelta(days=42),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        city=city,
        venue_name="Wijkcentrum De Wieën",
        venue_address="Kaldenkerkerweg 12, 5913 AE Venlo",
        capacity_min=6,
        capacity_max=8,
    )


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped during start-up")
        try:
            if requests.get(url, timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not come up in time")


def applications(count, duplicates):
    """``count`` applications; the first ``duplicates`` pairs share an address. A pair sits
    side by side, so the two go out at the same moment from two different clients."""
    result = []
    for n in range(count):
        address = n // 2 if n < 2 * duplicates else n - duplicates
        result.append(
            {
                "name": f"Deelnemer {n}",
                "email": f"deelnemer{address}@example.org",
                "organisation": f"Organisatie {n % 17}",
                "profession": ["jongerenwerker", "wijkagent", "buurtwerker", "netwerkregisseur"][
                    n % 4
                ],
                "profession_other": "",
                "municipality": ["Venlo", "Roermond", "Weert", "Horst aan de Maas"][n % 4],
                "years_experience": str(n % 30),
                "motivation": "Ik merk polarisatie in de wijk en deel graag mijn ervaringen.",
                "needs": "",
                "second_choice": "",
                "consent": "on",
                "fax_number": "",
            }
        )
    return result


def warm_up(base, session, csrf_cookie, csrf_token, count):
    """``count`` applications (and as many duplicates) to ``session``, one at a time."""
    path = f"/panels/session/{session.pk}/apply/"
    for form in applications(count, 0) * 2:
        requests.post(
            f"{base}{path}",
            data={**form, "email": f"warm-up-{form['email']}", "csrfmiddlewaretoken": csrf_token},
            cookies={"csrftoken": csrf_cookie},
            headers={"Referer": f"{base}{path}"},
            allow_redirects=False,
            timeout=10,
        )


def burst(port, path, forms, csrf_cookie, csrf_token, concurrency):
    """POST the forms from ``concurrency`` clients that start at the same instant; each
    client sends its share one after another. Returns (kind, seconds, detail) per request.

    The clients are plain non-blocking sockets on one epoll loop, with every request encoded
    beforehand, so that the measuring side takes as little as it can of the two cores the
    server needs (asyncio streams cost about twice as much CPU per request).
    """
    payloads = []
    for form in forms:
        body = urlencode({**form, "csrfmiddlewaretoken": csrf_token}).encode()
        head = (
            f"POST {path} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n"
            f"Cookie: csrftoken={csrf_cookie}\r\n"
            f"Referer: http://127.0.0.1:{port}{path}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        payloads.append(head + body)
    results = [None] * len(payloads)
    # Client n sends requests n, n + concurrency, n + 2 * concurrency …
    queues = [list(range(n, len(payloads), concurrency)) for n in range(concurrency)]
    selector = selectors.DefaultSelector()

    def start(client):
        index = queues[client].pop(0)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        started = time.perf_counter()
        sock.connect_ex(("127.0.0.1", port))
        state = {"client": client, "index": index, "started": started}
        state.update(out=payloads[index], received=[])
        selector.register(sock, selectors.EVENT_WRITE, state)

    def finish(sock, state, outcome):
        selector.unregister(sock)
        sock.close()
        results[state["index"]] = outcome
        if queues[state["client"]]:
            start(state["client"])

    for client in range(concurrency):
        start(client)
    deadline = time.monotonic() + 60
    while selector.get_map() and time.monotonic() < deadline:
        for key, _events in selector.select(timeout=1):
            sock, state = key.fileobj, key.data
            try:
                if state["out"]:
                    sent = sock.send(state["out"])
                    state["out"] = state["out"][sent:]
                    if not state["out"]:
                        selector.modify(sock, selectors.EVENT_READ, state)
                    continue
                chunk = sock.recv(65536)
            except OSError as error:
                elapsed = time.perf_counter() - state["started"]
                finish(sock, state, ("error", elapsed, repr(error)))
                continue
            if chunk:
                state["received"].append(chunk)
                continue
            elapsed = time.perf_counter() - state["started"]
            kind, status = classify(b"".join(state["received"]))
            finish(sock, state, (kind, elapsed, f"HTTP {status}"))
    for key in list(selector.get_map().values()):
        finish(key.fileobj, key.data, ("error", 60.0, "timed out"))
    selector.close()
    return results


def classify(raw):
    """(kind, status): accepted (redirected to the receipt), duplicate (the form's e-mail
    error) or error."""
    head, _separator, text = raw.decode(errors="replace").partition("\r\n\r\n")
    status_line, *header_lines = head.split("\r\n")
    status = int(status_line.split()[1]) if status_line.startswith("HTTP/") else 0
    headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
    if status == 302 and "/received/" in headers.get("Location", ""):
        return "accepted", status
    if status == 400 and 'id="id_email_error"' in text:
        return "duplicate", status
    return "error", status


def cpu_seconds(pids):
    """User and system CPU time the processes have used so far, from /proc (Linux)."""
    total = 0
    for pid in pids:
        try:
            # Fields after "pid (name)": utime and stime are the 12th and 13th.
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def worker_pids(master):
    try:
        return [
            int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()
        ]
    except OSError:
        return []


def backend_pids(url):
    """The PostgreSQL server processes connected to the benchmark's database."""
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [parts.path.lstrip("/")]
        )
        return [pid for (pid,) in rows]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def main():
    args = parse_args()
    if args.duplicates * 2 > args.requests:
        raise SystemExit("--duplicates can be at most half of --requests")
    recreate_database(args.database)
    workdir = Path(tempfile.mkdtemp(prefix="panels-bench-"))
    write_settings(workdir, args.port)
    env = environment(workdir, args.database)
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
        env=env,
        check=True,
        cwd=ROOT,
    )

    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")})
    sys.path[:0] = [str(workdir), str(ROOT)]
    import django

    django.setup()
    from django.db import connection

    from django_tasks_db.models import DBTaskResult

    from panels.models import Registration

    session = create_session()
    # A server that has been up a while has taken applications before: each worker first
    # sends a few to another session, so the burst does not measure first-call costs
    # (imports on first use, query compilation caches, the task backend's first enqueue).
    warm_up_session = create_session(city="Roermond")
    connection.close()

    base = f"http://127.0.0.1:{args.port}"
    url = f"{base}/panels/session/{session.pk}/apply/"
    # The site's own gunicorn settings (config/gunicorn.conf.py: its start-up warm-up, JSON
    # access log), with this run's address and worker counts.
    command = [
        GUNICORN,
        "config.wsgi:application",
        "--config",
        str(ROOT / "config" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--backlog",
        "2048",
    ]
    log = (workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(url, server)
        # Warm every worker (imports, template loading, database connection) first.
        for _n in range(args.workers * args.threads * 4):
            requests.get(url, timeout=10)
        first = requests.get(url, timeout=10)
        csrf_cookie = first.cookies["csrftoken"]
        csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first.text).group(1)
        warm_up(base, warm_up_session, csrf_cookie, csrf_token, args.workers * args.threads * 8)

        forms = applications(args.requests, args.duplicates)
        path = urlsplit(url).path
        concurrency = min(args.concurrency or args.requests, args.requests)
        # CPU time per side, to tell the server's cost from the machine's other work.
        workers = worker_pids(server.pid)
        backends = backend_pids(args.database)
        cpu_before = (cpu_seconds(workers), cpu_seconds(backends), time.process_time())
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        results = burst(args.port, path, forms, csrf_cookie, csrf_token, concurrency)
        wall = time.perf_counter() - started
        cpu_after = (cpu_seconds(workers), cpu_seconds(backends), time.process_time())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    accepted = sum(1 for kind, *_rest in results if kind == "accepted")
    duplicates = sum(1 for kind, *_rest in results if kind == "duplicate")
    errors = [result for result in results if result[0] == "error"]
    latencies = [seconds * 1000 for _kind, seconds, *_rest in results]

    rows = Registration.objects.filter(session=session)
    stored = rows.count()
    receipts = DBTaskResult.objects.filter(
        task_path="panels.tasks.mail_applicant",
        args_kwargs__args__0__in=list(rows.values_list("pk", flat=True)),
        args_kwargs__args__1="receipt",
    ).count()
    distinct = rows.values("email_normalised").distinct().count()
    expected_unique = args.requests - args.duplicates
    lost = expected_unique - distinct
    duplicate_rows = stored - distinct
    connection.close()
    if not args.keep:
        drop_database(args.database)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"panels burst: {args.requests} applications to one session from {concurrency} "
        f"clients released at once ({args.duplicates} reuse an address sent at the same "
        f"moment); gunicorn {args.workers} worker(s) x {args.threads} thread(s) on "
        f"127.0.0.1; PostgreSQL"
    )
    print(f"accepted:            {accepted}")
    print(f"rejected duplicates: {duplicates}")
    print(f"errors:              {len(errors)}")
    for _kind, seconds, detail in errors[:5]:
        print(f"  error after {seconds * 1000:.0f} ms: {detail}")
    print(f"stored rows:         {stored} ({distinct} distinct addresses)")
    print(f"receipts queued:     {receipts}")
    print(f"lost:                {lost}")
    print(f"duplicate rows:      {duplicate_rows}")
    print(
        f"latency:             p50 {percentile(latencies, 0.50):.0f} ms, "
        f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms, "
        f"mean {statistics.mean(latencies):.0f} ms"
    )
    print(f"wall time:           {wall:.2f} s ({args.requests / wall:.0f} applications/s)")
    gunicorn_cpu, database_cpu, client_cpu = (
        (after - before) * 1000 / args.requests
        for before, after in zip(cpu_before, cpu_after, strict=True)
    )
    print(
        f"CPU per application: gunicorn {gunicorn_cpu:.1f} ms, PostgreSQL {database_cpu:.1f} ms, "
        f"client {client_cpu:.1f} ms"
    )
    print(f"load average before: {load_before:.2f}")
    ok = (
        not errors
        and lost == 0
        and duplicate_rows == 0
        and accepted == expected_unique
        and receipts == stored
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
