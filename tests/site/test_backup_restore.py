"""The backup and restore drill of the README ("Backup and restore"), run for real.

The demo is loaded into the suite's PostgreSQL database, dumped with ``pg_dump -Fc``,
restored with ``pg_restore`` into a fresh database made with ``createdb``, and the home page,
the question index and the seed question are rendered from each database by a fresh Django
process: the same status and the same main content.

PostgreSQL only (on SQLite a backup is a copy of the file). Without the PostgreSQL client
programs the test fails rather than skips: a drill that cannot run is a finding.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/vragen/", "/vragen/ervaringen-voorkomen-tegengaan-polarisatie/"]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump/pg_restore drill: PostgreSQL only (CI runs the suite on PostgreSQL too)",
)

# Runs in a fresh process against DATABASE_URL: status and <main> of each page, as an
# anonymous visitor sees them. CSRF tokens differ per request and are blanked.
RENDER = r"""
import json, re, sys
import django
django.setup()
from django.test import Client
pages = {}
for path in sys.argv[1:]:
    response = Client().get(path)
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, flags=re.S)
    main = main.group(0) if main else ""
    main = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", main)
    pages[path] = {"status": response.status_code, "main": main}
print(json.dumps(pages))
"""


def postgresql_program(name):
    """``name`` from PATH, else from the newest /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not candidates:
        pytest.fail(
            f"{name} not found on PATH nor in /usr/lib/postgresql/*/bin: install the "
            "PostgreSQL client programs (Debian: postgresql-client)"
        )
    return str(candidates[-1])


def url_for(database):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER'] or 'postgres'}{password}@{host}/{database}"


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def render(database):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url_for(database),
        "PYTHONPATH": str(REPO_ROOT),
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", RENDER, *PAGES],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def restored_database():
    """A fresh database's name; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_fresh_database_serves_the_same_pages(restored_database, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    original = connection.settings_dict["NAME"]
    dump = tmp_path / "kennisdeling.dump"

    # The README's commands, word for word but for the names.
    run(postgresql_program("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}",
        url_for(original))  # fmt: skip
    db = connection.settings_dict
    run(postgresql_program("createdb"), "--host", db["HOST"] or "127.0.0.1",
        "--port", str(db["PORT"] or 5432), "--username", db["USER"] or "postgres",
        restored_database)  # fmt: skip
    run(postgresql_program("pg_restore"), "--no-owner", "--exit-on-error",
        f"--dbname={url_for(restored_database)}", str(dump))  # fmt: skip

    before = render(original)
    after = render(restored_database)

    for path in PAGES:
        assert before[path]["status"] == 200, path
        assert after[path]["status"] == before[path]["status"], path
        assert after[path]["main"] == before[path]["main"], path
    # The pages say something: the demo's seed question with its replies.
    seed = before[PAGES[2]]["main"]
    assert "polarisatie" in seed.lower()
    assert re.search(r"Farid Bouchlaghmi", seed)
