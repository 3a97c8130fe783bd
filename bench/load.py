"""Load benchmark: the site under gunicorn on PostgreSQL against a minimal Django view.

    /tmp/venv/bin/python bench/load.py [--database postgres://postgres@127.0.0.1:5432/kennisdeling_bench]
        [--duration 15] [--connections 16] [--workers 2] [--fresh] [--markdown]

Prepares the database when it holds no generated data yet (migrate, load_demo,
generate_bench_data with --questions/--replies/--members/--sessions; --fresh starts over),
then starts gunicorn (2 workers on 127.0.0.1) twice: once with bench/ceiling.py, the smallest
Django application, and once with the site under the production settings (Redis cache when
--redis is given, the default). ``wrk`` (Debian: apt-get install -y wrk) measures requests per
second and the p50/p99 latency of: the ceiling, the seed question page (anonymous), the
question index, a topic page, a search across the replies, the panels list, and a panel
application POST (each with a fresh e-mail address, so every one is a real insert; at
--connections and at 200 connections at once). A Django test client counts
the SQL queries of each page. It prints one table with each figure as a ratio of the ceiling.

Both gunicorns run without an access log, so that the ratio compares application work.
The panels' rate limit is off: every request comes from 127.0.0.1.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
SEED_PATH = "/vragen/ervaringen-voorkomen-tegengaan-polarisatie/"
INDEX_PATH = "/vragen/"
TOPIC_PATH = "/onderwerpen/polarisatie/"
SEARCH_PATH = "/zoeken/?q=polarisatie"
# A word in most generated replies: the search's worst case (ranking ~35,000 matches).
SEARCH_COMMON_PATH = "/zoeken/?q=jongeren"
PANELS_PATH = "/panels/"
# The pages measured without the page cache, in the table's order. The topic page, the search
# and the panels list are Django views, never served from the page cache.
UNCACHED = (
    (SEED_PATH, "seed question, 50 replies (anonymous, uncached)"),
    (INDEX_PATH, "question index (anonymous, uncached)"),
    (TOPIC_PATH, "topic page 'polarisatie' (anonymous)"),
    (SEARCH_PATH, "search 'polarisatie' (anonymous)"),
    (SEARCH_COMMON_PATH, "search 'jongeren', in most of 40,000 replies (anonymous)"),
    (PANELS_PATH, "panels list (anonymous)"),
)

# Runs inside the site's environment: prepares data, finds the session to apply to, and
# counts the queries of every measured request with the test client.
PROBE = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from panels.models import PanelSession, Registration

paths, form = json.loads(sys.argv[1])
session = PanelSession.objects.filter(panel__slug__startswith="bench-").order_by("pk").first()
apply_path = f"/panels/session/{session.pk}/apply/"
client = Client()
result = {"apply_path": apply_path, "queries": {}, "status": {}}
for path in paths:
    client.get(path)  # warm: the site root, ContentTypes and other per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    result["queries"][path] = len(queries)
    result["status"][path] = response.status_code
before = Registration.objects.count()
client.get(apply_path)
with CaptureQueriesContext(connection) as queries:
    response = client.post(apply_path, {**form, "email": "probe-%d@example.org" % before})
result["queries"]["POST"] = len(queries)
result["status"]["POST"] = response.status_code
result["stored"] = Registration.objects.count() - before
result["registrations"] = Registration.objects.count()
print(json.dumps(result))
"""

COUNT_REGISTRATIONS = (
    "import django; django.setup(); from panels.models import Registration; "
    "print(Registration.objects.count())"
)

# The seed question must be found: a search index built before a change to the search
# configuration (the Dutch one on PostgreSQL) finds nothing and would make the search rows
# measure an empty result.
INDEX_IS_CURRENT = (
    "import django; django.setup(); from questions.models import QuestionPage; "
    "print(QuestionPage.objects.live().search('polarisatie').count())"
)

HAS_DATA = (
    "import django; django.setup(); from questions.models import QuestionPage; "
    "print(QuestionPage.objects.filter(slug__startswith='bench-').count())"
)

APPLICATION = {
    "name": "Deelnemer Benchmark",
    "organisation": "Jongerenwerk Venlo",
    "profession": "jongerenwerker",
    "profession_other": "",
    "municipality": "Venlo",
    "years_experience": "7",
    "motivation": "Ik merk polarisatie in de wijk en deel graag mijn ervaringen.",
    "needs": "",
    "second_choice": "",
    "consent": "on",
    "fax_number": "",
}

# wrk script for the POSTs: every request a new address, so each one is an insert.
POST_LUA = """
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  run = args[1]
end
request = function()
  counter = counter + 1
  local body = BODY .. "&email=wrk-" .. run .. "-" .. id .. "-" .. counter .. "%40example.org"
  return wrk.format("POST", PATH, HEADERS, body)
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kennisdeling_bench"
        ),
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="'' for no Redis")
    parser.add_argument("--fresh", action="store_true", help="drop and regenerate the data")
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--replies", type=int, default=40000)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--burst", type=int, default=200, help="connections for the POST burst")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="only the ceiling and the cached pages (quick, while working on the page cache)",
    )
    return parser.parse_args()


def database_name(url):
    return url.rsplit("/", 1)[1]


def psql_admin(url, sql):
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-q", "-c", sql], check=True, capture_output=True)


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout


def python(env, code, *args):
    result = subprocess.run(
        [PYTHON, "-c", code, *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    )
    return result.stdout.strip().splitlines()[-1]


def environment(args, directory):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        ENV_FILE="",
        DJANGO_SETTINGS_MODULE="load_bench_settings",
        PYTHONPATH=os.pathsep.join([str(directory), str(ROOT)]),
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - a local benchmark
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX=f"bench-{os.getpid()}",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(directory / "static"),
        MEDIA_ROOT=str(directory / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    return env


def write_settings(directory):
    """The production settings over plain HTTP on 127.0.0.1, without the panels' rate limit."""
    (directory / "load_bench_settings.py").write_text(
        textwrap.dedent(
            """
            from config.settings.production import *  # noqa: F403

            PANELS_APPLY_RATE_LIMIT = 0
            # Plain HTTP on 127.0.0.1: cookies must travel without TLS.
            SESSION_COOKIE_SECURE = False
            CSRF_COOKIE_SECURE = False
            """
        )
    )


def prepare_database(args, env):
    name = database_name(args.database)
    if args.fresh:
        psql_admin(args.database, f'DROP DATABASE IF EXISTS "{name}"')
    try:
        psql_admin(args.database, f'CREATE DATABASE "{name}"')
        print(f"Created database {name}")
    except subprocess.CalledProcessError:
        pass  # it exists
    manage(env, "migrate", "--no-input", "-v", "0")
    if int(python(env, HAS_DATA)) == 0:
        print("Generating the data set (a few minutes) ...")
        manage(env, "load_demo", capture=True)
        manage(
            env,
            "generate_bench_data",
            f"--questions={args.questions}",
            f"--replies={args.replies}",
            f"--members={args.members}",
            f"--sessions={args.sessions}",
            "--seed=42",
        )
    if int(python(env, INDEX_IS_CURRENT)) == 0:
        print("Rebuilding the search index (about a minute) ...")
        manage(env, "update_index", capture=True)
    # Planner statistics, as autovacuum keeps them in production: a server that runs with
    # autovacuum off (as this machine's does) never analyses the generated tables, and
    # PostgreSQL then plans with default estimates (200 replies where there are 40,000).
    subprocess.run(["psql", args.database, "-q", "-c", "ANALYZE"], check=True, capture_output=True)
    manage(env, "collectstatic", "--no-input", "-v", "0")


def start_gunicorn(target, args, env, chdir=ROOT):
    command = [
        GUNICORN,
        target,
        "--chdir",
        str(chdir),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        "--no-control-socket",
    ]
    server = subprocess.Popen(command, cwd=chdir, env=env)
    url = f"http://127.0.0.1:{args.port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn {target} exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - our own 127.0.0.1
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn {target} did not answer within 60 s")


def stop(server):
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, args, connections=None, script=None, script_args=(), headers=()):
    """Run wrk and return requests/s, p50 and p99 in ms, requests, and failures."""
    connections = connections or args.connections
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{args.duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+?)\s*$", output, flags=re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"Cannot read wrk's output:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    }


def post_script(directory, path, csrf_cookie, csrf_token):
    body = urlencode({**APPLICATION, "csrfmiddlewaretoken": csrf_token})
    headers = (
        '{["Content-Type"] = "application/x-www-form-urlencoded", '
        f'["Cookie"] = "csrftoken={csrf_cookie}"}}'
    )
    script = directory / "post.lua"
    script.write_text(
        f"PATH = {json.dumps(path)}\nBODY = {json.dumps(body)}\nHEADERS = {headers}\n" + POST_LUA
    )
    return script


def csrf_pair(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()
        ).group(1)
    return cookie, token


def versions(args):
    def run(*command):
        try:
            return subprocess.run(command, text=True, capture_output=True).stdout.strip()
        except OSError:
            return "?"

    import django

    import wagtail

    import gunicorn

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    psql = run("psql", args.database, "-Atc", "SHOW server_version")
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "gunicorn": gunicorn.__version__,
        "postgresql": psql.split()[0] if psql else "?",
        "redis": (run("redis-server", "--version").split() or ["?", "?", "v=?"])[2].removeprefix(
            "v="
        ),
        "wrk": (run("wrk", "--version").split() or ["?", "?"])[1],
    }


def print_table(rows, ceiling, markdown):
    header = ["", "req/s", "× ceiling", "p50 ms", "p99 ms", "errors", "queries"]
    lines = []
    for name, result, queries in rows:
        lines.append(
            [
                name,
                f"{result['rps']:.0f}",
                f"{result['rps'] / ceiling:.3f}",
                f"{result['p50']:.1f}",
                f"{result['p99']:.1f}",
                str(result["errors"]),
                "" if queries is None else str(queries),
            ]
        )
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    for row in [header, *lines]:
        print(
            "  ".join(
                cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )


def measure_uncached(rows, args, env, probe, directory):
    """The pages without the page cache and the application POSTs; returns the applications
    wrk saw answered and the number stored."""
    base = f"http://127.0.0.1:{args.port}"
    apply_path = probe["apply_path"]
    server = start_gunicorn("config.wsgi", args, env)
    try:
        for path in [path for path, _ in UNCACHED] + [apply_path]:
            for _ in range(args.workers * 4):
                urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310
        for path, name in UNCACHED:
            rows.append((name, wrk(base + path, args), probe["queries"][path]))
        cookie, token = csrf_pair(base + apply_path)
        script = post_script(directory, apply_path, cookie, token)
        before = int(python(env, COUNT_REGISTRATIONS))
        sent = 0
        for connections in (args.connections, args.burst):
            result = wrk(
                base + apply_path,
                args,
                connections=connections,
                script=script,
                script_args=[f"{os.getpid()}c{connections}"],
            )
            sent += result["requests"]
            rows.append(
                (f"panel application POST, {connections} at once", result, probe["queries"]["POST"])
            )
    finally:
        stop(server)
    stored = int(python(env, COUNT_REGISTRATIONS)) - before
    return sent, stored


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    directory = Path(tempfile.mkdtemp(prefix="load-bench-"))
    write_settings(directory)
    env = environment(args, directory)
    prepare_database(args, env)
    base = f"http://127.0.0.1:{args.port}"

    # Uncached unless a row says otherwise: the page cache would hide the pages' own work.
    env["PAGE_CACHE_SECONDS"] = "0"
    paths = [path for path, _ in UNCACHED]
    probe = json.loads(python(env, PROBE, json.dumps([paths, APPLICATION])))
    bad = {path: status for path, status in probe["status"].items() if status not in (200, 302)}
    if bad or probe["stored"] != 1:
        raise SystemExit(f"The site does not answer as expected: {probe}")

    rows = []
    server = start_gunicorn("ceiling:application", args, env, chdir=ROOT / "bench")
    try:
        wrk(f"{base}/", args, connections=4)  # warm up
        ceiling = wrk(f"{base}/", args)
    finally:
        stop(server)
    rows.append(("minimal Django view (ceiling)", ceiling, None))

    sent = stored = 0
    if not args.cached_only:
        sent, stored = measure_uncached(rows, args, env, probe, directory)

    # The same pages from the anonymous page cache (home/page_cache.py), as production runs.
    server = start_gunicorn("config.wsgi", args, {**env, "PAGE_CACHE_SECONDS": "300"})
    try:
        for path, name in ((SEED_PATH, "seed question"), (INDEX_PATH, "question index")):
            for _ in range(args.workers * 4):
                urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310
            with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
                if response.headers.get("X-Page-Cache") != "hit":
                    raise SystemExit(f"{path} is not served from the page cache")
            # A hit runs no SQL at all: the page comes from Redis (or the worker's own copy).
            rows.append((f"{name} (anonymous, cached)", wrk(base + path, args), 0))
            # What browsers get: they all send Accept-Encoding, and a hit comes compressed.
            browser = wrk(base + path, args, headers=["Accept-Encoding: gzip, deflate, br"])
            rows.append((f"{name} (anonymous, cached, gzip as browsers ask)", browser, 0))
    finally:
        stop(server)

    print()
    for key, value in versions(args).items():
        print(f"{key:>10}: {value}")
    print(
        f"{'settings':>10}: production, {args.workers} gunicorn sync workers, "
        f"Redis {'on' if args.redis else 'off'}, wrk {args.duration}s per row, "
        f"{args.connections} connections"
    )
    print()
    print_table(rows, ceiling["rps"], args.markdown)
    print()
    print(
        f"Applications: {sent} answered by wrk, {stored} stored "
        "(requests in flight when wrk stops are stored too, but not counted by it)."
    )
    shutil.rmtree(directory, ignore_errors=True)
    if stored < sent:
        raise SystemExit("Fewer applications stored than answered: some POSTs were rejected.")


if __name__ == "__main__":
    main()
